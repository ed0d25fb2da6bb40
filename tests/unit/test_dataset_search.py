"""The Data page's search keeps only the records that contain every word typed."""
from __future__ import annotations

from loaders.query import Query
from loaders.views.dataset import dataset, rows_containing
from tests.factories import annual, snapshot

ROWS = [annual(2022, value_usd=1.0), annual(2023, value_usd=2.0),
        annual(2023, source="kz_bns", reporter="KAZ", partner="ARM", flow="import", partner_basis="unknown",
               valuation="unknown", value_usd=3.0)]


def test_every_word_must_match_in_some_cell_of_the_row():
    frame = dataset(snapshot(ROWS), Query())
    assert rows_containing(frame, "")["value_usd"].tolist() == [1.0, 2.0, 3.0]
    assert rows_containing(frame, "2023")["value_usd"].tolist() == [2.0, 3.0]
    assert rows_containing(frame, "KZ_BNS 2023")["value_usd"].tolist() == [3.0]  # any case, both words
    assert rows_containing(frame, "armstat import")["value_usd"].tolist() == []


def test_dates_are_searched_as_shown():
    frame = dataset(snapshot(ROWS), Query())
    assert rows_containing(frame, "2022-12-31")["value_usd"].tolist() == [1.0]
    assert rows_containing(frame, "00:00:00").empty
