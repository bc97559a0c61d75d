"""MCE edits on institutional claims (scrub.edits_mce): the principal diagnosis, the ICD-10-PCS procedures and
their validity, on the discharge date (the example stay: 2026-03-02 to 2026-03-05, MCE v43 FY2026)."""

from datetime import date

from test_scrub_institutional import CONTEXT, DAY, outpatient_claim, stay_claim

from revcycle.claims.institutional import StayCharge, StayDiagnosis
from revcycle.claims.institutional_model import PcsProcedure
from revcycle.kernel.findings import Severity
from revcycle.scrub import scrub_claim


def mce(claim):
    return [(f.code, f.location, f.severity) for f in scrub_claim(claim, CONTEXT, only=["mce"]).findings]


def performed(code):
    return PcsProcedure(code, date(2026, 3, 3))


def test_the_example_stay_passes_the_mce():
    # given the example stay (I50.23 principal, PICC line 02HV33Z)
    # then no MCE edit fires
    assert mce(stay_claim()) == []


def test_principal_diagnoses_the_mce_rejects_are_errors():
    # given principal diagnoses on the FY2026 MCE lists: B95.0 unacceptable, D63.0 a manifestation,
    # Z51.89 acceptable only with a secondary diagnosis
    unacceptable = stay_claim(diagnoses=(StayDiagnosis("B95.0", "Y"), StayDiagnosis("I10", "Y")))
    manifestation = stay_claim(diagnoses=(StayDiagnosis("D63.0", "Y"), StayDiagnosis("C34.90", "Y")))
    alone = stay_claim(diagnoses=(StayDiagnosis("Z51.89", "Y"),))
    # then each is an error located at diagnosis 1
    assert mce(unacceptable) == [("unacceptable_principal", "diagnosis 1 (B95.0)", Severity.ERROR)]
    assert mce(manifestation) == [("manifestation_as_principal", "diagnosis 1 (D63.0)", Severity.ERROR)]
    assert mce(alone) == [("requires_secondary_diagnosis", "diagnosis 1 (Z51.89)", Severity.ERROR)]
    [finding] = scrub_claim(unacceptable, CONTEXT, only=["mce"]).findings
    assert finding.message == (
        "diagnosis 1 (B95.0): B95.0 is not acceptable as the principal diagnosis of an inpatient stay "
        "[MCE v43 (FY2026) unacceptable principal diagnosis]"
    )
    # and Z51.89 with a secondary diagnosis passes
    assert mce(stay_claim(diagnoses=(StayDiagnosis("Z51.89", "Y"), StayDiagnosis("I10", "Y")))) == []


def test_questionable_admission_and_unspecified_principal_are_warnings():
    # given E11.9 (MCE questionable admission) and G81.00 (MCE unspecified) as principal diagnoses
    diabetes = stay_claim(diagnoses=(StayDiagnosis("E11.9", "Y"), StayDiagnosis("I10", "Y")))
    hemiplegia = stay_claim(diagnoses=(StayDiagnosis("G81.00", "Y"),))
    # then
    assert mce(diabetes) == [("questionable_admission", "diagnosis 1 (E11.9)", Severity.WARNING)]
    assert mce(hemiplegia) == [("nonspecific_principal", "diagnosis 1 (G81.00)", Severity.WARNING)]


def test_procedure_edits_and_pcs_validity_by_position():
    # given the PICC line plus: 00F3XZZ (MCE non-covered), 5A1955Z (ventilation 96+ hours) in a 3-day stay,
    # 04LE0CV (male-only in the last MCE sex list, FY2024) for a female patient, and 0XYZ123 (no body part Z)
    claim = stay_claim(procedures=tuple(performed(code) for code in
                                        ("02HV33Z", "00F3XZZ", "5A1955Z", "04LE0CV", "0XYZ123")))  # fmt: skip
    # then
    assert mce(claim) == [
        ("non_covered_procedure", "procedure 2 (00F3XZZ)", Severity.ERROR),
        ("inconsistent_with_los", "procedure 3 (5A1955Z)", Severity.ERROR),
        ("procedure_sex_conflict", "procedure 4 (04LE0CV)", Severity.WARNING),
        ("pcs_invalid_axis_value", "procedure 5 (0XYZ123)", Severity.ERROR),
    ]
    messages = [f.message for f in scrub_claim(claim, CONTEXT, only=["mce"]).findings]
    assert (
        messages[0]
        == "procedure 2 (00F3XZZ): never covered by Medicare [MCE v43 (FY2026) non-covered procedure edit]"
    )


def test_mce_principal_edits_do_not_judge_an_outpatient_bill():
    # given an 0131 ER visit whose first diagnosis is E11.9 (questionable as an inpatient principal)
    claim = outpatient_claim(diagnoses=(StayDiagnosis("E11.9"),),
                             charges=(StayCharge("0450", DAY, 1, "99284", charge_cents=98000),))  # fmt: skip
    # then the MCE does not run on it
    assert mce(claim) == []


def test_an_inpatient_part_b_bill_is_not_mce_edited():
    # given the stay billed as 0121 (inpatient Part B: the I/OCE's, not the MCE's) with E11.9 as principal
    claim = stay_claim(bill_type="12", diagnoses=(StayDiagnosis("E11.9", "Y"), StayDiagnosis("I10", "Y")))
    # then no MCE edit runs
    assert claim.type_of_bill == "0121"
    assert mce(claim) == []
