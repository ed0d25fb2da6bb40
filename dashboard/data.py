"""Cached access to the dataset and the views for the pages (the only place pages get data from)."""
from __future__ import annotations

from dataclasses import astuple

import pandas as pd
import streamlit as st

from loaders.query import DEFAULT_MARGIN, DEFAULT_PAIR, Query
from loaders.schema import RecordError
from loaders.store.dataset import load_dataset
from loaders.store.snapshot import Snapshot, data_dir
from loaders.store.world import FLOWS_NAME, MANIFEST_NAME, WORLD_FOLDER, WORLD_NAME
from loaders.views import bridge_summary as summaries
from loaders.views import product_summary as products
from loaders.views import run_view, view_query
from loaders.views.statement_display import statements_shown


def _folder_signature() -> tuple:
    """Changes when a snapshot file or a refresh-cache entry changes, so new data (also from a CLI refresh while the
    app runs) is reloaded without a restart."""
    from loaders.store.cache import signature as cache_signature

    folder = data_dir()
    files = sorted([*folder.glob("records/*.csv"), *folder.glob("records/*.parquet")])
    files += [folder / "statements.csv", folder / "events.csv",
              *(folder / WORLD_FOLDER / name for name in (WORLD_NAME, FLOWS_NAME, MANIFEST_NAME))]
    snapshot_files = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file())
    return str(folder), snapshot_files, cache_signature()


@st.cache_resource(show_spinner="Loading the trade figures…", max_entries=8)
def _snapshot(signature: tuple, pair: tuple[str, str]) -> Snapshot:
    return load_dataset(pair=pair)


@st.cache_resource
def _last_good() -> dict:
    """The signature of the last snapshot that loaded, and why the newer files could not be (shared by sessions)."""
    return {}


def _usable_signature(pair: tuple[str, str]) -> tuple:
    """The current files' signature if they load; else the last good one's, so a bad file on disk never takes down
    the figures already shown (the reason is kept for snapshot_problem)."""
    from loaders.store.cache import store_dir
    from loaders.store.pair_products import pair_store_signature

    signature, last = (*_folder_signature(), pair_store_signature(store_dir(), pair)), _last_good()
    if signature == last.get("failed"):  # NB tried once per change of the files, not once per view
        return last["signature"]
    try:
        _snapshot(signature, pair)
    except RecordError as exc:
        if "signature" not in last:
            raise
        last.update(failed=signature, problem=str(exc))
        return last["signature"]
    last.update(signature=signature, problem=None, failed=None)
    return signature


def snapshot(pair: tuple[str, str] = DEFAULT_PAIR) -> Snapshot:
    """The current dataset for a pair: the small sources whole, the bulk ones' rows of the pair, the whole folder's
    coverage (shared, read-only: views never mutate their input)."""
    return _snapshot(_usable_signature(pair), pair)


def snapshot_problem() -> str | None:
    """Why the files on disk are not the ones shown (the last good snapshot is), or None."""
    return _last_good().get("problem")


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs={Query: astuple})
def _view(name: str, q: Query, signature: tuple) -> pd.DataFrame:
    return run_view(name, _snapshot(signature, q.pair), q)


def view(name: str, q: Query) -> pd.DataFrame:
    """A view's frame for the query, cached per (view, the query fields it reads, snapshot version)."""
    return _view(name, view_query(name, q), _usable_signature(q.pair))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Query: astuple})
def _world_ranking(q: Query, by: str, country: str, flow: str, min_usd: float, genuine_only: bool,
                   signature: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    from loaders.world.ranking import pair_rank, ranked_gaps

    world = run_view("world", _snapshot(signature, q.pair), q)
    return ranked_gaps(world, by, country or None, flow, min_usd, genuine_only), pair_rank(world, q.pair, by)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs={Query: astuple})
def _world_countries(q: Query, signature: tuple) -> list[str]:
    from loaders.world.ranking import ranking_countries

    return ranking_countries(run_view("world", _snapshot(signature, q.pair), q))


def world_countries(q: Query) -> list[str]:
    """Every country in the world view of the query's year(s), for the World page's country filter."""
    return _world_countries(view_query("world", q), _usable_signature(q.pair))


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs={Query: astuple})
def _world_matrix(q: Query, signature: tuple) -> pd.DataFrame:
    from loaders.world.ranking import gap_matrix

    return gap_matrix(run_view("world", _snapshot(signature, q.pair), q), also=q.pair)


def world_matrix(q: Query) -> pd.DataFrame:
    """The gap matrix of the year's largest traders and the pair's two countries (loaders/world/ranking.py)."""
    return _world_matrix(view_query("world", q), _usable_signature(q.pair))


def world_ranking(q: Query, by: str, country: str, flow: str, min_usd: float,
                  genuine_only: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For the query's year(s): the world view's flows ranked and filtered, and the pair's rank
    (loaders/world/ranking.py), cached per setting so a rerun that changes none of them computes nothing."""
    # NB keyed on the fields the world view reads (and the pair, for its rank): not the margin, frequency, ...
    return _world_ranking(view_query("world", q), by, country, flow, float(min_usd), bool(genuine_only),
                          _usable_signature(q.pair))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Query: astuple})
def _shown_statements(q: Query, signature: tuple) -> pd.DataFrame:
    return statements_shown(_view("statements", q, signature))


def shown_statements(q: Query) -> pd.DataFrame:
    """The statements view as the Statements page shows it, every cell text (statement_display.statements_shown),
    cached like the view, so a rerun for a setting the statements do not read formats nothing again."""
    return _shown_statements(view_query("statements", q), _usable_signature(q.pair))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Query: astuple})
def _bridge_choices(q: Query, signature: tuple, _bars: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series | None]:
    choices = summaries.bridge_choices(_bars)
    return choices, None if choices.empty else summaries.default_bridge(choices)


def bridge_choices(q: Query) -> tuple[pd.DataFrame, pd.Series | None]:
    """The bridges to pick from and the one a page opens on (bridge_summary), once per setting that can change them.

    NB keyed at the default margin whatever the sidebar's, and listed from the bars at the sidebar's margin (the
    page's own, already computed; the leading underscore keeps them out of the key): the margin moves a bridge's
    bars, never which bridges exist or whether they are complete, so a new margin neither lists them again nor
    computes the view a second time at the default margin."""
    return _bridge_choices(view_query("bridge", q.with_(margin=DEFAULT_MARGIN)), _usable_signature(q.pair),
                           view("bridge", q))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Query: astuple})
def _product_composition(q: Query, year: int | None, direction: str,
                         signature: tuple) -> tuple[pd.DataFrame, str, str]:
    lines = _view("products", q, signature)
    shown = products.composition(lines, year, direction)
    return shown, products.composition_sentence(lines, shown, q.pair), products.composition_title(lines, shown)


def product_composition(q: Query, year: int | None, direction: str) -> tuple[pd.DataFrame, str, str]:
    """The products view's lines shown for one year and direction, what they say in words and the chart's title
    (product_summary)."""
    return _product_composition(view_query("products", q), year, direction, _usable_signature(q.pair))
