"""The search index's parts on their own: words, abbreviations, the compiled store, the scorer."""

from __future__ import annotations

import pytest

from revcycle.codesets.search.abbreviations import expand
from revcycle.codesets.search.entries import Entry, clean_code
from revcycle.codesets.search.index import SearchIndex
from revcycle.codesets.search.query import parse_query
from revcycle.codesets.search.store import read_index, write_index
from revcycle.codesets.search.text import marked_words, path_key, without_modifiers, words


def test_words_fold_case_plurals_possessives_roman_numerals_and_stop_words():
    # when / then
    assert words("Fractures of the Colles' type II") == ["fracture", "colle", "type", "2"]
    assert words("Charcot's joints") == ["charcot", "joint"]
    assert words("Diabetes, diabetic (mellitus)") == ["diabete", "diabetic", "mellitus"]


def test_words_after_without_are_marked_negated_until_the_clause_ends():
    # when / then
    assert marked_words("Nausea (without vomiting)") == ["nausea", "without", "~vomiting"]
    assert marked_words("diabetes without complications in remission") == [
        "diabete", "without", "~complication", "remission",
    ]
    assert marked_words("without coma > hypoglycemia") == ["without", "~coma", "hypoglycemia"]


def test_path_key_drops_nested_modifiers_and_case():
    # when / then
    assert path_key("Abrasion > foot (except toe(s) alone)") == "abrasion > foot"
    assert path_key("Achromat (ism), achromatopsia (acquired)") == "achromat"
    assert path_key("Diabetes, diabetic (mellitus) (sugar) > type 2") == "diabetes > type 2"
    assert path_key("Fracture, traumatic (abduction) > radius") == "fracture, traumatic > radius"
    assert without_modifiers("Pneumonia (acute) (double)  > aspiration") == "Pneumonia > aspiration"


def test_abbreviations_expand_and_keep_punctuation():
    # when / then
    assert expand("T2DM w/ CKD, r/o UTI") == "diabetes type 2 with chronic kidney disease,  urinary tract infection"
    assert expand("fx distal radius > left") == "fracture distal radius > left"


def test_clean_code_strips_the_dash_and_marks_incomplete():
    # when / then
    assert clean_code("E11.1-") == ("E11.1", True)
    assert clean_code("S52.-") == ("S52", True)
    assert clean_code("J69.0") == ("J69.0", False)
    assert clean_code("--") == ("", False)


def _small_index() -> SearchIndex:
    return SearchIndex.from_entries(
        [
            Entry("J18.9", "Pneumonia", "index", "Pneumonia", "(acute) (double)"),
            Entry("J69.0", "Pneumonia > aspiration", "index", "Pneumonia > aspiration", depth=1),
            Entry("J69.0", "Aspiration > pneumonia", "index", "Aspiration > pneumonia", depth=1),
            Entry("R11.0", "Nausea", "index", "Nausea", "(without vomiting)"),
            Entry("R11.2", "Nausea > with vomiting", "index", "Nausea > with vomiting", depth=1),
        ]
    )


def test_scorer_prefers_entries_covering_every_typed_word_and_nothing_more():
    # given
    index = _small_index()
    # when
    ranked = index.rank(parse_query("pneumonia aspiration", index).slots, top=10)
    # then the two aspiration entries tie at the top (document order), J18.9 covers half
    assert [index.entry_code(entry) for entry, _ in ranked] == ["J69.0", "J69.0", "J18.9"]
    assert ranked[0][1] == pytest.approx(0.996)  # full cover, one level deep (prior 1 - 0.004)


def test_optional_words_count_when_typed_and_never_hold_an_entry_back():
    # given
    index = _small_index()
    # when
    acute = index.rank(parse_query("acute pneumonia", index).slots, top=1)
    plain = index.rank(parse_query("pneumonia", index).slots, top=1)
    # then
    assert index.entry_code(acute[0][0]) == "J18.9"
    assert acute[0][1] == 1.0
    assert (index.entry_code(plain[0][0]), plain[0][1]) == ("J18.9", 1.0)


def test_negated_modifier_does_not_match_the_positive_word():
    # given
    index = _small_index()
    # when
    ranked = index.rank(parse_query("nausea vomiting", index).slots, top=1)
    # then
    assert index.entry_code(ranked[0][0]) == "R11.2"


def test_misspelled_and_partial_words_become_fuzzy_and_prefix_slots():
    # given
    index = _small_index()
    # when
    parsed = parse_query("pnuemonia aspir qqqq", index)
    # then
    assert [(slot.typed, slot.kind) for slot in parsed.slots] == [("pnuemonia", "fuzzy"), ("aspir", "prefix")]
    assert parsed.ignored == ("qqqq",)


def test_store_round_trips_arrays_and_strings(tmp_path):
    # given
    index = _small_index()
    path = tmp_path / "index.bin.gz"
    strings = {"vocabulary": index.vocabulary, "codes": index.codes, "paths": index.paths,
               "columns": index.columns, "sees": index.sees, "empty": []}
    # when
    write_index(path, {"about": "test"}, index.arrays, strings)
    stored = read_index(path)
    # then
    assert stored.about == {"about": "test"}
    assert stored.strings == strings
    assert all((stored.arrays[name] == array).all() for name, array in index.arrays.items())
    assert {name: array.dtype for name, array in stored.arrays.items()} == {
        name: array.dtype for name, array in index.arrays.items()
    }
