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


def test_a_time_of_day_is_dropped_so_every_date_reads_the_same():
    retrieved = pd.to_datetime(["2025-02-25 13:45", "2025-02-26 00:00"])
    frame = pd.DataFrame({"retrieved": retrieved, "value_usd": [1.0, 2.0]})
    assert to_csv_bytes(frame) == b"retrieved,value_usd\r\n2025-02-25,1.0\r\n2025-02-26,2.0\r\n"


def test_text_in_a_column_that_also_holds_numbers_is_neutralised():
    frame = pd.DataFrame({"stated": pd.Series(["=SUM(A1)", 3, "-2"], dtype="object")})
    assert to_csv_bytes(frame) == b"stated\r\n'=SUM(A1)\r\n3\r\n'-2\r\n"
