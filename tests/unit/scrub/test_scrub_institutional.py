from dataclasses import replace
from datetime import date

from revcycle.claims import Frequency
from revcycle.claims.examples import (
    EXAMPLE_CHARGE_MASTER,
    EXAMPLE_TODAY,
    example_inpatient_claim,
    example_stay,
)
from revcycle.claims.institutional import StayCharge, StayDiagnosis, build_institutional_claim
from revcycle.claims.institutional_model import PcsProcedure
from revcycle.kernel.findings import Severity
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)
DAY = date(2026, 3, 2)


def found(claim, family="institutional"):
    return [(f.code, f.location) for f in scrub_claim(claim, CONTEXT, only=[family]).findings]


def stay_claim(**changes):
    return build_institutional_claim(example_stay(**changes), EXAMPLE_CHARGE_MASTER)


def outpatient_claim(**changes):
    """A one-day outpatient visit (0131) on DAY: no admission, no procedure."""
    return stay_claim(bill_type="13", statement_to=DAY, admission_date=None, admission_hour=None,
                      discharge_hour=None, admission_type="", admission_source="", procedures=(), **changes)  # fmt: skip


def with_details(claim, **changes):
    return replace(claim, institutional=replace(claim.institutional, **changes))


def test_the_example_inpatient_claim_is_clean_and_skips_professional_edits():
    # given the example 3-day stay (no place of service, no pointers, revenue-code lines)
    result = scrub_claim(example_inpatient_claim(), CONTEXT)
    # then no edit finds anything: the 837P-only edits do not judge it
    assert result.findings == ()


def test_inpatient_bill_needs_admission_date_type_source_and_admitting_diagnosis():
    # given an 0111 without admission data
    claim = with_details(example_inpatient_claim(), admission_date=None, admission_type="", admission_source="",
                         admitting_diagnosis="")  # fmt: skip
    # then
    assert found(claim) == [("missing_admission_date", "institutional"), ("missing_admission_type", "institutional"),
                            ("missing_admission_source", "institutional"),
                            ("missing_admitting_diagnosis", "institutional")]  # fmt: skip


def test_admission_after_the_statement_start_on_an_admit_through_discharge_bill():
    # given an admission a day after the statement period starts
    claim = with_details(example_inpatient_claim(), admission_date=date(2026, 3, 3))
    # then
    assert found(claim) == [("admission_after_statement_start", "institutional.admission_date")]


def test_interim_bills_need_still_patient_and_a_discharge_bill_must_not_be_still_patient():
    # given a first interim bill (0112) with a discharge status, and an 0111 with status 30
    interim = stay_claim(frequency=Frequency.INTERIM_FIRST)
    still = stay_claim(patient_status="30")
    # then
    assert interim.type_of_bill == "0112"
    assert found(interim) == [("interim_bill_needs_still_patient", "institutional.patient_status")]
    assert found(still) == [("discharge_bill_with_still_patient", "institutional.patient_status")]
    # and a continuing interim bill (0113) with status 30 is consistent
    assert found(stay_claim(frequency=Frequency.INTERIM_CONTINUING, patient_status="30")) == []


def test_missing_patient_status():
    # given a claim without a patient status
    claim = with_details(example_inpatient_claim(), patient_status="")
    # then
    assert found(claim) == [("missing_patient_status", "institutional.patient_status")]


def test_poa_is_required_on_inpatient_hospital_bills_and_not_sent_on_outpatient_ones():
    # given an 0111 whose second diagnosis has no POA, and an outpatient 0131 with POA indicators
    inpatient = stay_claim(
        diagnoses=(StayDiagnosis("I50.23", "Y"), StayDiagnosis("N17.9"), StayDiagnosis("E11.9", "1"))
    )
    outpatient = outpatient_claim(charges=(StayCharge("0450", DAY, 1, "99284", charge_cents=98000),))
    # then the missing one is an error; 1 (exempt) on E11.9, not in the exempt categories held, a warning
    assert [(f.code, f.location, f.severity) for f in scrub_claim(inpatient, CONTEXT, only=["institutional"]).findings] == [
        ("missing_poa", "diagnosis 2", Severity.ERROR),
        ("poa_exempt_unlisted", "diagnosis 3", Severity.WARNING),
    ]  # fmt: skip
    [warning] = scrub_claim(outpatient, CONTEXT, only=["present_on_admission"]).findings
    assert (warning.code, warning.severity) == ("poa_on_outpatient", Severity.WARNING)


def test_outpatient_revenue_codes_that_need_a_hcpcs():
    # given an outpatient visit billing the ER (0450) and lab (0301) without HCPCS, pharmacy (0250) without
    charges = (
        StayCharge("0450", DAY, charge_cents=98000),
        StayCharge("0301", DAY, charge_cents=4000),
        StayCharge("0250", DAY, charge_cents=2000),
        StayCharge("0730", DAY, 1, "93005", charge_cents=21000),
    )
    claim = outpatient_claim(charges=charges, diagnoses=(StayDiagnosis("R07.9"),))
    # then the ER and lab lines are reported, the pharmacy and EKG lines are not
    assert found(claim) == [
        ("revenue_code_needs_hcpcs", "line 2 (0301)"),
        ("revenue_code_needs_hcpcs", "line 3 (0450)"),
    ]
    # and the same lines on an inpatient bill need no HCPCS
    assert found(stay_claim(charges=charges)) == []


def test_unknown_revenue_code_is_a_warning():
    # given a 4-digit revenue code the NUBC list does not have
    claim = stay_claim(charges=(StayCharge("0099", DAY, charge_cents=1000),))
    [finding] = scrub_claim(claim, CONTEXT, only=["revenue_code_hcpcs"]).findings
    # then
    assert (finding.code, finding.location, finding.severity) == (
        "unknown_revenue_code",
        "line 1 (0099)",
        Severity.WARNING,
    )


def test_service_and_procedure_dates_inside_the_statement_period():
    # given a line on the day after discharge and a procedure before admission
    claim = stay_claim(charges=(StayCharge("0250", date(2026, 3, 6), charge_cents=1000),),
                       procedures=(PcsProcedure("02HV33Z", date(2026, 3, 1)),))  # fmt: skip
    # then
    assert found(claim) == [
        ("line_outside_statement_period", "line 1"),
        ("procedure_outside_statement_period", "procedure 1"),
    ]


def test_attending_provider_is_required():
    # given a claim without an attending provider
    claim = with_details(example_inpatient_claim(), attending=None)
    # then
    assert found(claim) == [("missing_attending", "institutional.attending")]
