"""Command line: `python -m loaders export VIEW --out FILE.csv [--pair ARM-KAZ] [--years 2015-2024] ...`."""
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
    return parser


def add_query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pair", default="-".join(DEFAULT_PAIR), help="two ISO3 codes, e.g. ARM-KAZ")
    parser.add_argument("--years", default=None, help="e.g. 2015-2024 (default: all)")
    parser.add_argument("--flow", default="all")
    parser.add_argument("--basis", default="all", help="import partner basis: all, origin or consignment")
    parser.add_argument("--margin", default=DEFAULT_MARGIN, type=float, help="CIF/FOB margin, e.g. 0.102")
    parser.add_argument("--freq", default="A", help="A (annual) or M (monthly)")
    parser.add_argument("--vintage", default="latest", help="latest or first")


def query_from_args(args: argparse.Namespace) -> Query:
    return Query(pair=parse_pair(args.pair), years=parse_years(args.years) if args.years else None,
                 flow=args.flow, basis=args.basis, margin=args.margin, freq=args.freq, vintage=args.vintage)


def export(args: argparse.Namespace) -> int:
    from loaders.csv_export import to_csv_bytes
    from loaders.dataset import load_dataset

    frame = run_view(args.view, load_dataset(), query_from_args(args))
    args.out.write_bytes(to_csv_bytes(frame))
    print(f"wrote {len(frame)} rows of view {args.view} to {args.out}")
    return 0


COMMANDS = {"export": export}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (QueryError, RecordError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
