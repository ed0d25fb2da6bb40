"""literal(): outside text shown by a markdown element is one code span, so nothing in it is interpreted."""
import re

import pytest

from dashboard.safe_text import literal


def span_content(span: str) -> str:
    """The text CommonMark shows for a code span, checking the fence is longer than any backtick run inside."""
    fence = re.match(r"`+", span)[0]
    assert span.endswith(fence) and len(span) > 2 * len(fence)
    inner = span[len(fence):-len(fence)]
    assert all(len(run) != len(fence) for run in re.findall(r"`+", inner))
    return inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") and inner.strip() else inner


@pytest.mark.parametrize("payload", ["[x](javascript:alert(1))", "![x](https://evil.example/p.png)",
                                     "<img src=x onerror=alert(1)>", "https://evil.example/", "www.evil.example",
                                     "a@evil.example", "$\\href{javascript:alert(1)}{x}$", ":red[x] :material/home:",
                                     "**bold** _it_", "&lt;script&gt;", "`code`", "a ``` b", "`"])
def test_payload_is_one_code_span_showing_exactly_the_payload(payload):
    assert span_content(literal(payload)) == payload


def test_newlines_and_controls_become_one_line_and_long_text_is_cut():
    assert literal("a\n\n# b\x00c\r\td") == "`a # b c d`"
    assert literal("x" * 50, limit=10) == "`" + "x" * 10 + "…`"
    assert literal("  ") == ""
