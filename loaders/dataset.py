"""Dataset assembly: the bundled (or TRADE_DATA_DIR) snapshot of real figures."""
from __future__ import annotations

from pathlib import Path

from loaders.snapshot import Snapshot, read_snapshot


def load_dataset(folder: Path | None = None) -> Snapshot:
    """The snapshot the app and CLI work on."""
    return read_snapshot(folder)
