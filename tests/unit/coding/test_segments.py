from revcycle.coding.segments import phrases


def test_phrases_trim_filler_and_keep_offsets():
    # given a note with quantities, relatives and hedges
    note = "Cough for 5 days; rule out pneumonia. Mother had breast cancer. He passed out. Temp 38.5 C."
    # when cut into phrases
    found = phrases(note)
    # then the phrases carry what an index term would say, with exact offsets into the note
    assert [p.text for p in found] == ["Cough", "pneumonia", "breast cancer", "passed out", "Temp 38.5 C"]
    assert all(note[p.start : p.end] == p.text for p in found)


def test_long_clauses_are_covered_by_overlapping_windows():
    note = "progressive painless jaundice pruritus weight loss anorexia fatigue"
    assert [p.text for p in phrases(note)] == [
        "progressive painless jaundice pruritus",
        "jaundice pruritus weight loss",
        "weight loss anorexia fatigue",
    ]


def test_duration_words_are_left_out_of_the_lookup_but_type_numbers_stay():
    # given a duration in words and a diabetes type number
    found = phrases("Cough for ten days. Type 2 diabetes, thirst for 3 weeks with fatigue.")
    # then the looked-up words drop the durations and keep "2"
    assert [(p.text, p.lookup) for p in found] == [
        ("Cough", "Cough"),
        ("Type 2 diabetes", "Type 2 diabetes"),
        ("thirst for 3 weeks with fatigue", "thirst for with fatigue"),
    ]
