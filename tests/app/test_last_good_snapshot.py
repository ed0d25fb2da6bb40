"""A snapshot file broken on disk while the app runs: the app keeps the last good figures and says why."""
from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"


def test_a_file_broken_after_a_good_load_keeps_the_last_good_snapshot(tmp_path, monkeypatch):
    folder = tmp_path / "snapshot"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("kg_nsc.csv"))
    monkeypatch.setenv("TRADE_DATA_DIR", str(folder))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and not at.warning
    kazakh = {m.label: m.value for m in at.metric}["KAZ reports (2023, turnover)"]
    assert kazakh == "$103.7 M"
    broken = folder / "records" / "kz_bns.csv"
    lines = broken.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace(",A,", ",Z,", 1), *lines[2:]]) + "\n", encoding="utf-8")
    at.run()
    assert not at.exception and not at.error
    assert [w.value for w in at.warning if "the last good copy is shown" in w.value and "kz_bns.csv" in w.value]
    assert {m.label: m.value for m in at.metric}["KAZ reports (2023, turnover)"] == kazakh
