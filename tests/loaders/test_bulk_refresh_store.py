"""`refresh --source comtrade --hs 2|4` also writes the pair's HS rows into the product store (year=/reporter=)."""
from __future__ import annotations

import pytest

from loaders.cli import main
from loaders.store.bulk_ingest import ingest_folder
from loaders.store.bulk_store import PART_FILE, read_store
from tests.loaders.conftest import FAST, PREVIEW_A, json_reply
from tests.loaders.test_bulk_ingest import BULK


@pytest.fixture
def hs2_answers(server, monkeypatch, tmp_path):
    monkeypatch.setattr("loaders.http.HttpSettings", lambda: FAST)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADE_STORE_DIR", str(tmp_path / "store"))
    server.on(PREVIEW_A, json_reply("preview_A_51_398_2023_hs2_only.json"), query={"reporterCode": "51"})
    server.on(PREVIEW_A, json_reply("preview_A_398_51_2023_hs2_only.json"), query={"reporterCode": "398"})
    return tmp_path / "store"


def test_an_hs2_refresh_writes_both_reporters_partitions(hs2_answers, capsys):
    assert main(["refresh", "--source", "comtrade", "--years", "2023", "--hs", "2"]) == 0
    out, _ = capsys.readouterr()
    assert f"HS 2 rows also in the product store: 2 partition file(s) under {hs2_answers}" in out
    assert sorted(p.relative_to(hs2_answers).as_posix() for p in hs2_answers.rglob("*.parquet")) == [
        "year=2023/reporter=ARM/refresh-KAZ-A-hs2.parquet", "year=2023/reporter=KAZ/refresh-ARM-A-hs2.parquet"]
    records = read_store(hs2_answers).set_index(["reporter", "flow"])
    # NB the fixtures' own values: ARM exports 3456789 FOB and imports 234567 CIF; KAZ imports 3345678, exports 212345
    assert records["value_usd"].to_dict() == {("ARM", "export"): 3456789.0, ("ARM", "import"): 234567.0,
                                              ("KAZ", "import"): 3345678.0, ("KAZ", "export"): 212345.0}
    assert set(records["hs_code"]) == {"22"}


def test_a_refresh_never_overwrites_a_bulk_partition(hs2_answers):
    ingest_folder(BULK / "good", hs2_answers)
    bulk_part = hs2_answers / "year=2023" / "reporter=ARM" / PART_FILE
    before = bulk_part.read_bytes()
    assert main(["refresh", "--source", "comtrade", "--years", "2023", "--hs", "2"]) == 0
    assert bulk_part.read_bytes() == before
    assert main(["ingest", "comtrade-bulk", "--from", str(BULK / "good"), "--out", str(hs2_answers)]) == 0


def test_a_total_refresh_leaves_the_store_alone(comtrade_ok, monkeypatch, tmp_path):
    monkeypatch.setattr("loaders.http.HttpSettings", lambda: FAST)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADE_STORE_DIR", str(tmp_path / "store"))
    assert main(["refresh", "--source", "comtrade", "--years", "2023"]) == 0
    assert not (tmp_path / "store").exists()
