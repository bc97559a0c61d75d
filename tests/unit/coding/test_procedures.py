from datetime import date

from revcycle.coding.procedures import suggest_procedures

DOS = date(2026, 1, 15)


def test_common_phrases_map_to_cpt_and_hcpcs():
    # given a note documenting labs, an ECG, a vaccine and an injection
    note = "ECG performed. CBC and venipuncture. Flu vaccine given. B12 injection administered."
    # when / then product + administration pairs come out in note order
    found = suggest_procedures(note, DOS)
    assert [(p.code, p.system) for p in found] == [
        ("93000", "cpt"),
        ("85025", "cpt"),
        ("36415", "cpt"),
        ("90686", "cpt"),
        ("90471", "cpt"),
        ("G0008", "hcpcs"),
        ("J3420", "hcpcs"),
        ("96372", "cpt"),
    ]
    assert (found[0].start, found[0].end, found[0].text) == (0, 3, "ECG")
    assert (
        found[5].why
        == "Medicare alternative to the administration code: influenza vaccine product + administration"
    )


def test_negated_procedures_are_not_coded():
    assert suggest_procedures("Patient declined the flu vaccine. No ECG today.", DOS) == []


def test_a_test_only_ordered_is_not_billed_but_one_done_is():
    # given a note that orders a lipid panel and did an ECG in the office
    note = "Hypertension. Lipid panel ordered; will obtain chest x-ray next week. ECG done today, normal sinus rhythm."
    # when procedures are suggested
    found = suggest_procedures(note, DOS)
    # then only the ECG performed here is suggested
    assert [(p.code, p.text) for p in found] == [("93000", "ECG")]
