"""Screenshots of every page from the real app in headless Chromium, at desktop (1440 px) and phone (390 px) width.

Run: python tools/screenshots.py [OUT_DIR] [--pair ARM-KAZ] [--scale 0.5]. Starts the dashboard on the bundled data
on a free loopback port, opens each page by its URL and writes OUT_DIR/<page>-<pair>-<width>.png (default OUT_DIR:
.cache/screenshots). The README's images: python tools/screenshots.py docs/screenshots --scale 0.5
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import APP_READY, CHROMIUM_ARGS, StreamlitServer, chromium_path, wait_for_app  # noqa: E402

PAGES = ["overview", "mirror", "bridge", "reconciled", "statements", "revisions", "world", "data"]
# NB tall viewports: Streamlit scrolls inside its main block, so a full-page shot is only one viewport high.
WIDTHS = {"desktop": (1440, 2600), "phone": (390, 3200)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / ".cache" / "screenshots")
    parser.add_argument("--pair", default="ARM-KAZ", help="ISO3 codes, e.g. KAZ-KGZ")
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the images (e.g. 0.5 for the README)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server = StreamlitServer({"TRADE_DATA_DIR": str(ROOT / "data")})
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for view in args.pages:
                    page.goto(f"{server.url}/{'' if view == 'overview' else view}?pair={args.pair}")
                    # NB the Data page draws no chart: it is ready when the script has finished.
                    wait_for_app(page) if view != "data" else page.wait_for_selector(APP_READY, timeout=60_000)
                    page.wait_for_timeout(500)
                    path = args.out / f"{view}-{args.pair}-{name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    if args.scale != 1.0:
                        shrink(path, args.scale)
                    print(path)
                page.close()
            browser.close()
    finally:
        server.stop()


def shrink(path: Path, scale: float) -> None:
    """Resize a PNG in place (Pillow comes with Streamlit) and keep a 128-colour palette: a README image of ~100 KB."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    small.convert("RGB").quantize(128).save(path, optimize=True)


if __name__ == "__main__":
    main()
