"""CSV bytes: formula-looking text is neutralised, numbers are untouched, quoting survives a round trip."""
import io

import pandas as pd

from loaders.csv_export import to_csv_bytes


def test_formula_prefixes_are_neutralised_in_text_only():
    frame = pd.DataFrame({
        "note": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\ry", "plain", None],
        "value_usd": [-5.0, 1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    })
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), keep_default_na=False)
    assert back["note"].tolist()[:6] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\ry"]
    assert back["note"].tolist()[6:] == ["plain", ""]
    assert back["value_usd"].tolist() == [-5.0, 1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0]


def test_quotes_commas_and_newlines_round_trip():
    frame = pd.DataFrame({"note": ['say "hi", then\nleave'], "value_usd": [1.5]})
    raw = to_csv_bytes(frame)
    assert b'"say ""hi"", then\nleave"' in raw
    assert pd.read_csv(io.BytesIO(raw))["note"].tolist() == ['say "hi", then\nleave']


def test_dates_are_iso_and_rows_end_in_crlf():
    frame = pd.DataFrame({"vintage": pd.to_datetime(["2025-02-25"]), "value_usd": [1.0]})
    assert to_csv_bytes(frame) == b"vintage,value_usd\r\n2025-02-25,1.0\r\n"
