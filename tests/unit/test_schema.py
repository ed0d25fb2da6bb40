"""The record schema: valid rows pass with the right types, each kind of bad row is named by file, row and column."""
import pandas as pd
import pytest

from loaders.schema import RECORD_COLUMNS, RecordError, validate_records
from tests.factories import annual


def frame(*rows):
    return pd.DataFrame(list(rows), columns=RECORD_COLUMNS)


def test_valid_rows_keep_codes_as_text_and_missing_as_na():
    out = validate_records(frame(annual(2023, hs_code="0101", value_usd=None), annual(2022)), origin="x.csv")
    assert out["hs_code"].tolist() == ["0101", "TOTAL"]
    assert pd.isna(out.loc[0, "value_usd"])
    assert out.loc[1, "value_usd"] == 100.0
    assert pd.api.types.is_datetime64_any_dtype(out["period_start"])


@pytest.mark.parametrize(("field", "value", "column"), [
    ("reporter", "XXX", "reporter"),
    ("flow", "smuggling", "flow"),
    ("partner_basis", "vibes", "partner_basis"),
    ("valuation", "EXW", "valuation"),
    ("hs_code", "870", "hs_code"),
    ("confidence", "Z", "confidence"),
    ("source_url", "javascript:alert(1)", "source_url"),
    ("value_usd", -5.0, "value_usd"),
])
def test_bad_value_is_named_by_file_row_and_column(field, value, column):
    with pytest.raises(RecordError) as error:
        validate_records(frame(annual(2022), annual(2023, **{field: value})), origin="bad.csv")
    message = str(error.value)
    assert "bad.csv" in message and "row 3" in message and f"column {column}" in message


def test_period_end_before_start_is_a_row_error():
    with pytest.raises(RecordError, match=r"bad\.csv: row 2, column \(row\): fails period_end before period_start"):
        validate_records(frame(annual(2023, period_end="2022-01-01")), origin="bad.csv")


def test_reporter_equal_to_partner_is_rejected():
    with pytest.raises(RecordError, match="reporter equals partner"):
        validate_records(frame(annual(2023, partner="ARM")), origin="bad.csv")


def test_unexpected_or_missing_columns_are_named():
    wrong = frame(annual(2023)).rename(columns={"note": "notes"})
    with pytest.raises(RecordError, match=r"missing \['note'\], unexpected \['notes'\]"):
        validate_records(wrong, origin="bad.csv")
