"""Trade-figure loaders: record schema, bundled snapshot, live sources, reconciliation views and CLI."""
import os
import time


def _process_started() -> float:
    """When this process started, on the monotonic clock: from /proc on Linux, so that the interpreter's own start-up
    counts too (seconds under load); elsewhere, now."""
    now = time.monotonic()
    try:
        with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as uptime:
            # NB field 22, starttime in clock ticks since boot; counted after the ')' that ends the command name
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            age = float(uptime.read().split()[0]) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return now
    # NB at most 10 s: an odd /proc (some sandboxes) must not eat a refresh's budget before it starts
    return now - min(max(age, 0.0), 10.0)


# NB read by `python -m loaders`: a refresh's time budget covers the whole command, interpreter start-up included
STARTED_AT = _process_started()


def configure_pandas() -> None:
    """The application's pandas settings, set by its entry points (server, dashboard script, CLI), never on import.

    NB text columns held as Python strings, not Arrow arrays: the views filter and join many small frames, and every
    row selection of an Arrow text column is a separate Arrow call (about 30–45 % of a view's time on the bundled data).
    """
    import pandas as pd

    pd.set_option("mode.string_storage", "python")
