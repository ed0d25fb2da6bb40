"""Product queries at world scale on a SYNTHETIC HS6 store (temporary folder, deleted afterwards), on DuckDB and on
Spark local, each engine in a fresh process that reports its own peak memory:
python -m benchmarks.run --only products-scale [--rows 100000000]."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_PAIR = 1.0  # s, one pair's product mirror
BUDGET_WORLD = 30.0  # s, the world's largest product gaps in one year
BUDGET_MEMORY = 4 * 1024**3  # bytes of peak resident memory, DuckDB's process
DUCKDB_MEMORY_LIMIT = "3GB"  # NB below the budget: DuckDB spills the rest to disk (out of core)
SPARK_DRIVER_MEMORY = "3g"
TOP = 20
RUNS = {"duckdb": (3, 2), "spark": (2, 1)}  # (pair, world) runs; NB Spark's take minutes at 100 M rows


def _peak_rss(pid: int | str = "self") -> int:
    """Peak resident memory in bytes of a process since it started its program, from /proc (Linux).

    NB not getrusage's ru_maxrss: Linux carries it across fork and exec, so a child started by the process that
    generated the store reported the generator's peak (3.15 GB for both engines in the first 100 M run)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))


def _cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU seconds a process has used, all its threads, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(run, cpu_pids: tuple, cpu: list) -> float:
    """Wall seconds of ``run``; appends to ``cpu`` the CPU seconds the processes ``cpu_pids`` spent meanwhile.

    NB CPU beside wall: on a shared 2-core machine the wall time says as much about the other work as the query."""
    cpu_start, start = sum(map(_cpu_seconds, cpu_pids)), time.perf_counter()
    run()
    wall = time.perf_counter() - start
    cpu.append(sum(map(_cpu_seconds, cpu_pids)) - cpu_start)
    return wall


def measure(engine: str, store: str, pair: tuple[str, str], year: int) -> dict:
    """In this process: the store opened on ``engine``, the pair's product mirror and the year's largest product gaps
    each run RUNS times; seconds and peak memory (Spark: the JVM's too)."""
    os.environ["TRADE_ENGINE"] = engine
    from loaders.world import product_queries as queries
    from loaders.world.engine import read_store

    start = time.perf_counter()
    records = read_store(store)
    backend = records._find_backend()
    if engine == "duckdb":
        backend.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'").fetchall()
    opened = time.perf_counter() - start
    mirror = queries.product_mirror(records, *pair, years=(year, year))
    gaps = queries.largest_product_gaps(records, year, limit=TOP)
    lines, pair_cpu, world_cpu = [], [], []
    pair_runs, world_runs = RUNS[engine]
    jvm = (backend._session.sparkContext._gateway.proc.pid,) if engine == "spark" else ()
    pair_times = [_timed(lambda: lines.append(len(mirror.to_pyarrow())), ("self", *jvm), pair_cpu)
                  for _ in range(pair_runs)]
    world_times = [_timed(lambda: gaps.to_pyarrow(), ("self", *jvm), world_cpu) for _ in range(world_runs)]
    result = {"open": opened, "pair": pair_times, "pair_lines": lines[0], "world": world_times,
              "pair_cpu": pair_cpu, "world_cpu": world_cpu, "load": os.getloadavg(), "peak_rss": _peak_rss()}
    if jvm:
        result["jvm_peak_rss"] = _peak_rss(jvm[0])
    return result


def _in_fresh_process(engine: str, store: Path, pair: tuple[str, str], year: int) -> dict:
    env = {**os.environ, "PYSPARK_SUBMIT_ARGS": f"--driver-memory {SPARK_DRIVER_MEMORY} pyspark-shell"}
    out = subprocess.run([sys.executable, "-m", "benchmarks.products_scale", engine, str(store), *pair, str(year)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{engine} run failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(rows: int, verdict, engines: tuple[str, ...] = ("duckdb", "spark")) -> None:
    """Generate the store, time each engine, print every number (``verdict(ok, what)`` marks a budget), delete it."""
    from benchmarks.product_store import YEARS, generate, largest_pair, size_bytes

    pair, year = largest_pair(), YEARS[-1]
    print(f"\n== products at scale: SYNTHETIC HS6 store, {rows:,} rows requested (temporary folder, deleted "
          "afterwards; not real figures)")
    with tempfile.TemporaryDirectory(prefix="trade-products-scale-") as tmp:
        store = Path(tmp) / "store"
        start = time.perf_counter()
        written = generate(store, rows)
        size = size_bytes(store)
        print(f"  {written:,} rows, {sum(1 for _ in store.rglob('*.parquet')):,} files, year=/reporter= partitions; "
              f"generated in {time.perf_counter() - start:.1f} s; {size / 1e6:,.0f} MB on disk, "
              f"{size / 1e6 / (written / 1e6):.1f} MB per million rows")
        for engine in engines:
            times = _in_fresh_process(engine, store, pair, year)
            pair_best, world_best = min(times["pair"][1:] or times["pair"]), min(times["world"])
            budgets = engine == "duckdb"  # NB the budgets are one machine's; Spark local is timed for comparison
            mark = verdict if budgets else (lambda ok, what: "    ")
            print(f"  {engine}: store opened in {times['open']:.2f} s")
            print(f"  {mark(pair_best <= BUDGET_PAIR, f'{engine} pair product mirror')} {engine} {'-'.join(pair)} "
                  f"product mirror {year} ({times['pair_lines']:,} lines): first {times['pair'][0]:.2f} s, then "
                  f"{pair_best:.2f} s" + (f" (budget {BUDGET_PAIR:.0f} s)" if budgets else ""))
            print(f"  {mark(world_best <= BUDGET_WORLD, f'{engine} world product gaps')} {engine} world's {TOP} "
                  f"largest product gaps {year}: " + ", then ".join(f"{t:.2f} s" for t in times["world"])
                  + (f" (budget {BUDGET_WORLD:.0f} s)" if budgets else ""))
            print(f"       {engine} CPU (user + system, every thread{', Python and JVM' if engine == 'spark' else ''}):"
                  " pair " + ", ".join(f"{t:.2f} s" for t in times["pair_cpu"]) + "; world "
                  + ", ".join(f"{t:.2f} s" for t in times["world_cpu"])
                  + "; load average at the end " + " ".join(f"{x:.2f}" for x in times["load"]))
            memory = f"peak resident memory {times['peak_rss'] / 1024**3:.2f} GB"
            if "jvm_peak_rss" in times:
                memory += (f" (Python), {times['jvm_peak_rss'] / 1024**3:.2f} GB (Spark's JVM, driver memory "
                           f"{SPARK_DRIVER_MEMORY})")
            print(f"  {mark(times['peak_rss'] <= BUDGET_MEMORY, f'{engine} peak memory')} {engine} {memory}"
                  + (f" (budget {BUDGET_MEMORY / 1024**3:.0f} GB; memory_limit {DUCKDB_MEMORY_LIMIT})"
                     if budgets else ""))


if __name__ == "__main__":
    engine_arg, store_arg, a, b, year_arg = sys.argv[1:]
    print(json.dumps(measure(engine_arg, store_arg, (a, b), int(year_arg))))
