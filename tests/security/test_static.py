"""Static checks over the code: no raw HTML from non-literal content, nothing unpickled from disk."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("dashboard", "loaders", "tools") for p in (ROOT / folder).rglob("*.py")) \
    + [ROOT / "streamlit_app.py"]
RAW_HTML_KEYWORDS = {"unsafe_allow_html", "unsafe_allow_javascript"}
UNPICKLING = re.compile(r"\bpickle\b|\bjoblib\b|\bdill\b|\bcloudpickle\b|read_pickle|shelve|marshal\.load"
                        r"|persist\s*=\s*[\"']disk[\"']|serializer\s*=\s*[\"']pickle[\"']|torch\.load")


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Call):
            yield node


def _is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def raw_html_calls(path: Path) -> list[str]:
    """Calls that render raw HTML (st.html, or any call with unsafe_allow_html/javascript=True) on non-literal text."""
    found = []
    for call in _calls(path):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        unsafe = any(k.arg in RAW_HTML_KEYWORDS and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                     for k in call.keywords)
        if name == "html" or unsafe:
            body = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "body"), None)
            if body is None or not _is_literal(body):
                found.append(f"{path.name}:{call.lineno}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_from_non_literal_content(path):
    assert raw_html_calls(path) == []


def test_the_raw_html_check_catches_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import streamlit as st\nname = "x"\nst.markdown(f"<b>{name}</b>", unsafe_allow_html=True)\n'
                      'st.html(name)\nst.markdown("<hr>", unsafe_allow_html=True)\nst.markdown(name)\n')
    assert [line.split(":")[-1] for line in raw_html_calls(sample)] == ["3", "4"]


def test_nothing_is_unpickled_from_disk():
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in SOURCES
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if UNPICKLING.search(line) and not line.lstrip().startswith("#") and '"""' not in line]
    assert hits == []


def test_requests_cache_if_used_never_uses_its_pickle_default():
    for path in SOURCES:
        for call in _calls(path):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name in ("CachedSession", "install_cache"):
                serializer = next((k.value for k in call.keywords if k.arg == "serializer"), None)
                assert serializer is not None and _is_literal(serializer) and serializer.value == "json", \
                    f"{path.relative_to(ROOT)}:{call.lineno} caches responses with pickle"
