"""Open files inside one folder only: no symbolic link, FIFO or device is followed or read, whatever is planted."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# NB O_NOFOLLOW makes opening a symbolic link fail (ELOOP) instead of reading its target; O_NONBLOCK keeps a FIFO
# from blocking the open, and the fstat check below then refuses it.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


class NotARegularFile(OSError):
    """A name inside the folder is a symbolic link, a folder, a FIFO or a device, not a plain file."""


@contextmanager
def open_folder(path: Path | str, parent_fd: int | None = None, follow: bool = True) -> Iterator[int]:
    """A descriptor of the folder, so every later open is relative to it (the folder cannot be swapped underneath).

    ``follow=False`` refuses a folder that is itself a symbolic link (a sub-folder someone could plant): ELOOP.
    """
    fd = os.open(path, _DIR_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0)), dir_fd=parent_fd)
    try:
        yield fd
    finally:
        os.close(fd)


def regular_files(folder_fd: int, suffix: str) -> list[str]:
    """Names of the plain files ending in ``suffix`` directly in the folder (links and other kinds are left out)."""
    names = []
    for name in sorted(os.listdir(folder_fd)):
        if not name.endswith(suffix):
            continue
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            names.append(name)
    return names


def open_text(name: str, folder_fd: int) -> IO[str]:
    """Open a plain file of the folder as UTF-8 text; raise NotARegularFile for anything else, OSError if absent."""
    return open(_open_plain(name, folder_fd), encoding="utf-8", newline="")


def open_bytes(name: str, folder_fd: int) -> IO[bytes]:
    """Open a plain file of the folder as bytes; raise NotARegularFile for anything else, OSError if absent."""
    return open(_open_plain(name, folder_fd), "rb")


def _open_plain(name: str, folder_fd: int) -> int:
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise NotARegularFile(f"{name!r} is not a file name inside the folder")
    try:
        fd = os.open(name, _READ_FLAGS, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotARegularFile(f"{name} is a symbolic link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(f"{name} is not a plain file")
    return fd


def read_plain_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a plain file (at most ``limit`` + 1 of them, so a caller can tell an oversized file), never
    through a symbolic link; NotARegularFile for a FIFO, device or folder, OSError if it cannot be opened."""
    fd = os.open(path, _READ_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotARegularFile(f"{Path(path).name} is not a plain file")
        return handle.read(limit + 1 if limit else -1)


def atomic_write(path: Path, payload: bytes) -> None:
    """Temp file in the same folder, fsync, os.replace: a reader sees the whole old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
