from revcycle.claims.examples import EXAMPLE_TODAY, example_claim, example_line
from revcycle.kernel.findings import Severity
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def codes_findings(claim):
    return scrub_claim(claim, CONTEXT, only=["codes"]).findings


def found(claim):
    return [(f.code, f.location) for f in codes_findings(claim)]


def test_header_and_unknown_diagnoses():
    # given a header code and a code that does not exist
    claim = example_claim(diagnoses=("E11", "E11.99", "I10"), lines=(example_line(1, "99214", 15000, (1, 2, 3)),))
    # then both are reported with the code set's hint
    findings = codes_findings(claim)
    assert [(f.code, f.location) for f in findings] == [
        ("dx_not_billable", "diagnosis 1 (E11)"), ("dx_unknown_code", "diagnosis 2 (E11.99)")]
    assert findings[1].hint == "closest code in FY2026: E11.9"


def test_external_cause_and_secondary_only_z_codes_cannot_be_first_listed():
    assert found(example_claim(diagnoses=("W19.XXXA", "S52.521A"))) == [
        ("dx_external_cause_first_listed", "diagnosis 1 (W19.XXXA)")]
    status_first = found(example_claim(diagnoses=("Z79.4", "E11.9")))
    assert [f for f in status_first if f[0].startswith("dx_")] == [("dx_secondary_only_z_code", "diagnosis 1 (Z79.4)")]
    # (the example's lines point first to Z79.4 too, which supports none of them: pointer_not_supporting)
    assert {f[0] for f in status_first} == {"dx_secondary_only_z_code", "pointer_not_supporting"}


def test_manifestation_first_is_reported_and_etiology_first_is_clean():
    # given dementia in other diseases (a manifestation) listed before Alzheimer's
    findings = codes_findings(example_claim(diagnoses=("F02.80", "G30.9")))
    # then (the rule is coding.check's)
    assert [(f.code, f.location, f.hint) for f in findings] == [
        ("dx_manifestation_first_listed", "diagnosis 1 (F02.80)", "code first the underlying condition (G30.9)")]
    # and with the etiology first the claim is clean
    assert found(example_claim(diagnoses=("G30.9", "F02.80"))) == []


def test_the_same_diagnosis_twice():
    lines = (example_line(1, "99214", 15000, (1, 2)),)
    assert found(example_claim(diagnoses=("I10", "I10"), lines=lines)) == [("dx_duplicate_code", "diagnosis 2 (I10)")]


def test_excludes1_pair_on_one_claim():
    findings = codes_findings(example_claim(diagnoses=("E11.9", "E10.9")))
    assert [(f.code, f.location) for f in findings] == [("dx_excludes1_conflict", "diagnosis 1 (E11.9)")]
    assert findings[0].message == ('E11.9 and E10.9 may not be coded together: Excludes1 at E11: '
                                   '"type 1 diabetes mellitus (E10.-)"')


def test_mce_age_and_sex_conflicts_use_the_patient_on_the_date_of_service():
    # given a 45-year-old woman with a well-child code and a prostate code
    findings = codes_findings(example_claim(diagnoses=("Z00.129", "N40.0")))
    # then the age conflict is an error and the (retired) sex edit a warning
    assert [(f.code, f.location, f.severity) for f in findings] == [
        ("dx_age_conflict", "diagnosis 1 (Z00.129)", Severity.ERROR),
        ("dx_sex_conflict", "diagnosis 2 (N40.0)", Severity.WARNING),
    ]


def test_procedure_codes_and_modifiers_on_the_date_of_service():
    # given an unknown CPT, a CPT retired in 2020, and a lab with an E/M modifier and an unknown modifier
    lines = (example_line(1, "99999", 100, (1, 2)), example_line(2, "99201", 100),
             example_line(3, "83036", 100, (1,), ("25", "ZZ")))
    findings = codes_findings(example_claim(lines=lines))
    assert [(f.code, f.location) for f in findings] == [
        ("procedure_unknown_code", "line 1"),
        ("procedure_not_in_release", "line 2"),
        ("modifier_not_applicable", "line 3"),
        ("modifier_unknown_code", "line 3"),
    ]
    assert findings[1].message == "line 2: 99201 is not valid on 2026-03-02: valid through 2020-12-31"


def test_hcpcs_level_ii_codes_are_checked_too():
    # given a flu vaccine administration G-code, a code that does not exist and one dropped 2025-12-31
    lines = (example_line(1, "G0008", 2500), example_line(2, "G0000", 2500, (2,)), example_line(3, "C5271", 2500))
    findings = codes_findings(example_claim(lines=lines))
    assert [(f.code, f.location) for f in findings] == [
        ("procedure_unknown_code", "line 2"), ("procedure_not_in_release", "line 3")]
    assert findings[1].message == "line 3: C5271 is not valid on 2026-03-02: valid through 2025-12-31"


def test_diagnosis_pointers():
    # given a line pointing twice at a third diagnosis that does not exist
    findings = codes_findings(example_claim(lines=(example_line(1, "99214", 100, (1, 3, 3)),)))
    assert [(f.code, f.location, f.severity) for f in findings] == [
        ("pointer_repeated", "line 1", Severity.ERROR),
        ("pointer_out_of_range", "line 1", Severity.ERROR),
        ("diagnosis_not_pointed", "diagnosis 2 (I10)", Severity.WARNING),
    ]


def test_place_of_service_must_exist():
    assert found(example_claim(place_of_service="00")) == [("invalid_place_of_service", "place_of_service")]


def test_a_date_no_code_set_serves_is_a_finding_not_an_exception():
    # given a date of service before the first shipped ICD-10-CM release
    from datetime import date
    lines = (example_line(1, "99214", 15000, (1, 2), dos=date(2015, 1, 5)),)
    result = scrub_claim(example_claim(lines=lines), CONTEXT, only=["diagnosis_codes"])
    # then the edit reports that it could not run
    assert [(f.code, f.location) for f in result.findings] == [("edit_not_run", "diagnosis_codes")]
    assert result.clean is False
