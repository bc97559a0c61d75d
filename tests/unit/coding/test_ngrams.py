import pytest

from revcycle.coding.ngrams import NgramTable, note_grams, precision


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
