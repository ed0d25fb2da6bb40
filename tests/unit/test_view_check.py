"""Pairs grouped by the shape of their data, and the check that runs every view for them."""
from __future__ import annotations

from loaders.cli import main
from loaders.view_check import check_views, one_pair_per_shape, pair_shapes
from loaders.views import VIEWS
from tests.factories import annual, snapshot

ROWS = [
    annual(2020, partner="KAZ"),
    annual(2020, partner="GEO", value_usd=5.0),  # the same shape as ARM-KAZ: Armstat's annual exports
    annual(2020, partner="KGZ"),
    annual(2020, partner="KGZ", flow="import", partner_basis="origin", valuation="CIF"),  # imports too: a new shape
    annual(2020, reporter="GEO", partner="AZE"),  # the reporter is the first code here: another side, a new shape
]


def test_pairs_with_the_same_records_but_values_share_a_shape():
    shapes = pair_shapes(snapshot(ROWS).records)
    assert shapes["ARM-KAZ"] == shapes["ARM-GEO"]
    assert shapes["ARM-KGZ"] != shapes["ARM-KAZ"]
    assert shapes["AZE-GEO"] != shapes["ARM-KAZ"]  # GEO reports, and GEO is the pair's second code


def test_one_pair_per_shape_in_the_pickers_order():
    # picker order: the default ARM-KAZ, then by names: Armenia – Georgia, Armenia – Kyrgyzstan, Azerbaijan – Georgia
    assert one_pair_per_shape(snapshot(ROWS)) == ["ARM-KAZ", "ARM-KGZ", "AZE-GEO"]


def test_a_failing_view_is_named_with_its_pair(monkeypatch):
    def broken(snap, q):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(VIEWS, "broken", broken)
    failures = check_views(snapshot(ROWS), ["ARM-KAZ", "AZE-GEO"], views=["series", "broken"])
    assert [str(f) for f in failures] == ["ARM-KAZ broken: RuntimeError: boom", "AZE-GEO broken: RuntimeError: boom"]


def test_the_command_fails_when_a_view_fails(monkeypatch, capsys):
    def broken(snap, q):
        raise RuntimeError("boom")

    monkeypatch.setitem(VIEWS, "broken", broken)
    monkeypatch.setattr("loaders.view_check.one_pair_per_shape", lambda dataset: ["ARM-KAZ"])
    assert main(["check-views", "--pairs", "shapes"]) == 1
    out, err = capsys.readouterr()
    assert "failed: ARM-KAZ broken: RuntimeError: boom" in err
    assert out.strip() == f"checked {len(VIEWS)} views for 1 pairs: 1 failure(s)"  # the registry and "broken"
