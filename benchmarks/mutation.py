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

# Functions whose mutants are run by default (544): the arithmetic and the rules of the core modules. Measured on 2
# cores shared with other work (load 3.5-6): about 7 minutes of mutmut's stats run, then 6-7 mutants a minute, so
# more than the 15 minutes aimed at; --all runs every mutant of the modules under [tool.mutmut] only_mutate (3,217).
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
    "loaders.views.statements.x_judge__mutmut_29": "astype(None) is astype(float64): numpy reads dtype None as float64",
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
