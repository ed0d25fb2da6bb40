"""Trade-figure loaders: record schema, bundled snapshot, live sources, reconciliation views and CLI."""
import time

# NB read by `python -m loaders` before anything heavy is imported: a refresh's time budget covers the whole command.
IMPORTED_AT = time.monotonic()


def configure_pandas() -> None:
    """The application's pandas settings, set by its entry points (server, dashboard script, CLI), never on import.

    NB text columns held as Python strings, not Arrow arrays: the views filter and join many small frames, and every
    row selection of an Arrow text column is a separate Arrow call (about 30–45 % of a view's time on the bundled data).
    """
    import pandas as pd

    pd.set_option("mode.string_storage", "python")
