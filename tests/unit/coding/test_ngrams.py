import pytest

from revcycle.coding.ngrams import NgramTable, near_grams, note_grams, precision


def test_note_grams_are_lower_case_word_runs_up_to_three_words_within_a_line():
    # given a note of two lines
    note = "Fever and pain.\nNo cough"
    # when its n-grams are taken
    grams = note_grams(note)
    # then each line gives its words, pairs and triples, and no n-gram joins the two lines ("pain no")
    assert grams == {
        "fever",
        "and",
        "pain",
        "fever and",
        "and pain",
        "fever and pain",
        "no",
        "cough",
        "no cough",
    }


def test_precision_counts_the_ngram_once_more_than_seen():
    # given an n-gram in 3 training cases, 2 of them coded with the code
    # then its precision for the code is 2 / (3 + 1)
    assert precision(2, 3) == 0.5


def _table() -> NgramTable:
    texts = ["disease free", "disease free survival", "crohn disease"]
    labels = [["R69"], ["R69", "C34.90"], ["K50.90"]]
    return NgramTable.fit(texts, labels)


def test_table_keeps_the_pairs_seen_in_two_cases_and_the_case_counts():
    # given three coded cases
    # when the table is fitted
    table = _table()
    # then only the n-grams met with a code in two cases are kept, with their case counts
    assert table.pairs == {"disease": [("R69", 2)], "disease free": [("R69", 2)], "free": [("R69", 2)]}
    assert table.df == {"disease": 3, "disease free": 2, "free": 2}
    assert table.code_cases == {"R69": 2, "C34.90": 1, "K50.90": 1}


def test_evidence_of_a_note_is_its_best_ngrams_per_code():
    # given the fitted table and a note holding 'disease', 'free' and 'disease free'
    table = _table()
    # when the note's evidence is read
    evidence = table.evidence("Disease free at 5 years")
    # then R69's best n-gram is seen in 2 cases, both coded R69 (2 / 3), the second best as precise, all three
    # are strong and the three precisions add up
    assert list(evidence) == ["R69"]
    assert evidence["R69"] == pytest.approx(
        {
            "ng_prec": 2 / 3,
            "ng_co": 2.0,
            "ng_df": 2.0,
            "ng_cover": 1.0,
            "ng_second": 2 / 3,
            "ng_strong": 3.0,
            "ng_sum": 2 / 3 + 2 / 3 + 0.5,
        }
    )


def test_a_word_also_met_without_the_code_is_weaker_evidence():
    # given the fitted table
    # when a note holds 'disease' only, which one training case had without R69
    evidence = _table().evidence("Crohn's disease was never seen before")
    # then R69's evidence is that word alone: 2 cases with R69 of 3 with the word, 2 / 4
    assert evidence == {
        "R69": pytest.approx(
            {
                "ng_prec": 0.5,
                "ng_co": 2.0,
                "ng_df": 3.0,
                "ng_cover": 1.0,
                "ng_second": 0.0,
                "ng_strong": 1.0,
                "ng_sum": 0.5,
            }
        )
    }


def test_a_note_without_a_kept_ngram_has_no_evidence():
    # given the fitted table
    # when a note holds no n-gram met with a code in two cases
    # then no code has evidence
    assert _table().evidence("Crohn colitis") == {}


def test_near_grams_are_those_of_the_lines_around_the_offset():
    # given a note of four lines and a code read at offset 16 (inside the second line)
    note = "Fever.\nNo pain here.\nDisease free.\nCough"
    # when the n-grams near it are taken, on its line alone and one line either side
    alone = near_grams(note, [("R52", 16)], width=0)
    around = near_grams(note, [("R52", 16)], width=1)
    # then the first holds the second line's n-grams, the second also the first and third lines'
    assert alone == {"R52": {"no", "pain", "here", "no pain", "pain here", "no pain here"}}
    assert around == {"R52": alone["R52"] | {"fever", "disease", "free", "disease free"}}


def test_a_table_of_near_ngrams_pairs_a_code_only_with_the_words_it_was_read_from():
    # given two cases coded R69 and R50.9, each code read on its own line
    texts = ["Fever.\nDisease free.", "Disease free.\nFever."]
    labels = [["R69", "R50.9"], ["R69", "R50.9"]]
    places = [[("R69", 7), ("R50.9", 0)], [("R69", 0), ("R50.9", 14)]]
    # when the table is fitted with where the codes were read, and without
    near = NgramTable.fit(texts, labels, places, width=0)
    whole = NgramTable.fit(texts, labels)
    # then near n-grams pair 'fever' with R50.9 only; the whole cases pair it with both codes
    assert near.pairs == {
        "disease": [("R69", 2)],
        "disease free": [("R69", 2)],
        "fever": [("R50.9", 2)],
        "free": [("R69", 2)],
    }
    assert whole.pairs["fever"] == [("R50.9", 2), ("R69", 2)]
