"""The snapshot's Parquet cache: a hit serves the same records without re-reading the CSV; an edited, damaged or
foreign cache file is never served."""
import hashlib
import io
import os

import pandas as pd
import pytest

import loaders.store.snapshot as snapshot_module
from loaders.schema import RECORD_COLUMNS
from loaders.store.snapshot import read_snapshot
from loaders.store.snapshot_cache import cache_folder
from tests.factories import annual, write_snapshot


def entries() -> list:
    folder = cache_folder()
    return sorted(folder.glob("records-*.parquet")) if folder.is_dir() else []


@pytest.fixture
def folder(tmp_path):
    return write_snapshot(tmp_path / "snap", [annual(2022, hs_code="0101", value_usd=None), annual(2023)])


def forbid_csv_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the CSV was read although the cache is sound")

    monkeypatch.setattr(snapshot_module, "read_records", refuse)


def test_second_load_comes_from_the_cache_and_is_identical(folder, monkeypatch):
    first = read_snapshot(folder).records
    assert len(entries()) == 1
    forbid_csv_reading(monkeypatch)
    second = read_snapshot(folder).records
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    assert second["hs_code"].tolist() == ["0101", "TOTAL"] and pd.isna(second.loc[0, "value_usd"])


def test_an_edited_file_is_read_again(folder):
    read_snapshot(folder)
    path = folder / "records" / "test.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",100.0,", ",12345.0,"), encoding="utf-8")
    assert read_snapshot(folder).records["value_usd"].tolist()[1] == 12345.0


def test_an_added_file_is_read_and_a_bad_edit_is_still_refused(folder):
    read_snapshot(folder)
    pd.DataFrame([annual(2024, value_usd=7.0)], columns=RECORD_COLUMNS).to_csv(folder / "records" / "more.csv",
                                                                              index=False)
    assert 7.0 in read_snapshot(folder).records["value_usd"].tolist()
    (folder / "records" / "more.csv").write_text((folder / "records" / "more.csv").read_text().replace("ARM", "XXX"))
    with pytest.raises(snapshot_module.RecordError, match="more.csv"):
        read_snapshot(folder)


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_cache_file_is_ignored_and_replaced(folder, damage):
    expected = read_snapshot(folder).records
    (entry,) = entries()
    payload = entry.read_bytes()
    broken = {"truncate": payload[: len(payload) // 2], "empty": b"",
              "flip": payload[:100] + bytes([payload[100] ^ 0xFF]) + payload[101:]}[damage]
    entry.write_bytes(broken)
    pd.testing.assert_frame_equal(read_snapshot(folder).records, expected, check_exact=True)
    (fresh,) = entries()
    assert fresh.read_bytes() == payload


def test_a_planted_file_with_a_matching_checksum_but_other_columns_is_ignored(folder):
    expected = read_snapshot(folder).records
    (entry,) = entries()
    buffer = io.BytesIO()
    pd.DataFrame({"source": ["armstat"], "value_usd": [1e15]}).to_parquet(buffer, index=False)
    payload = buffer.getvalue()
    key = entry.name.split(".")[0]
    entry.unlink()
    (cache_folder() / f"{key}.{hashlib.sha256(payload).hexdigest()[:16]}.parquet").write_bytes(payload)
    pd.testing.assert_frame_equal(read_snapshot(folder).records, expected, check_exact=True)


def test_a_symlinked_cache_entry_is_not_followed(folder, tmp_path):
    expected = read_snapshot(folder).records
    (entry,) = entries()
    target = tmp_path / "elsewhere.parquet"
    entry.rename(target)
    os.symlink(target, entry)
    pd.testing.assert_frame_equal(read_snapshot(folder).records, expected, check_exact=True)
    assert not entry.is_symlink()


def test_an_unwritable_cache_location_does_not_stop_the_load(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("TRADE_CACHE_DIR", str(blocker))
    assert read_snapshot(folder).records["value_usd"].tolist()[1] == 100.0


@pytest.mark.parametrize(("column", "planted", "problem"), [
    ("value_usd", -5.0, "a negative value"),
    ("source_url", "javascript:alert(1)", "not an http(s) link"),
    ("partner", "XXX", "not an ISO 3166 alpha-3 code"),
    ("flow", "smuggled", "not a known flow"),
])
def test_a_planted_entry_with_the_right_columns_and_checksum_is_checked_like_a_fresh_load(folder, caplog, column,
                                                                                          planted, problem):
    expected = read_snapshot(folder).records
    (entry,) = entries()
    bad = expected.copy()
    bad.loc[1, column] = planted
    buffer = io.BytesIO()
    bad.to_parquet(buffer, index=False)
    payload = buffer.getvalue()
    key = entry.name.split(".")[0]
    entry.unlink()
    (cache_folder() / f"{key}.{hashlib.sha256(payload).hexdigest()[:16]}.parquet").write_bytes(payload)
    with caplog.at_level("WARNING", logger="loaders.store.snapshot_cache"):
        served = read_snapshot(folder).records
    pd.testing.assert_frame_equal(served, expected, check_exact=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "loaders.store.snapshot_cache"]
    assert len(lines) == 1 and f"row 3, column {column}: {problem}" in lines[0]
    assert planted not in read_snapshot(folder).records[column].tolist()  # the rebuilt entry serves the CSV's value
