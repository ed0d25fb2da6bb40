"""Each view's frame depends only on the query fields it declares (the dashboard caches it on those alone)."""
import dataclasses

import pandas as pd
import pytest

from loaders.query import BASIS_CHOICES, FLOW_CHOICES, FREQ_CHOICES, VINTAGE_CHOICES, Query
from loaders.store.snapshot import read_snapshot
from loaders.views import QUERY_FIELDS, VIEWS, view_query

OTHER_VALUES = {"years": [None, (2010, 2020), (2023, 2023)], "flow": FLOW_CHOICES, "basis": BASIS_CHOICES,
                "margin": [0.0, 0.05, 0.2], "freq": FREQ_CHOICES, "vintage": VINTAGE_CHOICES}
# Starting points where flow-, basis- and frequency-specific branches run.
BASES = [Query(), Query(freq="M", years=(2019, 2024)), Query(flow="turnover", basis="origin", vintage="first")]
# NB the world views over every year are a million rows: one year shows the same about their fields
WORLD_VIEWS = {"world", "reporters"}


@pytest.fixture(scope="module")
def bundled():
    return read_snapshot()


def test_every_view_declares_its_fields():
    query_fields = {f.name for f in dataclasses.fields(Query)} - {"pair"}
    assert set(QUERY_FIELDS) == set(VIEWS)
    assert all(set(fields) <= query_fields for fields in QUERY_FIELDS.values())
    assert set(OTHER_VALUES) == query_fields


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_undeclared_fields_do_not_change_the_frame(bundled, name):
    undeclared = [f for f in OTHER_VALUES if f not in QUERY_FIELDS[name]]
    for base in BASES:
        base = base.with_(years=(2019, 2019)) if name in WORLD_VIEWS else base
        expected = VIEWS[name](bundled, base)
        for field in undeclared:
            for value in OTHER_VALUES[field]:
                got = VIEWS[name](bundled, base.with_(**{field: value}))
                pd.testing.assert_frame_equal(got, expected, obj=f"{name} with {field}={value!r}")


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_query_keeps_the_declared_fields_and_the_pair(name):
    q = Query(pair=("KAZ", "ARM"), years=(2001, 2002), flow="export", basis="origin", margin=0.3, freq="M",
              vintage="first")
    kept = view_query(name, q)
    assert kept.pair == q.pair
    for field in OTHER_VALUES:
        assert getattr(kept, field) == (getattr(q, field) if field in QUERY_FIELDS[name]
                                        else getattr(Query(), field))
