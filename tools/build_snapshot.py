"""Rebuild data/ (record CSVs, Parquet for bulk sources, statements, events) from the cited reference files in ../shared/reference/.

Run: python tools/build_snapshot.py [REFERENCE_DIR] [OUT_DIR]. Nothing is estimated: values are copied
(thousands or millions converted to USD) and each row carries its source URL, vintage and the copy it was read from.
"""
from __future__ import annotations

import calendar
import io
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders import configure_pandas  # noqa: E402
from loaders.schema import RECORD_COLUMNS, validate_records  # noqa: E402
from loaders.sources.armstat import read_armstat  # noqa: E402
from loaders.sources.files import usd  # noqa: E402
from loaders.sources.imf_dots_world import read_imf_dots_world  # noqa: E402
from loaders.sources.kg_nsc import read_kg_nsc  # noqa: E402
from loaders.sources.kz_bns import read_kz_bns  # noqa: E402
from loaders.store.safe_files import atomic_write  # noqa: E402

STATEMENTS_PAIR = "ARM-KAZ"
BULK_ROW_GROUP = 8192
WORLD_FILE = "world/imf_dots_world.parquet"
WORLD_MANIFEST = "world/imf_dots_world.json"
WORLD_FLOWS = "world/imf_dots_world_flows.parquet"
REPORTER_SIGMA = "world/reporter_sigma.csv"
# NB a direction of a pair is at most 122 rows: small row groups make a pair's look-up read a few thousand rows, not
# tens of thousands (its cost is in decoding the groups it touches)
WORLD_ROW_GROUP = 2048
# NB the companion in year order: a year (at most ~30,000 flows) spans a few row groups, which its statistics name
FLOWS_ROW_GROUP = 8192
FLOWS_ORDER = ["year", "exporter", "importer"]
IMF_DOTS_URL = "https://data.imf.org/"
COMTRADE_URL = "https://comtradeapi.un.org/data/v1/get/C/M/HS"


def month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def imf_dots(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "imf_dots_am_kz_annual.csv", keep_default_na=False)
    rows = []
    for r in raw.itertuples(index=False):
        basis = "destination" if r.flow == "export" else "origin"
        flag = "; IMF estimate (flag e)" if r.imf_flag == "e" else ""
        rows.append({
            "source": "imf_dots", "reporter": r.reporter, "partner": r.partner, "flow": r.flow,
            "partner_basis": basis, "valuation": r.valuation, "freq": "A",
            "period_start": f"{r.year}-01-01", "period_end": f"{r.year}-12-31", "hs_code": "TOTAL",
            "value_usd": usd(float(r.value_usd_millions) * 1e6), "vintage": r.copy_date,
            "source_url": IMF_DOTS_URL, "confidence": "A", "estimated": r.imf_flag == "e",
            "note": f"IMF Direction of Trade Statistics, sheet '{r.sheet}', US$ millions x 1e6{flag}; copy https://{r.copy}",
        })
    return pd.DataFrame(rows)


def comtrade_hs8703(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "comtrade_arm_reporter_kaz_partner_hs8703_monthly.csv",
                      dtype={"commodity_code": str}, keep_default_na=False)
    copy = "https://github.com/tavad/tvyal_newsletter/blob/0212ca39ea9a/2024/2024_01_19_vehicle_reexports/vehicle_trade_armenia.csv"
    rows = []
    for r in raw.itertuples(index=False):
        rows.append({
            "source": "comtrade", "reporter": "ARM", "partner": r.partner_iso, "flow": "export",
            "partner_basis": "destination", "valuation": "FOB", "freq": "M",
            "period_start": f"{r.year:04d}-{r.month:02d}-01", "period_end": month_end(r.year, r.month),
            "hs_code": r.commodity_code, "value_usd": usd(r.trade_value_us), "vintage": "2024-01-19",
            "source_url": COMTRADE_URL, "confidence": "A", "estimated": False,
            "note": f"UN Comtrade HS{r.aggregate_level} {'aggregate' if r.aggregate_level == 4 else 'detail'} row; "
                    f"mode of transport {r.mot_code} {r.mot_desc}; copy {copy}",
        })
    return pd.DataFrame(rows)


# Kazakhstan's side after 2020 and its partial periods exist only as officially quoted figures.
KZ_QUOTED = [
    # statement_id, flow, basis, valuation, freq, start, end, confidence
    ("neo-2024-kz", "turnover", "unknown", "unknown", "A", "2023-01-01", "2023-12-31", "B"),
    ("neo-2024-kz-2022", "turnover", "unknown", "unknown", "A", "2022-01-01", "2022-12-31", "C"),
    ("kz-gov-2010-exports", "export", "destination", "unknown", "P", "2010-01-01", "2010-10-31", "C"),
    ("kz-gov-2010-imports", "import", "unknown", "unknown", "P", "2010-01-01", "2010-10-31", "C"),
    ("nazarbaev-2006", "turnover", "unknown", "unknown", "P", "2006-01-01", "2006-08-31", "B"),
    ("nazarbaev-2006-imports", "import", "unknown", "unknown", "P", "2006-01-01", "2006-08-31", "B"),
]
KZ_GOV_2010_TOTAL = ("turnover", "2010-01-01", "2010-10-31", 9_600_000.0)


def kz_official(statements: pd.DataFrame) -> pd.DataFrame:
    by_id = statements.set_index("statement_id")
    rows = []
    for sid, flow, basis, valuation, freq, start, end, confidence in KZ_QUOTED:
        s = by_id.loc[sid]
        rows.append({
            "source": "kz_official", "reporter": "KAZ", "partner": "ARM", "flow": flow, "partner_basis": basis,
            "valuation": valuation, "freq": freq, "period_start": start, "period_end": end, "hs_code": "TOTAL",
            "value_usd": float(s.value_usd), "vintage": s.published, "source_url": s.source_url,
            "confidence": confidence, "estimated": False,
            "note": f"official figure as quoted by {s.speaker_or_outlet} (statement {sid})",
        })
    src = by_id.loc["kz-gov-2010-exports"]
    flow, start, end, value = KZ_GOV_2010_TOTAL
    rows.append({
        "source": "kz_official", "reporter": "KAZ", "partner": "ARM", "flow": flow, "partner_basis": "unknown",
        "valuation": "unknown", "freq": "P", "period_start": start, "period_end": end, "hs_code": "TOTAL",
        "value_usd": value, "vintage": src.published, "source_url": src.source_url, "confidence": "C",
        "estimated": False, "note": "total as quoted by Central Asia Newswire citing Kazakh government data (7.1 + 2.5 = 9.6 M)",
    })
    return pd.DataFrame(rows)


EVENTS = [
    ("eaeu-accession", "2015-01-02", "", "day", "Armenia joins the Eurasian Economic Union",
     "Armenia's accession treaty to the EAEU enters into force; mutual trade is no longer customs-declared.",
     "https://en.wikipedia.org/wiki/Eurasian_Economic_Union"),
    ("car-reexport-wave", "2022-07-01", "2023-10-31", "range", "Car re-export wave through Armenia",
     "Used cars re-exported from Armenia to Russia and Kazakhstan; the span is that of the UN Comtrade AM->KZ HS 8703 rows.",
     "https://www.intellinews.com/armenia-emerges-as-key-trade-route-for-used-cars-to-russia-bypassing-western-sanctions-284884/"),
    ("az-transit", "2025-10-01", "", "month", "Azerbaijan lifts transit restrictions to Armenia",
     "Lifted in October 2025 (day not stated); first Kazakh grain reaches Armenia via Azerbaijan in November.",
     "https://www.azatutyun.am/a/ghazakhstany-tsankanoum-e-%D6%85gtvel-%D1%82ripp-its-ev-ajaktsoum-e-khaghaghoutyan-khachmerouk-nakhagtsin/33598399.html"),
    ("strategic-partnership", "2025-11-21", "", "day", "Kazakhstan-Armenia strategic partnership",
     "Tokayev and Pashinyan upgrade relations to a strategic partnership in Astana.",
     "https://kaz.inform.kz/news/pashinyannin-astanaga-sapari-sarapshi-kelssozderdn-basti-takiriptarin-atadi-e1c1e8/"),
]


CSV_ORDER = ["vintage", "reporter", "partner", "flow", "partner_basis", "period_start", "hs_code"]
# NB bulk files by reporter and partner first: a pair's rows then lie in one or two row groups (loaders/store/snapshot.py)
BULK_ORDER = ["reporter", "partner", "vintage", "flow", "partner_basis", "period_start", "hs_code"]


def sorted_records(frame: pd.DataFrame, origin: str, order: list[str] = CSV_ORDER) -> pd.DataFrame:
    return validate_records(frame[RECORD_COLUMNS].sort_values(order, kind="stable"), origin=origin)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, float_format=None).encode("utf-8")


def records_csv(frame: pd.DataFrame, origin: str) -> bytes:
    frame = sorted_records(frame, origin)
    for column in ("period_start", "period_end", "vintage"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return csv_bytes(frame)


def records_parquet(frame: pd.DataFrame, origin: str, row_group: int = BULK_ROW_GROUP) -> bytes:
    """A bulk source as Parquet (zstd), in row groups of ``row_group`` rows: byte for byte the same on every run with
    the pinned pyarrow."""
    buffer = io.BytesIO()
    sorted_records(frame, origin, BULK_ORDER).to_parquet(buffer, engine="pyarrow", compression="zstd", index=False,
                                                         row_group_size=row_group)
    return buffer.getvalue()


def world_parquet(ref: Path) -> bytes:
    """The IMF's tables of every reporter as one Parquet file in BULK_ORDER: a pair's rows lie in one or two row groups
    per direction, which pyarrow and DuckDB find by their statistics."""
    return records_parquet(read_imf_dots_world(ref / "imf_dots_world"), "imf_dots_world.parquet", WORLD_ROW_GROUP)


def world_flows_parquet(world: bytes) -> bytes:
    """The world store's year-ordered companion: mirror_flows' rows (one per exporter, importer and year, with the
    imputation flag) of every year, sorted by year, exporter and importer, so that a year's world view reads only the
    row groups whose ``year`` statistics hold it. Values stay the store's doubles."""
    import tempfile

    import pyarrow.parquet as pq

    from loaders.world import queries

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "world.parquet"
        path.write_bytes(world)
        flows = queries.mirror_flows(queries.store(path)).select(*queries.FLOW_COLUMNS).order_by(FLOWS_ORDER)
        # NB one chunk: the engine's batches (which vary with its threads) must not shape the file's pages
        table = flows.to_pyarrow().combine_chunks().replace_schema_metadata(None)
    values = ["x_value_usd", "m_value_usd"]
    buffer = io.BytesIO()
    # NB values plain, not in a dictionary (most are distinct), at zstd level 9: 9.3 MB instead of 12.0 MB, read as
    # fast. Not byte-stream split (0.1 MB less): Spark's Parquet reader refuses that encoding
    pq.write_table(table, buffer, compression="zstd", compression_level=9, row_group_size=FLOWS_ROW_GROUP,
                   use_dictionary=[c for c in table.column_names if c not in values])
    return buffer.getvalue()


def world_manifest(parquet: bytes, flows: bytes) -> bytes:
    """The world store's manifest: what it holds and its span, so the year picker need not parse the store's footer
    (1.8 MB, ~0.1 s) before the first chart; and its companion's size and hash, so the views use that only beside
    the store it was built from."""
    import hashlib
    import json

    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(parquet), columns=["period_start", "vintage"])
    years = table["period_start"].to_pandas().dt.year
    vintages = table["vintage"].to_pandas()
    if vintages.nunique() != 1:
        raise ValueError(f"the world store holds {vintages.nunique()} editions; its manifest names one")
    manifest = {"file": WORLD_FILE.split("/")[-1], "source": "imf_dots", "source_url": "https://data.imf.org/",
                "bytes": len(parquet), "sha256": hashlib.sha256(parquet).hexdigest(), "records": table.num_rows,
                "first_year": int(years.min()), "last_year": int(years.max()),
                "vintage": vintages.iloc[0].strftime("%Y-%m-%d"),
                "flows": {"file": WORLD_FLOWS.split("/")[-1], "bytes": len(flows),
                          "sha256": hashlib.sha256(flows).hexdigest(),
                          "rows": pq.ParquetFile(io.BytesIO(flows)).metadata.num_rows, "sorted_by": FLOWS_ORDER}}
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()


def reporter_sigma_csv(world: bytes) -> bytes:
    """Each reporter's error σ per window of years from the world store's mirror gaps, for the reconciled view's
    inverse-variance weights: built here, so that no page queries the world store for them."""
    import tempfile

    import pyarrow.parquet as pq

    from loaders.views.world import WORLD_MARGIN
    from loaders.world import queries, reliability

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "world.parquet"
        path.write_bytes(world)
        gaps = queries.genuine_gaps(queries.world(queries.store(path), None, WORLD_MARGIN)).to_pyarrow().to_pandas()
    vintages = pq.read_table(io.BytesIO(world), columns=["vintage"])["vintage"].to_pandas()
    table = reliability.sigma_windows(gaps, queries.MIN_PARTNERS)
    # NB rounded: the fit's last digits depend on the machine's BLAS, and the rebuild must give the same bytes
    table = table.round({"gap_effect": 4, "sigma": 4}).sort_values(["first_year", "reporter"], kind="stable")
    return csv_bytes(table.assign(method=reliability.METHOD_NAME, source="imf_dots", source_url=IMF_DOTS_URL,
                                  vintage=vintages.max().strftime("%Y-%m-%d")))


def build(ref: Path) -> dict[str, bytes]:
    """Every file of the snapshot, by its path inside data/; any unreadable reference file raises before a write."""
    statements = pd.read_csv(ref / "published_statements.csv", dtype=str, keep_default_na=False)
    events = pd.DataFrame(EVENTS, columns=["event_id", "date", "end_date", "date_precision", "label", "description",
                                           "source_url"])
    return {
        # NB every figure in that file is about Armenia-Kazakhstan trade (reference/README.md); the pair is written
        # out so that a statement is only ever checked against the pair it speaks of.
        "statements.csv": csv_bytes(statements.assign(pair=STATEMENTS_PAIR)),
        "events.csv": csv_bytes(events),
        "records/armstat.parquet": records_parquet(read_armstat(ref / "armstat_all_partners"), "armstat.parquet"),
        "records/kz_bns.csv": records_csv(read_kz_bns(ref / "kz_bns"), "kz_bns.csv"),
        "records/kg_nsc.csv": records_csv(read_kg_nsc(ref / "kg_nsc"), "kg_nsc.csv"),
        "records/imf_dots.csv": records_csv(imf_dots(ref), "imf_dots.csv"),
        "records/comtrade_hs8703.csv": records_csv(comtrade_hs8703(ref), "comtrade_hs8703.csv"),
        "records/kz_official.csv": records_csv(kz_official(statements), "kz_official.csv"),
        WORLD_FILE: (world := world_parquet(ref)),
        WORLD_FLOWS: (flows := world_flows_parquet(world)),
        WORLD_MANIFEST: world_manifest(world, flows),
        REPORTER_SIGMA: reporter_sigma_csv(world),
    }


def main(ref: Path, out: Path) -> None:
    """Build every file in memory first, then replace each atomically: a bad reference file writes nothing."""
    files = build(ref)
    for name, payload in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out / name, payload)
        (out / name).chmod(0o644)  # NB the temp file behind an atomic write is private (0600); data/ is for everyone
        print(f"{name}: {len(payload):,} bytes")
    (out / "records" / "armstat.csv").unlink(missing_ok=True)  # now every partner, in armstat.parquet


if __name__ == "__main__":
    configure_pandas()  # NB the settings the tests rebuild with: the Parquet metadata names the string storage
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    main(reference, Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data")
