"""The snapshot folder: only plain files directly inside it are read, and a bad TRADE_DATA_DIR is one clear error."""
import os

import pandas as pd
import pytest

from loaders.store import snapshot as snapshot_module
from loaders.store.safe_files import NotARegularFile, open_folder, open_text
from loaders.store.snapshot import SnapshotError, data_dir, read_snapshot
from tests.factories import annual, write_snapshot


@pytest.fixture
def secret(tmp_path):
    """A records file outside the snapshot with a figure that must never be read (42)."""
    outside = write_snapshot(tmp_path / "outside", [annual(2001, value_usd=42.0)])
    return outside / "records" / "test.csv"


@pytest.fixture
def folder(tmp_path):
    return write_snapshot(tmp_path / "snap", [annual(2023)])


def test_symlinked_record_file_is_not_read(folder, secret):
    (folder / "records" / "planted.csv").symlink_to(secret)
    assert read_snapshot(folder).records["value_usd"].tolist() == [100.0]


def test_symlinked_records_folder_is_refused(tmp_path, secret):
    folder = tmp_path / "snap"
    folder.mkdir()
    (folder / "records").symlink_to(secret.parent)
    with pytest.raises(SnapshotError, match="records/ is a symbolic link"):
        read_snapshot(folder)


@pytest.mark.parametrize("name", ["statements.csv", "events.csv"])
def test_symlinked_statements_or_events_are_ignored(folder, tmp_path, name):
    target = tmp_path / "elsewhere.csv"
    pd.DataFrame({"source_url": ["https://example.org/leak"]}).to_csv(target, index=False)
    (folder / name).symlink_to(target)
    snap = read_snapshot(folder)
    assert snap.statements.empty and snap.events.empty


def test_fifo_in_records_is_skipped_without_blocking(folder):
    os.mkfifo(folder / "records" / "pipe.csv")
    assert len(read_snapshot(folder).records) == 1


def test_a_relative_path_to_a_real_file_outside_is_refused_by_name(folder, secret):
    name = "../../outside/records/test.csv"
    assert (folder / "records" / name).resolve() == secret.resolve()  # it leads to the secret: only the guard stops it
    with open_folder(folder / "records") as records, pytest.raises(NotARegularFile, match="not a file name"):
        open_text(name, records).close()


def test_an_absolute_path_to_a_real_file_is_refused_by_name(folder, secret):
    with open_folder(folder / "records") as records, pytest.raises(NotARegularFile, match="not a file name"):
        open_text(str(secret), records).close()


@pytest.mark.parametrize("name", ["/etc/passwd", "a\0b.csv", "..", ".", "", "x" * 300 + ".csv", "..\\..\\x.csv"])
def test_names_from_outside_never_leave_the_folder(folder, secret, name):
    with open_folder(folder / "records") as records, pytest.raises(OSError):
        open_text(name, records).close()


def test_open_text_refuses_a_symlink_even_by_direct_name(folder, secret):
    (folder / "records" / "planted.csv").symlink_to(secret)
    with open_folder(folder / "records") as records, pytest.raises(NotARegularFile, match="symbolic link"):
        open_text("planted.csv", records)


@pytest.mark.parametrize(("value", "message"), [
    ("/no/such/folder", "names no folder"),
    ("~no-such-user-xyz/snap", "cannot be used"),
    ("/" + "x" * 5000, "cannot be used"),
])
def test_bad_trade_data_dir_is_a_clear_error(monkeypatch, value, message):
    monkeypatch.setenv("TRADE_DATA_DIR", value)
    with pytest.raises(SnapshotError, match=message) as error:
        data_dir()
    assert "/no/such" not in str(error.value)  # the message names the folder, not the server's paths


def test_trade_data_dir_that_is_a_file_is_a_clear_error(monkeypatch, secret):
    monkeypatch.setenv("TRADE_DATA_DIR", str(secret))
    with pytest.raises(SnapshotError, match="names no folder"):
        data_dir()


def test_unreadable_trade_data_dir_is_a_clear_error(monkeypatch, folder):
    # NB tests may run as root, which reads any folder; stand in for the permission check the OS would make.
    monkeypatch.setattr(snapshot_module.os, "access", lambda path, mode: False)
    monkeypatch.setenv("TRADE_DATA_DIR", str(folder))
    with pytest.raises(SnapshotError, match="not readable"):
        data_dir()


def test_folder_that_cannot_be_opened_is_a_snapshot_error(monkeypatch, folder):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("loaders.store.safe_files.os.open", denied)
    with pytest.raises(SnapshotError, match=r"cannot be read \(PermissionError\)"):
        read_snapshot(folder)
