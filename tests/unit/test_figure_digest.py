"""The figure cache's content digest: equal for equal frames, different for any change a chart could show."""
import pandas as pd

from dashboard.figures import content_digest


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"year": [2022, 2023], "reporter": ["ARM", "KAZ"], "value_usd": [100.48e6, 103.67e6]})


def test_equal_frames_have_one_digest():
    assert content_digest(_frame()) == content_digest(_frame().copy())


def test_a_value_a_label_an_index_a_name_or_a_dtype_changes_the_digest():
    base = content_digest(_frame())
    changed = [
        _frame().assign(value_usd=[100.48e6, 110.13e6]),
        _frame().assign(reporter=["ARM", "KGZ"]),
        _frame().set_axis([1, 2]),
        _frame().rename(columns={"value_usd": "m_value_usd"}),
        _frame().astype({"year": "int32"}),
        _frame().iloc[:1],
    ]
    digests = [content_digest(frame) for frame in changed]
    assert base not in digests and len(set(digests)) == len(changed)


def test_a_series_is_digested_with_its_name():
    values = _frame()["value_usd"]
    assert content_digest(values) == content_digest(values.copy())
    assert content_digest(values) != content_digest(values.rename("x_value_usd"))
