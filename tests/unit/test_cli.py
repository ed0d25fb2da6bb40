"""The export CLI writes the same bytes as the page download, and fails with one clear line."""
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.cli import main
from loaders.csv_export import to_csv_bytes
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import VIEWS, run_view

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_export_equals_the_view_bytes(view, tmp_path):
    out = tmp_path / f"{view}.csv"
    assert main(["export", view, "--out", str(out), "--pair", "ARM-KAZ", "--years", "2018-2023"]) == 0
    expected = to_csv_bytes(run_view(view, load_dataset(), Query(years=(2018, 2023))))
    assert out.read_bytes() == expected


def test_bad_pair_exits_nonzero_with_one_line_and_no_file(tmp_path):
    out = tmp_path / "x.csv"
    result = subprocess.run([sys.executable, "-m", "loaders", "export", "series", "--out", str(out),
                             "--pair", "ARM-XXX"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: unknown country code 'XXX': use ISO 3166 alpha-3, e.g. ARM"]
    assert not out.exists()
