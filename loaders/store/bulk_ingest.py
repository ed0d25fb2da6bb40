"""`ingest comtrade-bulk`: every bulk file of a folder into the product store, a partition at a time; reruns resume."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.schema import RecordError, validate_records
from loaders.sources.comtrade_bulk import BulkFile, BulkFileError, parse_file_name, read_bulk_file
from loaders.sources.comtrade_codes import iso3_of
from loaders.store.bulk_store import is_current, partition_folder, write_partition


@dataclass
class IngestReport:
    written: dict[str, int] = field(default_factory=dict)  # partition -> records
    skipped: list[str] = field(default_factory=list)        # partitions unchanged since the last run
    failed: list[str] = field(default_factory=list)         # one line per failed file
    warnings: list[str] = field(default_factory=list)


def ingest_folder(source: Path, store: Path) -> IngestReport:
    """Ingest each partition (year, reporter) on its own: a bad file fails its partition only, the rest is written."""
    report = IngestReport()
    partitions: dict[tuple[int, str], list[BulkFile]] = defaultdict(list)
    for path in sorted(p for p in source.iterdir() if p.is_file() and not p.is_symlink()):
        bulk = parse_file_name(path)
        if bulk is None:
            report.warnings.append(f"{path.name}: not named like a Comtrade bulk file, left out")
            continue
        reporter = iso3_of(bulk.reporter_code)
        if reporter is None:
            report.failed.append(f"{path.name}: reporter code {bulk.reporter_code} is not a country in Comtrade's "
                                 f"reference table")
            continue
        partitions[(bulk.year, reporter)].append(bulk)
    for (year, reporter), files in sorted(partitions.items()):
        _ingest_partition(year, reporter, files, store, report)
    return report


def _ingest_partition(year: int, reporter: str, files: list[BulkFile], store: Path, report: IngestReport) -> None:
    label, folder = f"year={year}/reporter={reporter}", partition_folder(store, year, reporter)
    clash = _same_period(files)
    if clash:
        report.failed.append(clash)
        return
    inputs = {bulk.path.name: file_sha256(bulk.path) for bulk in files}
    if is_current(folder, inputs):
        report.skipped.append(label)
        return
    frames, failed = [], []
    for bulk in files:
        try:
            frame, warnings = read_bulk_file(bulk)
        except BulkFileError as exc:
            failed.append(str(exc))
            continue
        frames.append(frame)
        report.warnings.extend(f"{bulk.path.name}: {w}" for w in warnings)
    if failed:
        report.failed.extend(failed)
        return
    try:
        records = validate_records(pd.concat(frames, ignore_index=True), origin=label)
    except RecordError as exc:
        report.failed.append(f"{', '.join(inputs)}: {exc}")
        return
    write_partition(folder, records, inputs)
    report.written[label] = len(records)


def _same_period(files: list[BulkFile]) -> str | None:
    # NB two editions (publication dates) of one reporter-period would double every row: refuse rather than guess
    seen: dict[str, str] = {}
    for bulk in files:
        if bulk.period in seen:
            return f"{bulk.path.name}: a second file for period {bulk.period} beside {seen[bulk.period]}; keep one"
        seen[bulk.period] = bulk.path.name
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
