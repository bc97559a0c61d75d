"""Term -> codes search over the shipped ICD-10-CM index, by date of service."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.codesets.search import lookup_path, search
from revcycle.kernel.errors import ErrorCode, RevcycleError

FY2025_DOS = date(2025, 6, 1)
FY2026_DOS = date(2026, 1, 1)


def test_type_2_diabetes_with_neuropathy_offers_e11_40_first_with_its_index_path():
    # given a query as a coder types it
    # when
    hits = search("type 2 diabetes with neuropathy", FY2026_DOS)
    # then
    first = hits[0]
    assert (first.code, first.billable, first.source) == ("E11.40", True, "index")
    assert first.path == "Diabetes > type 2 > with > neuropathy"
    assert first.title == "Type 2 diabetes mellitus with diabetic neuropathy, unspecified"
    assert first.release == "FY2026"


def test_aspiration_pneumonia_offers_j69_0_first():
    # when
    hits = search("aspiration pneumonia", FY2025_DOS)
    # then
    assert (hits[0].code, hits[0].path, hits[0].release) == ("J69.0", "Aspiration > pneumonia", "FY2025")
    assert hits[0].title == "Pneumonitis due to inhalation of food and vomit"


def test_fx_distal_radius_follows_the_see_reference_to_s52_5_codes_needing_a_7th_character():
    # when "fx" is expanded and "Fracture > radius > distal end" sends to "lower end" (S52.50-)
    hits = search("fx distal radius", FY2025_DOS, limit=5)
    # then the laterality codes under S52.50 come first, each still needing its 7th character
    assert [hit.code for hit in hits[:3]] == ["S52.501", "S52.502", "S52.509"]
    first = hits[0]
    assert first.path == "Fracture, traumatic > radius > distal end"
    assert first.see == "Fracture, radius, lower end"
    assert first.indexed_code == "S52.50-"
    assert first.billable is False
    assert first.seventh_characters[0] == ("A", "initial encounter for closed fracture")
    assert len(first.seventh_characters) == 16
    assert first.note.startswith("add a 7th character: A initial encounter for closed fracture")


def test_a_misspelling_still_finds_the_code():
    # when "pneumonia" is typed with two letters swapped
    hits = search("pnuemonia", FY2025_DOS)
    # then
    assert (hits[0].code, hits[0].path, hits[0].title) == ("J18.9", "Pneumonia", "Pneumonia, unspecified organism")


def test_a_word_still_being_typed_matches_its_completions():
    # when
    hits = search("type 2 diabetes with neurop", FY2025_DOS, limit=2)
    # then
    assert [hit.code for hit in hits] == ["E11.40", "E11.610"]


def test_drug_table_row_is_offered_per_column_with_its_7th_character_placeholder_code():
    # when
    hits = search("acetaminophen poisoning accidental", FY2025_DOS, limit=4)
    # then the accidental-poisoning column wins; the code lacks only its 7th character
    first = hits[0]
    assert (first.code, first.source, first.path) == ("T39.1X1", "drug", "Acetaminophen")
    assert first.column == "Poisoning Accidental (unintentional)"
    assert first.title == "Poisoning by 4-Aminophenol derivatives, accidental (unintentional)"
    assert first.seventh_characters == (("A", "initial encounter"), ("D", "subsequent encounter"), ("S", "sequela"))
    assert first.note == "add a 7th character: A initial encounter, D subsequent encounter, S sequela"
    assert [hit.code for hit in hits[1:]] == ["T39.1X2", "T39.1X3", "T39.1X4"]


def test_neoplasm_table_column_follows_the_behaviour_typed():
    # when
    hits = search("metastatic cancer to liver", FY2025_DOS, limit=2)
    # then
    assert [(hit.code, hit.source, hit.column) for hit in hits] == [
        ("C78.7", "neoplasm", "Malignant Secondary"),
        ("C22.9", "neoplasm", "Malignant Primary"),
    ]
    assert hits[0].path == "Neoplasm > liver"


def test_code_new_in_fy2026_is_offered_from_2025_10_01_only():
    # given E11.A (type 2 diabetes in remission) exists from the FY2026 release on
    query = "type 2 diabetes in remission"
    # when
    on_last_fy2025_day = [hit.code for hit in search(query, date(2025, 9, 30), limit=10)]
    on_first_fy2026_day = [hit.code for hit in search(query, date(2025, 10, 1), limit=10)]
    # then
    assert "E11.A" not in on_last_fy2025_day
    assert on_last_fy2025_day[0] == "E11.9"
    assert on_first_fy2026_day[0] == "E11.A"


def test_index_code_that_became_a_header_offers_its_new_fy2026_children():
    # given the FY2025 index sends "Acariasis" to B88.0, which FY2026 split into B88.01/B88.09
    # when
    fy2025 = search("acariasis", date(2025, 9, 30), limit=3)
    fy2026 = search("acariasis", date(2025, 10, 1), limit=4)
    # then
    assert [(hit.code, hit.billable) for hit in fy2025] == [("B88.0", True), ("Z20.7", True), ("B86", True)]
    # (the child whose title shares the typed word comes first)
    assert [(hit.code, hit.billable) for hit in fy2026] == [
        ("B88.09", True), ("B88.01", True), ("Z20.7", True), ("B88.0", False),
    ]
    assert (fy2026[0].title, fy2026[1].title) == ("Other acariasis", "Infestation by Demodex mites")
    assert fy2026[0].note == "under header B88.0 (B88.0 in the source)"
    assert fy2026[3].note == "header, not billable: 2 codes under it (revcycle codes show B88.0)"


@pytest.mark.parametrize(
    ("typed", "expected_first"),
    [
        ("htn", "I10"),
        ("chf", "I50.9"),
        ("copd", "J44.9"),
        ("uti", "N39.0"),
        ("sob", "R06.02"),
        ("cp", "R07.9"),
        ("lbp", "M54.50"),
        ("abd pain", "R10.9"),
        ("gerd", "K21.9"),
        ("dm2", "E11.9"),
        ("t2dm", "E11.9"),
        ("ckd stage 3", "N18.30"),
        ("hx of mi", "I25.2"),
        ("n/v", "R11.2"),
        ("r/o pneumonia", "J18.9"),
        ("afib", "I48.91"),
        ("uri", "J06.9"),
        ("cad", "I25.10"),
    ],
)
def test_common_abbreviations_expand_to_the_expected_first_code(typed, expected_first):
    # when
    hits = search(typed, FY2025_DOS, limit=3)
    # then
    assert hits[0].code == expected_first


def test_negated_words_do_not_match_their_positive_form():
    # given "Nausea (without vomiting)" is R11.0 and "Nausea > with vomiting" R11.2
    # when / then
    assert search("nausea vomiting", FY2025_DOS, limit=1)[0].code == "R11.2"
    assert search("nausea without vomiting", FY2025_DOS, limit=1)[0].code == "R11.0"


def test_limit_caps_the_number_of_hits_and_codes_are_unique():
    # when
    hits = search("fracture", FY2025_DOS, limit=7)
    # then
    assert len(hits) == 7
    assert len({hit.code for hit in hits}) == 7


def test_unknown_system_and_bad_limit_are_errors():
    # when / then
    with pytest.raises(RevcycleError) as unknown:
        search("pneumonia", FY2025_DOS, system="icd9")
    assert unknown.value.code == ErrorCode.UNKNOWN_CODE_SYSTEM
    with pytest.raises(RevcycleError) as bad_limit:
        search("pneumonia", FY2025_DOS, limit=0)
    assert bad_limit.value.code == ErrorCode.VALIDATION


def test_no_release_for_an_old_date_of_service_is_an_error():
    # when / then
    with pytest.raises(RevcycleError) as error:
        search("pneumonia", date(2023, 1, 1))
    assert error.value.code == ErrorCode.NO_RELEASE_FOR_DATE


def test_nothing_typed_that_the_index_knows_gives_no_hits():
    # when / then
    assert search("zzqx", FY2025_DOS) == []
    assert search("   ", FY2025_DOS) == []


def test_lookup_path_ignores_modifiers_and_case():
    # when / then
    assert lookup_path("Diabetes, diabetic (mellitus) (sugar) > type 2 > with > neuropathy") == ["E11.40"]
    assert lookup_path("diabetes, diabetic > TYPE 2 > with > ketoacidosis") == ["E11.10"]
    assert lookup_path("Abnormal, abnormality, abnormalities > gravitational (G) forces or states (effect of)") == [
        "T75.81"
    ]
    assert lookup_path("Diabetes, diabetic > type 2 > with") == []


def test_hcpcs_search_offers_codes_in_force_with_their_title():
    # when
    hits = search("blood glucose test strips", FY2026_DOS, system="hcpcs", limit=1)
    # then
    assert (hits[0].code, hits[0].title, hits[0].source) == ("A4772", "Blood glucose test strips", "title")


def test_cpt_search_offers_demo_codes_in_force():
    # when
    hits = search("office visit new patient moderate", FY2026_DOS, system="cpt", limit=1)
    # then
    assert (hits[0].code, hits[0].title, hits[0].release) == (
        "99204", "Office visit new patient moderate MDM", "CPT on 2026-01-01",
    )


def test_hcpcs_search_before_the_data_held_is_an_error():
    # when / then
    with pytest.raises(RevcycleError) as error:
        search("oxygen", date(2018, 1, 1), system="hcpcs")
    assert error.value.code == ErrorCode.NO_RELEASE_FOR_DATE


EVERYDAY_TERMS = [
    ("acute bronchitis", "J20.9"), ("otitis media", "H66.90"), ("strep throat", "J02.0"),
    ("acute sinusitis", "J01.90"), ("hyperlipidemia", "E78.5"), ("vitamin d deficiency", "E55.9"),
    ("anemia", "D64.9"), ("morbid obesity", "E66.01"), ("depression", "F32.A"), ("anxiety", "F41.9"),
    ("insomnia", "G47.00"), ("migraine", "G43.909"), ("asthma", "J45.909"), ("hypothyroidism", "E03.9"),
    ("right knee pain", "M25.561"), ("ankle sprain", "S93.401"), ("cellulitis of leg", "L03.115"),
    ("syncope", "R55"), ("headache", "R51.9"), ("constipation", "K59.00"), ("10 weeks gestation", "Z3A.10"),
    ("annual physical", "Z00.00"), ("flu shot", "Z23"), ("screening colonoscopy", "Z12.11"), ("covid", "U07.1"),
    ("sepsis", "A41.9"), ("nicotine dependence cigarettes", "F17.210"), ("dog bite", "W54.0XX"),
    ("bmi 40", "Z68.41"), ("long term use of insulin", "Z79.4"), ("hx of breast cancer", "Z85.3"),
    ("pneumonia due to covid", "J12.82"), ("esrd on dialysis", "N18.6"), ("copd exacerbation", "J44.1"),
    ("dm2 with hyperglycemia", "E11.65"), ("hypertensive heart disease with heart failure", "I11.0"),
    ("stemi", "I21.3"), ("high blood pressure", "I10"), ("diabetic foot ulcer", "E11.621"),
    ("urinary retention", "R33.9"), ("pressure ulcer sacrum stage 3", "L89.153"), ("fall from bed", "W06.XXX"),
    ("gout", "M10.9"), ("rheumatoid arthritis", "M06.9"),
]


@pytest.mark.parametrize(("typed", "expected_first"), EVERYDAY_TERMS)
def test_everyday_terms_offer_the_expected_first_code(typed, expected_first):
    # when
    hits = search(typed, FY2026_DOS, limit=1)
    # then
    assert hits[0].code == expected_first


def test_a_typed_code_is_offered_as_itself_or_through_its_header_by_date_of_service():
    # when / then
    assert [(hit.code, hit.source) for hit in search("e119", FY2025_DOS)] == [("E11.9", "code")]
    assert [hit.code for hit in search("J02", FY2025_DOS)] == ["J02.0", "J02.8", "J02.9"]
    assert search("E11.A", FY2025_DOS) == []
    assert [hit.code for hit in search("E11.A", FY2026_DOS)] == ["E11.A"]
    assert search("b12", FY2025_DOS, limit=1)[0].source != "code"


def test_hcpcs_code_ended_2025_12_31_is_not_offered_from_2026_01_01():
    # given C5271 (low cost skin substitute application) ended 2025-12-31
    # when
    before = [hit.code for hit in search("low cost skin substitute", date(2025, 12, 31), system="hcpcs", limit=3)]
    after = [hit.code for hit in search("low cost skin substitute", date(2026, 1, 1), system="hcpcs", limit=3)]
    # then
    assert before == ["C5271", "C5272", "C5273"]
    assert not any(code.startswith("C527") for code in after)


def test_a_typo_that_is_also_a_prefix_keeps_both_readings():
    # given "sparin" is one transposition from "sprain" and the start of the drug "Sparine"
    # when / then the other typed words decide
    assert search("sparin head", FY2026_DOS, limit=1)[0].code == "S03.9XX"
    assert search("sparine poisoning", FY2026_DOS, limit=1)[0].code == "T43.3X1"


def test_a_query_of_only_common_words_answers_without_crashing():
    # given a phrase made only of words so common that none of them drives the candidates
    # when it is searched
    hits = search("due to the spread of", date(2026, 3, 1))
    # then it answers (a list, possibly empty) instead of failing on integer counts
    assert isinstance(hits, list)
    assert len(hits) <= 10
