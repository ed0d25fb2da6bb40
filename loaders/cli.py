"""Command line: `python -m loaders export VIEW --out FILE.csv [...]`, `check-views`, `refresh --source ...` and
`ingest comtrade-bulk --from DIR --out STORE`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.query import DEFAULT_MARGIN, DEFAULT_PAIR, Query, QueryError, parse_pair, parse_years
from loaders.schema import RecordError
from loaders.views import VIEWS, run_view


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write a view as CSV, the same bytes the dashboard downloads")
    export.add_argument("view", choices=sorted(VIEWS))
    export.add_argument("--out", required=True, type=Path, help="CSV file to write")
    add_query_arguments(export)
    check = commands.add_parser("check-views", help="run every view for every pair of the data; exit 1 on a failure")
    check.add_argument("--pairs", default="all", choices=["all", "shapes"],
                       help="all pairs, or one pair per shape of data (fast)")
    refresh = commands.add_parser("refresh", help="fetch a live source into the cache; a failure changes nothing")
    refresh.add_argument("--source", required=True, choices=["comtrade", "imf"])
    refresh.add_argument("--pair", default="-".join(DEFAULT_PAIR), help="two ISO3 codes, e.g. ARM-KAZ")
    refresh.add_argument("--years", required=True, help="e.g. 2015-2024")
    refresh.add_argument("--freq", default="A", choices=["A", "M"], help="A (annual) or M (monthly)")
    refresh.add_argument("--hs", default="TOTAL", choices=["TOTAL", "2", "4", "6"], help="HS level (Comtrade only)")
    refresh.add_argument("--budget", default=90.0, type=float, help="total seconds the refresh may take")
    ingest = commands.add_parser("ingest", help="read downloaded bulk files into the partitioned product store")
    ingest.add_argument("kind", choices=["comtrade-bulk"])
    ingest.add_argument("--from", dest="source", required=True, type=Path, help="folder of bulk files")
    ingest.add_argument("--out", required=True, type=Path, help="store folder (year=YYYY/reporter=ISO3/)")
    return parser


def add_query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pair", default="-".join(DEFAULT_PAIR), help="two ISO3 codes, e.g. ARM-KAZ")
    parser.add_argument("--years", default=None, help="e.g. 2015-2024 (default: all)")
    parser.add_argument("--flow", default="all")
    parser.add_argument("--basis", default="all", help="import partner basis: all, origin or consignment")
    parser.add_argument("--margin", default=round(DEFAULT_MARGIN * 100, 4), type=float,
                        help="CIF/FOB margin in per cent, as in the dashboard's URL and the margin_pct column, e.g. 10.2")
    parser.add_argument("--freq", default="A", help="A (annual) or M (monthly)")
    parser.add_argument("--vintage", default="latest", help="latest or first")


def query_from_args(args: argparse.Namespace) -> Query:
    return Query(pair=parse_pair(args.pair), years=parse_years(args.years) if args.years else None,
                 flow=args.flow, basis=args.basis, margin=args.margin / 100, freq=args.freq, vintage=args.vintage)


def export(args: argparse.Namespace) -> int:
    from loaders.csv_export import to_csv_bytes
    from loaders.store.dataset import load_dataset

    query = query_from_args(args)
    frame = run_view(args.view, load_dataset(pair=query.pair), query)
    args.out.write_bytes(to_csv_bytes(frame))
    print(f"wrote {len(frame)} rows of view {args.view} to {args.out}")
    return 0


def check_views(args: argparse.Namespace) -> int:
    """Every view for every pair (or one pair per data shape) of the bundled data and the cache; failures listed."""
    from loaders.pairs import available_pairs
    from loaders.store.dataset import load_dataset
    from loaders.view_check import check_views as run_checks
    from loaders.view_check import one_pair_per_shape
    from loaders.views import VIEWS

    dataset = load_dataset()
    pairs = available_pairs(dataset) if args.pairs == "all" else one_pair_per_shape(dataset)
    failures = run_checks(dataset, pairs)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"checked {len(VIEWS)} views for {len(pairs)} pairs: {len(failures)} failure(s)")
    return 1 if failures else 0


def refresh(args: argparse.Namespace) -> int:
    """Run a refresh with a progress bar on stderr; any failure is one line on stderr and exit status 1."""
    from dataclasses import replace

    from tqdm import tqdm

    from loaders.errors import redact
    from loaders.http import HttpSettings
    from loaders.live import LoaderError
    from loaders.refresh import refresh as run_refresh
    from loaders.sources.comtrade import api_key_from_env

    bar = tqdm(total=0, unit="request", desc=f"{args.source} {args.pair}", file=sys.stderr, leave=False,
               disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        result = run_refresh(args.source, parse_pair(args.pair), parse_years(args.years), freq=args.freq, hs=args.hs,
                             settings=replace(HttpSettings(), budget_seconds=args.budget, started_at=args.started_at),
                             progress=progress)
    except KeyboardInterrupt:
        bar.close()
        print("refresh interrupted (the cache is never left half-written)", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback (messages carry no key)
        bar.close()
        kind = "" if isinstance(exc, (LoaderError, QueryError)) else f"unexpected {type(exc).__name__}: "
        print(f"refresh failed: {kind}{redact(str(exc), [api_key_from_env() or ''])}".splitlines()[0], file=sys.stderr)
        return 1
    bar.close()
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{args.source}: {result.rows} records for {args.pair} cached in {result.sidecar.parent}")
    if result.store_files:
        print(f"HS {args.hs} rows also in the product store: {len(result.store_files)} partition file(s) under "
              f"{result.store_files[0].parents[2]}")
    return 0


def ingest(args: argparse.Namespace) -> int:
    """Ingest every partition it can; one line per failed file on stderr and exit 1 if any failed."""
    from loaders.store.bulk_ingest import ingest_folder

    if not args.source.is_dir():
        print(f"error: {args.source} is not a folder", file=sys.stderr)
        return 2
    report = ingest_folder(args.source, args.out)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for failure in report.failed:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"{len(report.written)} partition(s) written ({sum(report.written.values())} records), "
          f"{len(report.skipped)} unchanged, {len(report.failed)} file(s) failed, in {args.out}")
    return 1 if report.failed else 0


COMMANDS = {"export": export, "check-views": check_views, "refresh": refresh, "ingest": ingest}


def main(argv: list[str] | None = None, started_at: float | None = None) -> int:
    """Run a command; ``started_at`` (time.monotonic() at process start) makes a refresh's budget cover start-up."""
    args = build_parser().parse_args(argv)
    args.started_at = started_at
    try:
        return COMMANDS[args.command](args)
    except (QueryError, RecordError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
