"""ICD-10-CM validation on a date of service: each code alone, then the codes together."""

from __future__ import annotations

from datetime import date

from revcycle.codesets import icd10cm
from revcycle.kernel.findings import Finding, Severity

IN_FY2025 = date(2025, 6, 1)
IN_FY2026 = date(2026, 6, 1)


def test_billable_codes_validate_clean():
    # when
    findings = icd10cm.validate(["S52.521A", "T36.0X1A", "O09.523"], IN_FY2025)
    # then
    assert findings == []


def test_seventh_character_missing():
    # when
    findings = icd10cm.validate(["S52.521"], IN_FY2025)
    # then
    assert findings == [Finding(
        "missing_7th_character",
        "S52.521 (Torus fracture of lower end of right radius) needs a 7th character",
        location="S52.521",
        hint="add the 7th character for the encounter: S52.521A, S52.521D, S52.521G, S52.521K, S52.521P, S52.521S",
    )]


def test_header_is_not_billable_and_its_billable_children_are_listed():
    # when
    findings = icd10cm.validate(["J02"], IN_FY2025)
    # then
    assert findings == [Finding(
        "not_billable",
        "J02 is a header (Acute pharyngitis), not billable on its own",
        location="J02",
        hint="use one of its billable codes: J02.0, J02.8, J02.9",
    )]


def test_category_e11_is_not_billable():
    # when
    findings = icd10cm.validate(["E11"], IN_FY2025)
    # then
    assert [(finding.code, finding.location) for finding in findings] == [("not_billable", "E11")]
    assert findings[0].hint.startswith("use one of its billable codes: E11.00, E11.01, E11.10,")
    assert findings[0].hint.endswith("(and 22 more)")


def test_code_new_in_fy2026_is_not_valid_before_it_and_says_when_it_became_valid():
    # when
    before = icd10cm.validate(["E11.A"], IN_FY2025)
    after = icd10cm.validate(["E11.A"], date(2025, 10, 1))
    # then
    assert before == [Finding(
        "not_in_release",
        "E11.A is not valid on 2025-06-01 (FY2025 (April 1 2025 update), serves 2024-10-01..2025-09-30): "
        "valid from 2025-10-01 (FY2026)",
        location="E11.A",
        hint="for a date of service before 2025-10-01 use a FY2025 code",
    )]
    assert after == []


def test_code_deleted_in_fy2026_is_valid_on_the_last_day_and_invalid_the_next():
    # when
    last_day = icd10cm.validate(["S30.1XXA"], date(2025, 9, 30))
    first_day = icd10cm.validate(["S30.1XXA"], date(2025, 10, 1))
    # then
    assert last_day == []
    assert first_day == [Finding(
        "not_in_release",
        "S30.1XXA is not valid on 2025-10-01 (FY2026 (April 1 2026 update), serves 2025-10-01 onward): "
        "valid through 2025-09-30 (FY2025); not in FY2026",
        location="S30.1XXA",
        hint="use the FY2026 code that replaced it (see the FY2026 Tabular List)",
    )]


def test_code_expanded_in_fy2026_becomes_a_header_on_the_boundary():
    # when
    last_day = icd10cm.validate(["G35"], date(2025, 9, 30))
    first_day = icd10cm.validate(["G35"], date(2025, 10, 1))
    # then
    assert last_day == []
    assert [(finding.code, finding.location) for finding in first_day] == [("not_billable", "G35")]
    assert first_day[0].message.endswith("(it was billable through 2025-09-30 in FY2025)")


def test_invalid_seventh_character():
    # when
    findings = icd10cm.validate(["S52.521Z"], IN_FY2025)
    # then
    assert findings == [Finding("invalid_7th_character", "Z is not a 7th character defined for S52.521",
                                location="S52.521Z", hint="7th characters for S52.521: A, D, G, K, P, S")]


def test_missing_placeholder_suggests_the_padded_code():
    # when
    findings = icd10cm.validate(["T36.01A", "S02.0A"], IN_FY2025)
    # then
    assert [(finding.code, finding.location, finding.hint) for finding in findings] == [
        ("missing_placeholder", "T36.01A",
         "did you mean T36.0X1A (Poisoning by penicillins, accidental (unintentional), initial encounter)?"),
        ("missing_placeholder", "S02.0A",
         "did you mean S02.0XXA (Fracture of vault of skull, initial encounter for closed fracture)?"),
    ]


def test_unknown_code_points_to_the_closest_existing_code():
    # when
    findings = icd10cm.validate(["E11.99", "hello"], IN_FY2025)
    # then
    assert [(finding.code, finding.location, finding.hint) for finding in findings] == [
        ("unknown_code", "E11.99", "closest code in FY2025: E11.9"),
        ("unknown_code", "HELLO", "ICD-10-CM codes are 3 to 7 letters and digits, starting with a letter (e.g. E11.9, QA0.0101)"),
    ]


def test_excludes1_inherited_from_the_category_flags_codes_given_together():
    # when
    findings = icd10cm.validate(["E11.9", "E10.9"], IN_FY2025)
    # then
    assert findings == [Finding(
        "excludes1_conflict",
        'E11.9 and E10.9 may not be coded together: Excludes1 at E11: "type 1 diabetes mellitus (E10.-)"',
        location="E11.9",
        hint="keep the code the documentation supports; both only when the conditions are unrelated "
             "(ICD-10-CM guideline I.A.12.a)",
    )]


def test_excludes1_naming_ranges_of_categories_covers_every_category_inside():
    # given: I10 Excludes1 "hypertensive disease complicating pregnancy, ... (O10-O11, O13-O16)"
    # when
    inside = icd10cm.validate(["I10", "O13.1"], IN_FY2025)
    outside = icd10cm.validate(["I10", "O12.03"], IN_FY2025)
    # then
    assert [(finding.code, finding.location) for finding in inside] == [("excludes1_conflict", "I10")]
    assert inside[0].message == (
        'I10 and O13.1 may not be coded together: Excludes1 at the code: "hypertensive disease complicating '
        'pregnancy, childbirth and the puerperium (O10-O11, O13-O16)"'
    )
    assert outside == []


def test_excludes2_is_not_a_conflict():
    # when: S52 has Excludes2 "fracture at wrist and hand level (S62.-)"
    findings = icd10cm.validate(["S52.521A", "S62.101A"], IN_FY2025)
    # then
    assert findings == []


def test_age_conflict_from_the_mce_edit_in_force():
    # when
    newborn = icd10cm.validate(["Z38.00"], IN_FY2025, age=40)
    maternity = icd10cm.validate(["O80"], IN_FY2026, age=70)
    fine = icd10cm.validate(["O80"], IN_FY2026, age=30)
    # then
    assert newborn == [Finding(
        "age_conflict",
        "Z38.00 is a newborn diagnosis (ages 0-0); patient age 40 [MCE v42 (FY2025) age edit]",
        location="Z38.00",
        hint="check the patient's age and the code; the MCE flags this pair on Medicare claims",
    )]
    assert [finding.message for finding in maternity] == [
        "O80 is a maternity diagnosis (ages 9-64); patient age 70 [MCE v43 (FY2026) age edit]"
    ]
    assert fine == []


def test_sex_conflict_uses_the_last_mce_sex_list_as_a_warning():
    # when
    findings = icd10cm.validate(["C61"], IN_FY2025, sex="F")
    # then
    assert findings == [Finding(
        "sex_conflict",
        "C61 is a diagnosis for male patients; patient sex F "
        "[MCE v41 (FY2024) sex list, the last before CMS dropped the MCE sex edit on 2024-10-01]",
        severity=Severity.WARNING,
        location="C61",
        hint="check the patient's sex and the code",
    )]
    assert icd10cm.validate(["C61"], IN_FY2025, sex="M") == []


def test_header_over_seventh_character_codes_says_to_add_the_7th_character():
    # when
    findings = icd10cm.validate(["S52.52"], IN_FY2025)
    # then
    assert findings == [Finding(
        "not_billable",
        "S52.52 is a header (Torus fracture of lower end of radius), not billable on its own",
        location="S52.52",
        hint="pick one of its codes and add the 7th character (e.g. S52.521A): S52.521, S52.522, S52.529",
    )]


def test_excludes1_with_a_qualifier_fires_only_for_the_qualified_codes():
    # given: N08 Excludes1 "diabetes (E08-E13 with .21)"
    # when
    nephropathy = icd10cm.validate(["N08", "E11.21"], IN_FY2025)
    uncomplicated = icd10cm.validate(["N08", "E11.9"], IN_FY2025)
    # then
    assert [(finding.code, finding.location) for finding in nephropathy] == [("excludes1_conflict", "N08")]
    assert uncomplicated == []


def test_age_edits_after_the_newest_mce_release_use_that_release():
    # when
    findings = icd10cm.validate(["Z38.00"], date(2028, 1, 10), age=30)
    # then
    assert [finding.message for finding in findings] == [
        "Z38.00 is a newborn diagnosis (ages 0-0); patient age 30 [MCE v44 (FY2027) age edit]"]
