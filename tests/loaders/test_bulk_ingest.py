"""`python -m loaders ingest comtrade-bulk`: bulk files into the year=/reporter= Parquet store, hand-computed values."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from loaders.cli import main
from loaders.store.bulk_ingest import ingest_folder
from loaders.store.bulk_store import PART_FILE, open_store, read_store
from tests.loaders.bulk_files import bulk_name, bulk_row, bulk_text, write_bulk_file

BULK = Path(__file__).resolve().parent / "fixtures" / "comtrade_bulk"
KAZ_2023 = "COMTRADE-FINAL-CA3982023H6[2024-04-20].gz"
# NB hand counts from build.py: one record per row, two for KAZ 2022's rows with both CIF and FOB, none for ARM 2023's
# World row and its transport-mode breakdown row
ROWS = {"year=2022/reporter=ARM": 5, "year=2023/reporter=ARM": 9, "year=2022/reporter=KAZ": 5,
        "year=2023/reporter=KAZ": 6}


def folder_with(tmp_path: Path, bad_case: str | None = None) -> Path:
    """The four good files, KAZ 2023 swapped for the variant of ``bad_case`` when given."""
    folder = tmp_path / "in"
    shutil.copytree(BULK / "good", folder)
    if bad_case:
        shutil.copy(BULK / bad_case / KAZ_2023, folder / KAZ_2023)
    return folder


def part_files(store: Path) -> dict[str, int]:
    return {str(p.parent.relative_to(store)): p.stat().st_mtime_ns for p in sorted(store.glob(f"*/*/{PART_FILE}"))}


def one(frame: pd.DataFrame, **where) -> float:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, where
    return float(rows["value_usd"].iloc[0])


def test_every_partition_is_written_with_its_rows(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["ingest", "comtrade-bulk", "--from", str(BULK / "good"), "--out", str(store)]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == f"4 partition(s) written (25 records), 0 unchanged, 0 file(s) failed, in {store}"
    records = read_store(store)
    counts = records.groupby([records["period_start"].dt.year, "reporter"]).size()
    assert {f"year={y}/reporter={r}": n for (y, r), n in counts.items()} == ROWS
    assert set(part_files(store)) == set(ROWS)


def test_values_are_the_files_values_each_at_its_own_level(tmp_path):
    ingest_folder(BULK / "good", tmp_path)
    records = read_store(tmp_path)
    arm_x_2023 = records[(records["reporter"] == "ARM") & (records["flow"] == "export")
                         & (records["period_start"] == pd.Timestamp(2023, 1, 1))]
    # NB each level as its own row: HS2 87 is 600000, never 600000 + its HS4 500000 + its HS6 300000 + 200000
    assert dict(zip(arm_x_2023["hs_code"], arm_x_2023["value_usd"])) == {
        "TOTAL": 1000000.0, "87": 600000.0, "8703": 500000.0, "870323": 300000.0, "870324": 200000.0,
        "22": 400000.0, "2208": 400000.0}
    assert set(arm_x_2023["valuation"]) == {"FOB"} and set(arm_x_2023["partner"]) == {"KAZ"}
    # NB the TOTAL is the file's TOTAL row: not the World row (5000000), not plus the rail breakdown (700000)
    assert one(arm_x_2023, hs_code="TOTAL") == 1000000.0
    kaz = records[(records["reporter"] == "KAZ") & (records["period_start"] == pd.Timestamp(2022, 1, 1))]
    assert one(kaz, flow="import", hs_code="TOTAL", valuation="CIF") == 900000.0
    assert one(kaz, flow="import", hs_code="TOTAL", valuation="FOB") == 880000.0
    assert one(kaz, flow="import", hs_code="87", valuation="FOB") == 540000.0
    assert records["estimated"].dtype == bool and not records["estimated"].any()
    assert set(records["vintage"].dt.date.astype(str)) == {"2023-06-15", "2024-05-01", "2023-07-01", "2024-04-20"}


def test_a_rerun_skips_unchanged_partitions_and_rewrites_a_changed_one(tmp_path):
    folder, store = folder_with(tmp_path), tmp_path / "store"
    assert ingest_folder(folder, store).written == ROWS
    before = part_files(store)
    again = ingest_folder(folder, store)
    assert again.written == {} and sorted(again.skipped) == sorted(ROWS) and part_files(store) == before
    rows = [bulk_row(398, 51, 2023, "M", "TOTAL", cif=1.0)]
    write_bulk_file(folder / KAZ_2023, bulk_text(rows))
    third = ingest_folder(folder, store)
    assert third.written == {"year=2023/reporter=KAZ": 1} and len(third.skipped) == 3
    after = part_files(store)
    assert {k for k in after if after[k] != before[k]} == {"year=2023/reporter=KAZ"}


@pytest.mark.parametrize("case, message", [
    ("bad_value", f"failed: {KAZ_2023}: line 4, column cifvalue: '560,000.0' is not a number"),
    ("other_reporter", f"failed: {KAZ_2023}: line 2, column reporterCode: 51 but the file name says 398"),
])
def test_a_bad_file_fails_its_partition_only_naming_file_and_line(tmp_path, capsys, case, message):
    store = tmp_path / "store"
    assert main(["ingest", "comtrade-bulk", "--from", str(folder_with(tmp_path, case)), "--out", str(store)]) == 1
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if line.startswith("failed:")] == [message]
    assert out.startswith("3 partition(s) written (19 records), 0 unchanged, 1 file(s) failed")
    assert set(part_files(store)) == set(ROWS) - {"year=2023/reporter=KAZ"}


def test_a_truncated_gzip_names_the_line_where_the_data_breaks(tmp_path):
    report = ingest_folder(folder_with(tmp_path, "truncated"), tmp_path / "store")
    assert len(report.failed) == 1
    failure = report.failed[0]
    assert failure.startswith(f"{KAZ_2023}: line ") and "gzip stream is cut off" in failure
    line = int(failure.split("line ")[1].split(":")[0])
    assert 100 < line < 3007  # NB the file has 3006 data lines; half its bytes were kept
    assert len(report.written) == 3


def test_a_bad_file_leaves_the_partition_written_before(tmp_path):
    folder, store = folder_with(tmp_path), tmp_path / "store"
    ingest_folder(folder, store)
    kaz = store / "year=2023" / "reporter=KAZ" / PART_FILE
    old = kaz.read_bytes()
    shutil.copy(BULK / "bad_value" / KAZ_2023, folder / KAZ_2023)
    report = ingest_folder(folder, store)
    assert len(report.failed) == 1 and len(report.skipped) == 3 and kaz.read_bytes() == old


def test_a_code_at_another_level_than_its_aggr_level_is_refused(tmp_path):
    row = bulk_row(51, 398, 2023, "X", "8703", fob=5.0)
    row["aggrLevel"] = 2
    folder = tmp_path / "in"
    folder.mkdir()
    write_bulk_file(folder / bulk_name(51, "2023", "2024-05-01"), bulk_text([row]))
    report = ingest_folder(folder, tmp_path / "store")
    assert report.failed == ["COMTRADE-FINAL-CA0512023H6[2024-05-01].gz: line 2, column cmdCode: '8703' is not an HS "
                             "code at aggrLevel 2"]


def test_a_negative_value_names_its_line(tmp_path):
    rows = [bulk_row(51, 398, 2023, "X", "TOTAL", fob=5.0), bulk_row(51, 398, 2023, "X", "87", fob=-3.0)]
    folder = tmp_path / "in"
    folder.mkdir()
    write_bulk_file(folder / bulk_name(51, "2023", "2024-05-01"), bulk_text(rows))
    [failure] = ingest_folder(folder, tmp_path / "store").failed
    assert failure.startswith("COMTRADE-FINAL-CA0512023H6[2024-05-01].gz: line 3: ") and "-3.0" in failure


def test_decompressed_txt_files_give_the_same_records(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (BULK / "good").iterdir():
        (folder / path.name.replace(".gz", ".txt")).write_bytes(gzip.decompress(path.read_bytes()))
    ingest_folder(folder, tmp_path / "txt")
    ingest_folder(BULK / "good", tmp_path / "gz")
    pd.testing.assert_frame_equal(read_store(tmp_path / "txt"), read_store(tmp_path / "gz"))


def test_two_editions_of_one_period_are_refused_not_doubled(tmp_path):
    folder = folder_with(tmp_path)
    shutil.copy(folder / KAZ_2023, folder / KAZ_2023.replace("2024-04-20", "2024-09-01"))
    report = ingest_folder(folder, tmp_path / "store")
    assert len(report.failed) == 1 and "second file for period 2023" in report.failed[0]
    assert len(report.written) == 3


def test_the_store_reads_back_with_pyarrow_hive_partitioning(tmp_path):
    from loaders.schema import validate_records
    from loaders.sources.comtrade_bulk import parse_file_name, read_bulk_file

    ingest_folder(BULK / "good", tmp_path)
    plain = ds.dataset(tmp_path, format="parquet", partitioning="hive")
    assert plain.to_table(filter=ds.field("reporter") == "ARM").num_rows == 14
    assert open_store(tmp_path).to_table(filter=ds.field("year") == 2022).num_rows == 10
    expected = validate_records(pd.concat([read_bulk_file(parse_file_name(p))[0]
                                           for p in sorted((BULK / "good").iterdir())]), origin="files")
    key = ["reporter", "period_start", "flow", "hs_code", "valuation"]
    got = read_store(tmp_path).sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(got, expected.sort_values(key, ignore_index=True))
