"""Reading a snapshot folder: text stays text, blanks stay missing, bad files are named, TRADE_DATA_DIR is honoured."""
from pathlib import Path

import pandas as pd
import pytest

from loaders.store.snapshot import SnapshotError, data_dir, read_snapshot
from tests.factories import annual, write_snapshot


def test_leading_zeros_and_missing_values_survive_the_csv(tmp_path):
    folder = write_snapshot(tmp_path / "snap", [annual(2023, hs_code="0101", value_usd=None), annual(2022)])
    snap = read_snapshot(folder)
    assert snap.records["hs_code"].tolist() == ["0101", "TOTAL"]
    assert pd.isna(snap.records.loc[0, "value_usd"])
    assert snap.statements.empty and snap.events.empty


def test_non_numeric_value_names_file_row_and_column(tmp_path):
    folder = write_snapshot(tmp_path / "snap", [annual(2022), annual(2023, value_usd="12,5")])
    with pytest.raises(SnapshotError, match=r"test\.csv: row 3, column value_usd: not a number"):
        read_snapshot(folder)


def test_folder_without_records_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="has no records/ folder"):
        read_snapshot(tmp_path)


def test_trade_data_dir_points_at_another_snapshot(tmp_path, monkeypatch):
    folder = write_snapshot(tmp_path / "other", [annual(2001, value_usd=42.0)])
    monkeypatch.setenv("TRADE_DATA_DIR", str(folder))
    assert data_dir() == folder
    assert read_snapshot().records["value_usd"].tolist() == [42.0]


def test_importing_the_project_changes_no_pandas_option():
    import subprocess
    import sys

    code = ("import pandas as pd; before = pd.get_option('mode.string_storage'); "
            "import loaders, loaders.views, loaders.store.dataset, loaders.cli, dashboard.data, dashboard.charts; "
            "after = pd.get_option('mode.string_storage'); print(before, after); assert before == after")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr[-500:]
