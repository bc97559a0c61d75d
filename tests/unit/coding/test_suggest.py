from datetime import date

import pytest

from revcycle.codesets.icd10cm import release_for
from revcycle.coding.suggest import suggest
from revcycle.kernel import ErrorCode, RevcycleError

DOS = date(2026, 1, 15)


def _codes(result):
    return [d.code for d in result.diagnoses]


def _aside(result):
    return {a.code: a.reason for a in result.set_aside}


def test_combination_code_for_diabetes_with_neuropathy():
    # given diabetes documented with its complication
    result = suggest("Type 2 diabetes with diabetic neuropathy.", DOS)
    # then the combination code, not E11.9 + a separate neuropathy code
    assert "E11.40" in _codes(result)
    assert "E11.9" not in _codes(result) and "G62.9" not in _codes(result)


def test_negated_finding_is_set_aside():
    result = suggest("Patient denies chest pain.", DOS)
    assert "R07.9" not in _codes(result)
    assert _aside(result)["R07.9"] == "negated in the note"


def test_history_of_mi_is_the_old_mi_code_not_an_acute_one():
    result = suggest("History of myocardial infarction.", DOS)
    assert "I25.2" in _codes(result)
    assert not [code for code in _codes(result) if code.startswith(("I21", "I22"))]


def test_family_and_personal_history_of_breast_cancer():
    family = suggest("Mother had breast cancer.", DOS)
    assert "Z80.3" in _codes(family)
    assert not [code for code in _codes(family) if code.startswith("C")]
    personal = suggest("Hx of breast cancer.", DOS)
    assert "Z85.3" in _codes(personal)


def test_uncertain_diagnosis_codes_the_symptom_in_outpatient_settings():
    note = "Cough for 5 days. Rule out pneumonia."
    result = suggest(note, DOS)
    assert "R05.9" in _codes(result)
    assert "J18.9" not in _codes(result)
    assert "guideline IV.H" in _aside(result)["J18.9"]
    # inpatient: the uncertain diagnosis is coded as if established
    assert "J18.9" in _codes(suggest(note, DOS, setting="inpatient"))


def test_injury_gets_its_seventh_character_and_a_prompt():
    result = suggest("Fracture of right radius.", DOS)
    fractures = [d for d in result.diagnoses if d.code.startswith("S52")]
    assert fractures and all(d.code.endswith("A") for d in fractures)
    assert (
        fractures[0]
        .prompts[0]
        .startswith("episode of care: A (initial encounter for closed fracture) assumed")
    )


def test_every_suggestion_is_billable_and_its_evidence_points_into_the_note():
    note = "58 year old with essential hypertension and type 2 diabetes. Cough. Fell from a ladder, sprained right ankle."
    result = suggest(note, DOS, age=58, sex="M")
    release = release_for(DOS)
    assert result.diagnoses
    for item in result.diagnoses:
        assert release.is_billable(item.code), item.code
        assert 0.0 < item.confidence <= 1.0
        for evidence in item.evidence:
            assert note[evidence.start : evidence.end] == evidence.text
    assert "I10" in _codes(result)


def test_a_relatives_history_is_not_the_patients_and_the_specific_code_wins():
    # given a family history phrase the index reads as "history of colon cancer", and asthma twice
    note = "PMH: asthma. Family history of colon cancer in father. Assessment: mild intermittent asthma. Follow up in 2 weeks."
    result = suggest(note, DOS)
    codes = _codes(result)
    # then the family-history code only, the specific asthma code only, and no Z09 for a plan
    assert "Z80.0" in codes and "Z85.038" not in codes
    assert "J45.20" in codes and "J45.909" not in codes
    assert _aside(result)["J45.909"] == "J45.20 says the same more specifically"
    assert "Z09" not in codes


def test_an_unknown_setting_is_refused():
    with pytest.raises(RevcycleError) as raised:
        suggest("Cough.", DOS, setting="clinic")
    assert raised.value.code is ErrorCode.VALIDATION


def test_a_diagnosis_documented_as_without_complications_is_suggested():
    # given a note that words type 2 diabetes as its code title
    note = "Type 2 diabetes mellitus without complications, well controlled. Hemoglobin A1c ordered."
    # when suggested / then E11.9 is offered first, not set aside as negated
    found = suggest(note, date(2026, 2, 2), age=50, sex="F")
    assert found.diagnoses[0].code == "E11.9"
    assert "E11.9" not in [item.code for item in found.set_aside]


def test_a_phrase_naming_two_conditions_is_looked_up_in_parts():
    # given a clause that runs a diagnosis and a symptom together, with a duration in words
    result = suggest("Acute sinusitis for ten days with facial pain.", DOS)
    # then the diagnosis is found in its part of the clause, with that part as evidence
    sinusitis = next(d for d in result.diagnoses if d.code == "J01.90")
    assert [(e.start, e.end, e.text) for e in sinusitis.evidence] == [(0, 15, "Acute sinusitis")]


def test_a_lesser_hit_of_exactly_matched_words_is_not_a_second_code():
    # given words the index matches exactly to acute maxillary sinusitis
    result = suggest("Patient presents with acute maxillary sinusitis.", DOS)
    # then J01.00 alone; the chronic "Sinusitis > maxillary" reading is set aside
    assert _codes(result) == ["J01.00"]
    assert _aside(result)["J32.0"] == "another reading of words the index matches exactly to J01.00"


def test_a_drug_the_patient_takes_is_not_a_poisoning_code_but_an_overdose_is():
    # given a drug taken as prescribed, and one taken in overdose
    taken = suggest("Hypertension, stable on lisinopril. Otitis media, amoxicillin started.", DOS)
    overdose = suggest("Accidental overdose of amoxicillin.", DOS)
    # then no T36-T50 code for the first, and the poisoning code for the second
    assert not [code for code in _codes(taken) if code.startswith("T")]
    assert "T36.0X1A" in _codes(overdose)


def test_a_body_part_alone_is_not_a_neoplasm_and_a_phrase_is_read_in_well_known_parts():
    # given warts named with where they are, and a condition named with its drug
    warts = suggest("Common warts on both hands.", DOS)
    thyroid = suggest("Hypothyroidism on levothyroxine, fatigue improved.", DOS)
    # then the wart code, nothing from the Neoplasm table for "hands"; hypothyroidism unspecified, not E03.8;
    # the fatigue is part of the hypothyroidism (guideline I.B.5), not coded beside it
    assert _codes(warts) == ["B07.8"]
    assert _codes(thyroid) == ["E03.9"]
    assert _aside(thyroid)["R53.83"] == "R53.83 with E03.9: do not code R53.83, a sign or symptom routinely part of E03.9 (I.B.5)"


def test_a_vaccine_given_brings_the_immunization_encounter_code():
    # when a note documents a flu vaccine given
    result = suggest("Here for the flu shot. Influenza vaccine given in the left deltoid.", DOS)
    # then Z23 with the vaccine as evidence
    z23 = next(d for d in result.diagnoses if d.code == "Z23")
    assert [e.text for e in z23.evidence] == ["flu shot"]


def test_a_disease_written_as_its_index_term_is_confident_and_its_shorter_reading_set_aside():
    # given diseases written as index terms, and a symptom
    result = suggest(
        "Multiple skin tags on the neck. Type 2 diabetes mellitus without complications. Numbness.", DOS
    )
    confidence = {d.code: d.confidence for d in result.diagnoses}
    # then the diseases are confident, the symptom is left for a coder to weigh (0.5)
    assert (confidence["L91.8"], confidence["R20.0"]) == (0.85, 0.5)
    assert confidence["E11.9"] >= 0.85
    # and "diabetes mellitus without complications" alone is not also E13.9
    assert "E13.9" not in confidence


def test_words_that_name_a_test_are_not_a_diagnosis():
    # given a note naming an A1c test (the index reads "hemoglobin" toward hemoglobin S)
    result = suggest("Type 2 diabetes mellitus without complications. Hemoglobin A1c drawn today.", DOS)
    # then only the diabetes is suggested: "Hemoglobin > S" needs its subterm "S" in the words (word sense)
    assert _codes(result) == ["E11.9"]
    assert "D57.3" not in _aside(result)
