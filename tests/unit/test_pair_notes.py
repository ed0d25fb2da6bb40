"""Plain notes on what a pair's data is made of: none, only the IMF, only one side, IMF estimates."""
from loaders.pair_notes import pair_notes
from loaders.store.dataset import load_dataset


def test_a_pair_only_the_imf_covers_says_so_and_counts_its_estimates():
    notes = pair_notes(load_dataset(pair=("FIN", "SUN")).records, ("FIN", "SUN"))
    assert notes[0].startswith("Only the IMF's Direction of Trade Statistics covers this pair")
    assert any("are IMF estimates (flag e)" in n for n in notes)


def test_a_pair_both_national_offices_report_notes_only_its_imf_estimates():
    notes = pair_notes(load_dataset(pair=("KAZ", "KGZ")).records, ("KAZ", "KGZ"))
    assert len(notes) == 1 and notes[0].startswith("2 of this pair's 194 figures are IMF estimates")


def test_a_pair_without_data_says_so():
    notes = pair_notes(load_dataset(pair=("DDR", "SSD")).records, ("DDR", "SSD"))
    expected = ("No source in this snapshot has figures for German Democratic Republic (former) – South Sudan: "
                "every chart and table is empty.")
    assert notes == [expected]
