"""The glossary is one click away on every page and explains each term the issue names."""
from __future__ import annotations

import pytest

from dashboard.glossary import TERMS
from tests.app.test_pages import PAGES, run_page

NAMED = ["FOB", "CIF", "Mirror", "Turnover", "Vintage", "Origin vs consignment", "Re-export", "Residual"]


def test_every_named_term_is_explained():
    terms = [term for term, _ in TERMS]
    assert all(any(term.startswith(name) for term in terms) for name in NAMED), terms


@pytest.mark.parametrize("page", [PAGES[0], PAGES[-1]])  # NB drawn by the entry script, so the same on every page
def test_every_page_has_the_glossary(page):
    at = run_page(page)
    text = " ".join(m.value for m in at.sidebar.markdown)
    assert "**Origin vs consignment**" in text and "**Residual**" in text
