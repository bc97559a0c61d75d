"""Issue 16: the note codes as a certified coder codes it, and `coding check` catches each wrong set."""

import json
from datetime import date

from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.coding.rules import check
from revcycle.coding.suggest import suggest

DOS = date(2026, 1, 15)
runner = CliRunner()
ISSUE_NOTE = (
    "Established patient, follow-up of type 2 diabetes with stage 3a chronic kidney disease and hypertension. "
    "Diabetes well controlled on insulin glargine 20 units nightly. A1c done in the office today, 7.1. "
    "Urine albumin run in the office, 45 mg/L. Blood pressure 138/84 on lisinopril. Former smoker, quit 2015. "
    "Right knee pain from osteoarthritis of the right knee; x-ray last year showed joint space narrowing. "
    "Plan: right knee injection with triamcinolone 40 mg, tolerated well. Continue insulin."
)


def _errors(codes):
    return [(f.code, f.message) for f in check(codes, DOS) if f.severity.value == "error"]


def test_the_issue_note_codes_as_a_certified_coder_codes_it():
    # when the issue's note (T2DM with CKD 3a, hypertension, right knee OA injected, insulin) is read
    result = suggest(ISSUE_NOTE, DOS, payer="commercial")
    # then the presumed links, the stage, the site and side, and the status codes, in order
    assert [d.code for d in result.diagnoses] == ["I12.9", "N18.31", "E11.22", "M17.11", "Z79.4", "Z87.891"]
    # and the injection with its side, the drug in HCPCS units (40 mg / 10 mg), the office labs, each
    # pointing first to its reason
    lines = [(p.code, p.modifiers, p.units, p.pointers) for p in result.procedures]
    assert lines == [
        ("83036", (), 1, ("E11.22",)),
        ("82043", (), 1, ("E11.22",)),
        ("20610", ("RT",), 1, ("M17.11",)),
        ("J3301", (), 4, ("M17.11",)),
    ]
    # and the visit, which also managed the diabetes and the hypertension, takes modifier 25
    assert result.modifier_25 is True


def test_ordinary_words_do_not_fire_the_index():
    # given the issue's note: "well controlled", "x-ray", "Urine", "right knee", "stage 3a", "units"
    result = suggest(ISSUE_NOTE, DOS)
    suggested = {d.code for d in result.diagnoses}
    # then none of the readings the issue found
    assert suggested.isdisjoint({"L98.3", "L58.1", "N39.9", "T24.021A", "N18.6", "I10", "M19.90", "M25.561"})


def test_check_names_the_hypertensive_ckd_code_and_the_integral_symptom():
    assert _errors(["I10", "E11.22", "N18.31", "M17.11", "M25.561"]) == [
        ("guideline_combination", "I10 with N18.31: use I12.9 + N18.31 (I.C.9.a.2)"),
        (
            "guideline_symptom",
            "M25.561 with M17.11: do not code M25.561, a sign or symptom routinely part of M17.11 (I.B.5)",
        ),
    ]


def test_check_command_exits_1_naming_i12_9_and_the_symptom():
    result = runner.invoke(
        app,
        ["coding", "check", "I10", "E11.22", "N18.31", "M17.11", "M25.561", "--dos", "2026-01-15", "--json"],
    )
    assert result.exit_code == 1
    errors = [f["message"] for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert errors == [
        "I10 with N18.31: use I12.9 + N18.31 (I.C.9.a.2)",
        "M25.561 with M17.11: do not code M25.561, a sign or symptom routinely part of M17.11 (I.B.5)",
    ]


def test_check_diabetes_without_complications_beside_ckd_is_the_combination_code():
    assert _errors(["E11.9", "N18.31"]) == [
        ("guideline_combination", "E11.9 with N18.31: use E11.22 + N18.31 (I.A.15)")
    ]


def test_check_the_issue_s_suggested_set_i10_e11_9_n18_6():
    # the set the desk suggested before (I10, E11.9, N18.6 for "stage 3a"): both links are missing
    assert _errors(["I10", "E11.9", "N18.6"]) == [
        ("guideline_combination", "E11.9 with N18.6: use E11.22 + N18.6 (I.A.15)"),
        ("guideline_combination", "I10 with N18.6: use I12.0 + N18.6 (I.C.9.a.2)"),
    ]


def test_check_hypertension_with_heart_failure_and_ckd_is_i13():
    assert _errors(["I10", "I50.9", "N18.4"]) == [
        ("guideline_combination", "I10 with I50.9 with N18.4: use I13.0 + I50.9 + N18.4 (I.C.9.a.3)")
    ]


def test_check_neuropathy_is_said_by_the_combination_code():
    assert _errors(["E11.9", "G62.9"]) == [("guideline_combination", "E11.9 + G62.9: use E11.42 (I.A.15)")]


def test_check_copd_with_bronchitis_and_insulin_with_type_1():
    assert _errors(["J44.9", "J20.9"]) == [
        ("guideline_combination", "J44.9 with J20.9: use J44.0 + J20.9 (I.B.9)")
    ]
    assert _errors(["E10.65", "Z79.4"]) == [
        ("guideline_status", "Z79.4: do not code it, insulin is inherent to type 1 diabetes (I.C.4.a.3)")
    ]


def test_check_accepts_the_right_set():
    assert _errors(["I12.9", "N18.31", "E11.22", "M17.11", "Z79.4"]) == []
    assert _errors(["E11.9", "I10"]) == []  # diabetes and hypertension are not presumed linked


def test_drug_units_come_from_the_dose_and_administration_from_the_route():
    note = "Acute low back pain. Ketorolac 30 mg IM given. Pneumonia: ceftriaxone 1 g IM given."
    lines = {p.code: p.units for p in suggest(note, DOS, payer="commercial").procedures}
    assert lines == {"J1885": 2, "96372": 1, "J0696": 4}


def test_lab_and_vaccine_lines_point_to_their_own_reason():
    # given the demo's failure: a TSH test and a strep test beside a flu shot and obesity
    note = (
        "Hypothyroidism on levothyroxine; TSH run in the office lab. Obesity, BMI 34. "
        "Sore throat; rapid strep positive, streptococcal pharyngitis. Influenza vaccine given in the left deltoid."
    )
    result = suggest(note, DOS, payer="commercial")
    pointers = {p.code: p.pointers[0] for p in result.procedures}
    assert pointers == {"84443": "E03.9", "87880": "J02.0", "90686": "Z23", "90471": "Z23"}


def test_medicare_wants_qw_on_a_waived_test_and_g0008_for_the_flu_shot():
    note = "Rapid strep test in the office positive; streptococcal pharyngitis. Influenza vaccine given."
    lines = [(p.code, p.modifiers) for p in suggest(note, DOS, payer="medicare").procedures]
    assert lines == [("87880", ("QW",)), ("90686", ()), ("G0008", ())]


def test_modifier_25_only_with_a_separately_identifiable_service():
    injection_only = suggest(
        "Osteoarthritis of the left knee. Left knee injection with triamcinolone 40 mg.", DOS
    )
    with_another_problem = suggest(
        "Osteoarthritis of the left knee. Left knee injection with triamcinolone 40 mg. "
        "Hypertension reviewed, lisinopril refilled.",
        DOS,
    )
    assert (injection_only.modifier_25, with_another_problem.modifier_25) == (False, True)
    assert [(p.code, p.modifiers, p.units) for p in injection_only.procedures] == [
        ("20610", ("LT",), 1),
        ("J3301", (), 4),
    ]
