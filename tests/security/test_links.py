"""Links from data are http(s) only: records, events and statements refuse other schemes at the loader boundary."""
import pandas as pd
import pytest

from loaders.schema import RECORD_COLUMNS, RecordError, check_links, validate_records
from loaders.store.snapshot import read_snapshot
from tests.factories import annual, write_snapshot

SCHEMES = ["javascript:alert(1)", "JavaScript:alert(1)", " \tjavascript:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd"]
MARKUP_URLS = ['https://example.org/"><svg onload=alert(1)>', "https://example.org/<script>", "https://a b",
               "https://example.org/`x`", "https://example.org/\\x"]


@pytest.mark.parametrize("url", SCHEMES + MARKUP_URLS)
def test_record_source_url_must_be_a_plain_web_link(url):
    rows = pd.DataFrame([annual(2023, source_url=url)], columns=RECORD_COLUMNS)
    with pytest.raises(RecordError, match="column source_url"):
        validate_records(rows, origin="bad.csv")


@pytest.mark.parametrize("url", SCHEMES + MARKUP_URLS + ["same article"])
def test_event_link_must_be_web_link(url):
    events = pd.DataFrame({"source_url": ["https://example.org/ok", url]})
    with pytest.raises(RecordError, match=r"events\.csv: row 3, column source_url: not an http\(s\) link"):
        check_links(events, "source_url", "events.csv")


@pytest.mark.parametrize("url", SCHEMES)
def test_statement_citation_cannot_carry_another_scheme(url):
    statements = pd.DataFrame({"source_url": [url]})
    with pytest.raises(RecordError, match="statements.csv: row 2"):
        check_links(statements, "source_url", "statements.csv", citations=True)


def test_statement_citation_text_and_web_links_pass():
    statements = pd.DataFrame({"source_url": ["same article", "The Times of Central Asia: 'headline' (Nov 2025)",
                                              "https://example.org/a?b=1", None]})
    check_links(statements, "source_url", "statements.csv", citations=True)


def test_snapshot_with_a_javascript_event_link_is_refused_naming_the_file(tmp_path):
    folder = write_snapshot(tmp_path / "snap", [annual(2023)])
    pd.DataFrame([{"event_id": "e", "date": "2023-01-01", "end_date": "", "date_precision": "day", "label": "x",
                   "description": "y", "source_url": "javascript:alert(1)"}]).to_csv(folder / "events.csv", index=False)
    with pytest.raises(RecordError, match=r"events\.csv: row 2, column source_url"):
        read_snapshot(folder)
