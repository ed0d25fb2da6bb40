"""CLI exports of a hostile snapshot: formula-looking text is defused, numbers are byte-identical, quoting survives."""
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders.csv_export import FORMULA_PREFIXES
from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import VIEWS, run_view
from tests.security.hostile import FORMULAS, QUOTING, build_hostile_snapshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_hostile_snapshot(tmp_path_factory.mktemp("hostile") / "snapshot")


# NB the world views over every year are a million rows (a minute to export): one year shows the same cells' handling
WORLD_YEARS = {"world": (2019, 2019), "reporters": (2019, 2019)}


def export(view: str, folder: Path, out: Path) -> bytes:
    env = {**os.environ, "TRADE_DATA_DIR": str(folder)}
    years = ["--years", "-".join(map(str, WORLD_YEARS[view]))] if view in WORLD_YEARS else []
    result = subprocess.run([sys.executable, "-m", "loaders", "export", view, "--out", str(out), *years], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def cells(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def assert_defused(raw: bytes) -> None:
    """No cell a spreadsheet would run: every cell starting with a trigger is a quote-prefixed text cell."""
    for row in cells(raw):
        for column, value in row.items():
            assert not value.startswith(FORMULA_PREFIXES) or _is_number(value), (column, value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_cli_export_is_defused_and_numbers_are_untouched(view, hostile, tmp_path):
    raw = export(view, hostile, tmp_path / f"{view}.csv")
    assert_defused(raw)
    frame = run_view(view, load_dataset(hostile), Query(years=WORLD_YEARS.get(view)))
    plain = cells(frame.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d").encode("utf-8"))
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    assert [{c: r[c] for c in numeric} for r in cells(raw)] == [{c: r[c] for c in numeric} for r in plain]


def test_dataset_export_keeps_every_payload_readable_after_its_quote(hostile, tmp_path):
    back = pd.read_csv(io.BytesIO(export("dataset", hostile, tmp_path / "d.csv")), dtype=str, keep_default_na=False)
    notes = set(back["note"])
    assert {"'" + f for f in FORMULAS} <= notes
    assert set(QUOTING) <= notes  # embedded quotes, commas and newlines survive RFC 4180 quoting unchanged
    assert not notes & set(FORMULAS)


def test_negative_numbers_stay_numbers(hostile, tmp_path):
    back = pd.read_csv(io.BytesIO(export("mirror", hostile, tmp_path / "m.csv")))
    assert pd.api.types.is_float_dtype(back["log_gap"]) and (back["log_gap"] < 0).any()
    assert pd.api.types.is_float_dtype(back["discrepancy_index"]) and (back["discrepancy_index"] < 0).any()
