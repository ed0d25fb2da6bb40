"""Query validation and the CLI's parsers: bad input is a QueryError that says what to change."""
import pytest

from loaders.query import Query, QueryError, parse_pair, parse_years


def test_pair_and_years_parse():
    assert parse_pair(" arm-kaz ") == ("ARM", "KAZ")
    assert parse_years("2015-2024") == (2015, 2024)
    assert parse_years("2023") == (2023, 2023)


@pytest.mark.parametrize("text", ["ARM", "ARM-KAZ-RUS", "AR1-KAZ", "../../etc", ""])
def test_malformed_pairs_are_refused(text):
    with pytest.raises(QueryError, match="pair must look like ARM-KAZ"):
        parse_pair(text)


@pytest.mark.parametrize("text", ["2024-2015", "abc", "1800-1900", "2015-2020-2024", "99999"])
def test_reversed_or_absurd_years_are_refused(text):
    with pytest.raises(QueryError, match="years must look like"):
        parse_years(text)


@pytest.mark.parametrize(("fields", "message"), [
    ({"pair": ("ARM", "XXX")}, "unknown country code"),
    ({"pair": ("ARM", "ARM")}, "two different countries"),
    ({"margin": 0.9}, "margin must be between"),
    ({"flow": "smuggling"}, "flow must be one of"),
    ({"years": (2024, 2015)}, "years must satisfy"),
])
def test_invalid_queries_say_why(fields, message):
    with pytest.raises(QueryError, match=message):
        Query(**fields)
