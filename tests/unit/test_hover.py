"""Hover labels: the value first and formatted, lines wrapped at 100 characters, outside text inert."""
import textwrap

import pytest

from dashboard.hover import WIDTH, _wrap, hover, musd, percent


def test_values_are_formatted_with_a_typographic_minus():
    assert musd(-35.71e6) == "−35.71 M USD"
    assert musd(1_234.5e6) == "1,234.50 M USD"
    assert musd(8_524_959.81, sign=True) == "+8.52 M USD"
    assert musd(float("nan")) == ""
    assert percent(-0.487815) == "−48.8 %"
    assert percent(0.11953) == "+12.0 %"  # Armstat 2023 exports: 79.85 / 71.32 − 1


def test_long_lines_are_wrapped_at_one_hundred_characters():
    words = "Reproduced by Armenia's turnover (exports + imports by origin), Armstat, 2023, edition of 13 Feb 2024"
    long = " ".join([words] * 3)  # 305 characters
    label = hover("71.32 M USD · Armenia's exports, Armstat", long)
    lines = label.split("<br>")
    assert lines[0] == "71.32 M USD · Armenia's exports, Armstat"
    assert len(lines) == 5 and all(len(line) <= 100 for line in lines)
    assert " ".join(lines[1:]) == long


def test_outside_text_cannot_form_a_tag_and_empty_lines_are_left_out():
    assert hover("<img src=x onerror=alert(1)>", "", None) == "&lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.parametrize("line", [
    "", " ", "71.32 M USD · mean of X and M_fob", "x" * 100, "x" * 101, " leading", "trailing ", "two  spaces",
    "tab\there", "new\nline", "carriage\rreturn", "form\x0cfeed", "no-break\u00a0space", "ends in an em space\u2003",
    "\u2003starts with one", "a \u2003 b", "word " * 19 + "word", "word " * 20, "<b>bold</b> & more",
    "Armenia's exports vs Kazakhstan's imports by consignment (only Armenia reported), edition of 25 Feb 2025 …",
])
def test_the_fast_wrap_is_textwraps_for_every_kind_of_line(line):
    assert _wrap(line, WIDTH) == textwrap.wrap(line, width=WIDTH)
