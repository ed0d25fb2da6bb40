"""Pickles planted in the cache folders, under the names the caches use, are never unpickled by the CLI or the app."""
import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


class _Payload:
    """Unpickling this creates the marker file: the proof that something unpickled it."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def plant(cache: Path, marker: Path) -> None:
    payload = pickle.dumps(_Payload(marker))
    digest = hashlib.sha256(payload).hexdigest()
    for folder in (cache, cache / "comtrade", cache / "imf_imts", cache / "snapshot"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("cache.pkl", "cache.pickle", "records.parquet", "ARM-KAZ_A_TOTAL.parquet"):
            (folder / name).write_bytes(payload)
    # Names the caches would read, with checksums that match the planted bytes.
    (cache / "snapshot" / f"records-{'0' * 32}.{digest[:16]}.parquet").write_bytes(payload)
    (cache / "comtrade" / f"ARM-KAZ_A_TOTAL.{digest[:16]}.parquet").write_bytes(payload)
    sidecar = {"schema_version": 1, "source": "comtrade", "key": "ARM-KAZ_A_TOTAL", "sha256": digest, "rows": 1,
               "data_file": f"ARM-KAZ_A_TOTAL.{digest[:16]}.parquet", "retrieved_at": "2026-01-01T00:00:00+00:00",
               "request": {}, "urls": []}
    (cache / "comtrade" / "ARM-KAZ_A_TOTAL.json").write_text(json.dumps(sidecar))


def test_cli_export_never_unpickles_a_planted_file(tmp_path):
    cache, marker = tmp_path / "cache", tmp_path / "UNPICKLED"
    plant(cache, marker)
    env = {**os.environ, "TRADE_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "loaders", "export", "dataset", "--out", str(tmp_path / "d.csv")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


def test_dashboard_never_unpickles_a_planted_file(tmp_path, monkeypatch):
    cache, marker = tmp_path / "cache", tmp_path / "UNPICKLED"
    plant(cache, marker)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(cache))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    at.switch_page("dashboard/pages/data.py").run()
    assert not at.exception
    assert not marker.exists()


def test_the_planted_payload_does_work_when_unpickled(tmp_path):
    marker = tmp_path / "UNPICKLED"
    pickle.loads(pickle.dumps(_Payload(marker)))  # the control: without it the tests above could pass vacuously
    assert marker.exists()
