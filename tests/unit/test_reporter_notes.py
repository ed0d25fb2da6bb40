"""The reliability ranking's caution: which reporters it names, against which median, and when it says nothing."""
import pandas as pd

from loaders.world.reporter_notes import equal_to_mirror_note


def reporters(*rows):
    return pd.DataFrame(rows, columns=["reporter", "share_equal_to_mirror", "reliability"])


def test_reporters_at_ten_percent_or_more_are_named_against_the_median():
    note = equal_to_mirror_note(reporters(("LBY", 0.185, 0.92), ("DEU", 0.02, 0.85), ("ITA", 0.01, 0.84),
                                          ("XXX", 0.10, 0.50), ("UNR", 0.90, None)))
    # rated: LBY, DEU, ITA, XXX; median share (0.02 + 0.10) / 2 = 6.0 %; UNR has no reliability, so it is not named
    assert note.startswith("Read with care: LBY (18% of its compared pairs), XXX (10% of its compared pairs) report")
    assert "the median reporter does so in 6.0% of its pairs" in note
    assert "UNR" not in note and "DEU" not in note


def test_no_reporter_over_the_line_says_nothing():
    assert equal_to_mirror_note(reporters(("DEU", 0.02, 0.85), ("ITA", 0.099, 0.84))) == ""
    assert equal_to_mirror_note(reporters()) == ""


def test_the_reliability_chart_draws_a_reporter_that_looks_derived_pale():
    from dashboard.world_charts import FLAGGED_COLOR, GAP_COLOR, reliability_bars

    rated = reporters(("LBY", 0.185, 0.92), ("DEU", 0.02, 0.85), ("YEM", None, 0.24)).assign(
        median_abs_log_gap=[0.08, 0.16, 1.43], partners_compared=[76, 178, 51])
    bar = reliability_bars(rated, "t").to_dict()["data"][0]
    colours = dict(zip(bar["y"], bar["marker"]["color"]))
    assert colours == {"LBY": FLAGGED_COLOR, "DEU": GAP_COLOR, "YEM": GAP_COLOR}
    hover = dict(zip(bar["y"], bar["hovertext"]))
    assert hover["LBY"].endswith("look derived from its partners' (read with care)") and "derived" not in hover["DEU"]
