"""Start-up import cost: what the entry script and the first page import beyond Streamlit, in a fresh interpreter."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Loaded only when a page or a validation needs them; start-up must not pay for them.
DEFERRED = ("pandera", "plotly.express", "requests", "requests_cache", "tqdm", "duckdb", "ibis", "pyspark")

_PROBE = """
import json, sys, time
import streamlit, pandas
before = set(sys.modules)
start = time.perf_counter()
for name in {modules!r}:
    __import__(name)
took = time.perf_counter() - start
new = sorted({{m.split('.')[0] for m in set(sys.modules) - before}})
print(json.dumps({{"seconds": took, "packages": new, "loaded": [d for d in {deferred!r} if d in sys.modules]}}))
"""


def script_imports(path: Path) -> list[str]:
    """Modules a script imports at its top level (absolute imports only, as the pages write them)."""
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def start_up_imports() -> dict:
    """Import time (s), new top-level packages and deferred packages loaded by the entry script plus the default page."""
    modules = script_imports(ROOT / "streamlit_app.py") + script_imports(ROOT / "dashboard" / "pages" / "overview.py")
    code = _PROBE.format(modules=modules, deferred=DEFERRED)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
