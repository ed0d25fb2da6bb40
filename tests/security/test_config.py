"""The shipped Streamlit config is hardened and the pinned Streamlit has every published security fix."""
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# CVE-2026-33682 (SSRF via UNC path in the component handler) is fixed in 1.54.0, the last advisory (reference §2.1).
LAST_SECURITY_FIX = Version("1.54.0")
HARDENED = {
    ("server", "enableXsrfProtection"): True,
    ("server", "enableCORS"): True,
    ("server", "enableStaticServing"): False,
    ("server", "fileWatcherType"): "none",
    ("server", "runOnSave"): False,
    ("browser", "gatherUsageStats"): False,
    # "none" hides type, message and traceback; false would mean "stacktrace" and still show the traceback.
    ("client", "showErrorDetails"): "none",
    ("client", "toolbarMode"): "viewer",
    ("client", "disableDataExport"): True,
}


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("option", "value"), HARDENED.items(), ids=[".".join(k) for k in HARDENED])
def test_config_option_is_hardened(config, option, value):
    section, name = option
    assert config.get(section, {}).get(name) == value


def test_streamlit_reads_the_shipped_config_as_intended(monkeypatch):
    from streamlit import config as st_config

    monkeypatch.chdir(ROOT)
    st_config.get_config_options(force_reparse=True)
    try:
        for (section, name), value in HARDENED.items():
            assert st_config.get_option(f"{section}.{name}") == value, f"{section}.{name}"
    finally:
        st_config.get_config_options(force_reparse=True)


def test_secrets_file_is_ignored_by_git_and_never_committed():
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().split()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "secrets.toml\n" not in tracked


def test_streamlit_is_pinned_at_or_above_the_last_security_fix():
    pins = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    streamlit = [p for p in pins if p.lower().startswith("streamlit")]
    assert len(streamlit) == 1 and "==" in streamlit[0], streamlit
    pinned = Version(streamlit[0].split("==")[1])
    assert pinned >= LAST_SECURITY_FIX
    assert Version(version("streamlit")) == pinned  # the tests ran against the pinned release
