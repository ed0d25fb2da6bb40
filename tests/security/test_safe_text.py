"""literal(): outside text shown by a markdown element cannot become a link, an image, HTML, math or a directive."""
import re
import string

import pytest

from dashboard.safe_text import literal


@pytest.mark.parametrize("payload", ["[x](javascript:alert(1))", "![x](https://evil.example/p.png)",
                                     "<img src=x onerror=alert(1)>", "https://evil.example/", "www.evil.example",
                                     "$\\href{javascript:alert(1)}{x}$", ":red[x] :material/home:", "**bold** _it_",
                                     "# heading", "&lt;script&gt;", "`code`"])
def test_every_markup_character_is_escaped(payload):
    escaped = literal(payload)
    unescaped = re.sub(r"\\.", "", escaped)  # what is left once every backslash escape is taken out
    assert not set(unescaped) & set(string.punctuation), escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == payload


def test_newlines_and_controls_become_one_line_and_long_text_is_cut():
    assert literal("a\n\n# b\x00c\r\td") == "a \\# b c d"
    assert literal("x" * 50, limit=10) == "x" * 10 + "…"
