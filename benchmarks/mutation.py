"""Mutation score of the core modules against the fast tests (mutmut 3, configured in pyproject.toml [tool.mutmut])."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"  # mutmut's working copy; ignored by git

# Functions whose mutants are run by default (584): the arithmetic and the rules of the core modules. The tests run
# against them are [tool.mutmut] pytest_add_cli_args_test_selection in pyproject.toml: the tests of these functions,
# not the whole fast suite, which made mutmut's first run (its map of tests to functions) 7 minutes alone. --all runs
# every mutant of the modules under [tool.mutmut] only_mutate (3,377), with only those tests.
SCOPE = (
    "loaders.views.bridge_steps.x_valuation__mutmut_*",
    "loaders.views.statements.x_judge__mutmut_*",
    "loaders.store.cache.x_write_entry__mutmut_*",
    "loaders.store.snapshot_cache.x_cache_key__mutmut_*",
    "loaders.csv_export.*",
    "dashboard.downloads.*",
)

# Mutants that cannot change behaviour, each with the reason; they are counted out of N.
_NO_CANDIDATE = ("judge's branch for no candidate at all: its only caller, _checked_statements, then takes every "
                 "verdict from explain() (unverifiable) and never reads the empty verdict and rel_diff columns; "
                 "statements() output checked identical by hand with the mutant applied")
_RANGE_INDEX = ("judge's only caller passes pd.concat(..., ignore_index=True), whose RangeIndex is the default "
                "index too")
_MULTI_KEY_SORT = "pandas applies kind only to a one-column sort; on several columns its lexsort is always stable"
_THRESHOLD_TIE = ("the distance of a figure past a threshold claim: every candidate within it gets the same value, "
                  "so they tie as with 0.0 and the later keys decide, as before")
_NAN_LAST = ("that tier becomes NaN, which the stable sort puts last, where 2 (the largest tier) sorted; _tier is read "
             "nowhere else")
_SERIES_ID = ("series_id is only compared for equality with another series_id built the same way "
              "(statement_text.py), and no part of it (source, ISO3, flow, basis, date) contains '|'")
_MISSING_KEPT = "neutralise_text returns a missing value unchanged, so mapping it too changes no cell"
_QUOTE_MINIMAL = "pandas' CSV writer reads a missing quoting as csv.QUOTE_MINIMAL (quoting or QUOTE_MINIMAL)"
_CODEC_CASE = "Python looks codec names up case-insensitively"
_MERGE_KEYS = ("merge then joins on the columns both frames share: exactly IDENTITY, as the right frame is "
               "records[IDENTITY]")
_INDEX_UNREAD = "the merged frame's index is never read: to_parquet(index=False) leaves it out, len() ignores it"
_RANGE_AS_METADATA = ("the records have a RangeIndex there (validate_records resets it, the merge concat ignores it), "
                      "which pyarrow keeps as metadata, not a column: the file reads back the same frame")
EQUIVALENT: dict[str, str] = {
    "loaders.views.statements.x_judge__mutmut_1": "verdict=None in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_2": "rel_diff=None in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_3": "no verdict column in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_4": "no rel_diff column in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_5": "verdict of dtype None (object) in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_8": "rel_diff of dtype None (float64 already) in " + _NO_CANDIDATE,
    "loaders.views.statements.x_judge__mutmut_83": "_tier's Series index=None: " + _RANGE_INDEX,
    "loaders.views.statements.x_judge__mutmut_85": "_tier's Series without index: " + _RANGE_INDEX,
    "loaders.views.statements.x_judge__mutmut_94": "mismatch tier 3 for 2: the tiers 0, 1, 3 sort as 0, 1, 2 do",
    "loaders.views.statements.x_judge__mutmut_95": "_other_side as float 0.0/1.0 for int 0/1: the same order",
    "loaders.views.statements.x_judge__mutmut_100": "None for 0.0: " + _THRESHOLD_TIE,
    "loaders.views.statements.x_judge__mutmut_102": "NaN (no other) for 0.0: " + _THRESHOLD_TIE,
    "loaders.views.statements.x_judge__mutmut_105": "1.0 for 0.0: " + _THRESHOLD_TIE,
    "loaders.views.statements.x_judge__mutmut_154": "sort kind None for 'stable': " + _MULTI_KEY_SORT,
    "loaders.views.statements.x_judge__mutmut_156": "sort kind left out: " + _MULTI_KEY_SORT,
    "loaders.views.statements.x_judge__mutmut_157": "sort kind 'XXstableXX': " + _MULTI_KEY_SORT,
    "loaders.views.statements.x_judge__mutmut_158": "sort kind 'STABLE': " + _MULTI_KEY_SORT,
    "loaders.views.bridge_steps.x_valuation__mutmut_120": ("'{:.1F} %' for '{:.1f} %': F differs from f only for inf "
                                                           "and nan, and the margin is a finite number (Query checks "
                                                           "it)"),
    "loaders.views.statements.x_judge__mutmut_29": "astype(None) is astype(float64): numpy reads dtype None as float64",
    "loaders.views.statements.x_judge__mutmut_92": "'mismatch' misspelt in the tier map: " + _NAN_LAST,
    "loaders.views.statements.x_judge__mutmut_93": "'mismatch' in capitals in the tier map: " + _NAN_LAST,
    "loaders.views.statements.x_judge__mutmut_109": ("fillna(None) on the basis order: every candidate's basis is "
                                                     "one of BASIS_ORDER's four (the schema allows no other), and a "
                                                     "NaN would sort last as len(BASIS_ORDER) does"),
    "loaders.views.statements.x_judge__mutmut_123": "series_id's 1st separator 'XX|XX': " + _SERIES_ID,
    "loaders.views.statements.x_judge__mutmut_126": "series_id's 2nd separator 'XX|XX': " + _SERIES_ID,
    "loaders.views.statements.x_judge__mutmut_129": "series_id's 3rd separator 'XX|XX': " + _SERIES_ID,
    "loaders.views.statements.x_judge__mutmut_132": "series_id's 4th separator 'XX|XX': " + _SERIES_ID,
    "loaders.csv_export.x_safe_frame__mutmut_6": "na_action=None: " + _MISSING_KEPT,
    "loaders.csv_export.x_safe_frame__mutmut_8": "na_action left out: " + _MISSING_KEPT,
    "loaders.csv_export.x_to_csv_bytes__mutmut_2": "index=None: pandas writes no index for it, as for False",
    "loaders.csv_export.x_to_csv_bytes__mutmut_3": "quoting=None: " + _QUOTE_MINIMAL,
    "loaders.csv_export.x_to_csv_bytes__mutmut_7": "quoting left out: " + _QUOTE_MINIMAL,
    "loaders.csv_export.x_to_csv_bytes__mutmut_17": "'UTF-8' for 'utf-8': " + _CODEC_CASE,
    "loaders.store.cache.x_write_entry__mutmut_26": "merge on=None: " + _MERGE_KEYS,
    "loaders.store.cache.x_write_entry__mutmut_30": "merge on left out: " + _MERGE_KEYS,
    "loaders.store.cache.x_write_entry__mutmut_38": "concat ignore_index=None: " + _INDEX_UNREAD,
    "loaders.store.cache.x_write_entry__mutmut_40": "concat ignore_index left out: " + _INDEX_UNREAD,
    "loaders.store.cache.x_write_entry__mutmut_46": "concat ignore_index=False: " + _INDEX_UNREAD,
    "loaders.store.cache.x_write_entry__mutmut_50": "to_parquet index=None: " + _RANGE_AS_METADATA,
    "loaders.store.cache.x_write_entry__mutmut_53": "to_parquet index left out: " + _RANGE_AS_METADATA,
    "loaders.store.cache.x_write_entry__mutmut_52": ("to_parquet engine left out: pandas' default 'auto' is pyarrow, "
                                                     "installed (requirements.txt)"),
    "loaders.store.cache.x_write_entry__mutmut_108": "'UTF-8' for 'utf-8' (the sidecar): " + _CODEC_CASE,
    "loaders.store.snapshot_cache.x_cache_key__mutmut_1": ("default variant 'XXXX' for '': its callers "
                                                           "(cached_records) always pass the variant"),
}

KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def _statuses() -> dict[str, str]:
    from mutmut.stats import status_by_exit_code

    found = {}
    for meta in MUTANTS.rglob("*.meta"):
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            found[name] = status_by_exit_code[code]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__)
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--all", action="store_true", help="every mutant of the modules, not only SCOPE")
    args = parser.parse_args(argv)
    shutil.rmtree(MUTANTS, ignore_errors=True)  # a fresh run: mutmut would otherwise reuse earlier verdicts
    (MUTANTS / ".streamlit").mkdir(parents=True)  # for also_copy's .streamlit/config.toml
    patterns = [] if args.all else list(SCOPE)
    started = time.monotonic()
    log = MUTANTS / "mutmut-run.log"
    with log.open("w", encoding="utf-8") as out:
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children),
                              *patterns], check=False, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - started
    if run.returncode != 0:
        print(log.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")[-3000:])
        print(f"mutmut run failed (exit {run.returncode}); its output is in {log.relative_to(ROOT)}")
        return 1
    statuses = {name: status for name, status in _statuses().items()
                if args.all or any(fnmatch(name, p) for p in SCOPE)}
    unchecked = sorted(n for n, s in statuses.items() if s == "not checked")
    counted = {n: s for n, s in statuses.items() if n not in EQUIVALENT and s != "not checked"}
    killed = sum(s in KILLED for s in counted.values())
    for name, status in sorted(counted.items()):
        if status not in KILLED:
            print(f"left: {name} ({status}); see: python -m mutmut show {name}")
    for name, why in EQUIVALENT.items():
        print(f"equivalent, counted out: {name}: {why}")
    print(f"{len(statuses)} mutants, {len(EQUIVALENT)} equivalent, {len(unchecked)} not checked; {elapsed:.0f} s")
    print(f"killed {killed} of {len(counted)} mutants ({100 * killed / max(len(counted), 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
