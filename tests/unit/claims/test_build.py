from datetime import date

import pytest

from revcycle.claims import EncounterParties, FeeSchedule, FeeScheduleEntry, LineRouting, build_claims
from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    ServiceLine,
)

DOS = date(2026, 3, 2)
ADDRESS = Address("100 Main St", "Springfield", "IL", "627011234")
CLINIC = BillingProvider("Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", ADDRESS, id=1)
SMITH = RenderingProvider("John", "Smith", "1987654328", "207Q00000X", id=10)
LEE = RenderingProvider("Mary", "Lee", "1654321094", "207R00000X", id=11)
PATIENT = Patient("Tim", "Doe", date(2015, 3, 2), "M", Address("12 Oak Ave", "Springfield", "IL", "62702"), id=5)
MOTHER = Person("Ann", "Doe", date(1985, 6, 1))
ACME = Payer("87726", "Acme Health", "CI", 180, id=20)
STATE = Payer("77027", "State Medicaid", "MC", 365, id=21)
PRIMARY = Coverage(5, 20, "ACM123", CoverageOrder.PRIMARY, date(2026, 1, 1), None, Relationship.CHILD, MOTHER, "G7", id=30)
MEDICAID = Coverage(5, 21, "MCD999", CoverageOrder.SECONDARY, date(2025, 7, 1), id=31)
FEES = FeeSchedule([
    FeeScheduleEntry("99213", 12500, date(2026, 1, 1)),
    FeeScheduleEntry("99213", 11000, date(2025, 1, 1), date(2025, 12, 31)),
    FeeScheduleEntry("93000", 6000, date(2026, 1, 1)),
    FeeScheduleEntry("93000", 2000, date(2026, 1, 1), modifier="26"),
])


def encounter(*lines, diagnoses=("J02.9", "R05.9", "Z00.129")):
    return Encounter(patient_id=5, date_of_service=DOS, place_of_service="11", billing_provider_id=1,
                     rendering_provider_id=10, diagnosis_codes=diagnoses, lines=tuple(lines), coverage_id=30,
                     facility_id=3, id=42)


def parties(**routing):
    return EncounterParties(PATIENT, CLINIC, {10: SMITH, 11: LEE}, {30: PRIMARY, 31: MEDICAID}, {20: ACME, 21: STATE},
                            Facility("Main office", ADDRESS, id=3), routing={int(k[1:]): v for k, v in routing.items()},
                            prior_authorization="PA-1", referral_number="REF-9")


def test_one_encounter_one_claim_with_fee_schedule_charges():
    # given a visit and an ECG interpretation, both priced by the fee schedule
    visit = encounter(ServiceLine(1, "99213", 9999, diagnosis_pointers=(1, 2)),
                      ServiceLine(2, "93000", 9999, modifiers=("26",), diagnosis_pointers=(2,)))
    # when the claims are built
    [claim] = build_claims(visit, parties(), FEES)
    # then
    assert claim.claim_id == "E42-1"
    assert [(line.procedure_code, line.charge_cents, line.charge_source) for line in claim.lines] == [
        ("99213", 12500, "fee_schedule"), ("93000", 2000, "fee_schedule")]
    assert claim.total_charge_cents == 14500
    assert claim.diagnoses == ("J02.9", "R05.9")  # Z00.129 supports no line on this claim
    assert (claim.subscriber.member_id, claim.subscriber.person.first_name, claim.relationship) == (
        "ACM123", "Ann", Relationship.CHILD)
    assert (claim.payer.payer_code, claim.claim_filing_indicator, claim.payer.timely_filing_days) == ("87726", "CI", 180)
    assert (claim.billing.npi, claim.billing.tin, claim.rendering.npi) == ("1234567893", "123456789", "1987654328")
    assert (claim.prior_authorization, claim.referral_number, claim.facility.name) == ("PA-1", "REF-9", "Main office")
    assert (claim.accept_assignment, claim.benefits_assigned, claim.signature_on_file) == (True, True, True)


def test_units_multiply_the_unit_price_and_unpriced_codes_keep_the_entered_charge():
    visit = encounter(ServiceLine(1, "99213", 9999, units=2), ServiceLine(2, "87880", 2500))
    [claim] = build_claims(visit, parties(), FEES)
    assert [(line.charge_cents, line.charge_source) for line in claim.lines] == [(25000, "fee_schedule"), (2500, "encounter")]


def test_lines_split_by_payer_and_rendering_provider_with_pointers_renumbered():
    # given line 2 rendered by another clinician and line 3 billed to Medicaid
    visit = encounter(ServiceLine(1, "99213", 9999, diagnosis_pointers=(1,)),
                      ServiceLine(2, "93000", 6000, diagnosis_pointers=(2, 1)),
                      ServiceLine(3, "99401", 4000, diagnosis_pointers=(3,)))
    routing = {"L2": LineRouting(30, 11), "L3": LineRouting(31, 10)}
    # when
    claims = build_claims(visit, parties(**routing), FEES)
    # then three claims, each with only its diagnoses, first-listed order kept
    assert [(c.claim_id, c.payer.name, c.rendering.last_name_or_org) for c in claims] == [
        ("E42-1", "Acme Health", "Smith"), ("E42-2", "Acme Health", "Lee"), ("E42-3", "State Medicaid", "Smith")]
    assert [c.diagnoses for c in claims] == [("J02.9",), ("J02.9", "R05.9"), ("Z00.129",)]
    assert [c.lines[0].diagnosis_pointers for c in claims] == [(1,), (2, 1), (1,)]
    assert [line.line_number for c in claims for line in c.lines] == [1, 1, 1]
    assert claims[2].subscriber.person.first_name == "Tim"  # the Medicaid member is the patient himself
    assert [c.payer_responsibility for c in claims] == ["P", "P", "S"]


def test_self_pay_lines_are_not_billed_and_an_all_self_pay_encounter_has_no_claim():
    visit = encounter(ServiceLine(1, "99213", 9999), ServiceLine(2, "93000", 6000))
    [claim] = build_claims(visit, parties(L2=LineRouting(None, 10)), FEES)
    assert [line.procedure_code for line in claim.lines] == ["99213"]
    with pytest.raises(RevcycleError) as raised:
        build_claims(visit, parties(L1=LineRouting(None, 10), L2=LineRouting(None, 10)), FEES)
    assert raised.value.code is ErrorCode.VALIDATION


def test_a_missing_party_is_not_found():
    visit = encounter(ServiceLine(1, "99213", 9999))
    with pytest.raises(RevcycleError) as raised:
        build_claims(visit, parties(L1=LineRouting(30, 99)), FEES)
    assert (raised.value.code, raised.value.message) == (
        ErrorCode.NOT_FOUND, "rendering provider 99 was not given to the claim builder")


def test_fee_schedule_from_csv(tmp_path):
    # given a chargemaster CSV with dollar amounts
    path = tmp_path / "fees.csv"
    path.write_text("code,modifier,charge,effective_from,effective_to\n99213,,125.00,2026-01-01,\n"
                    "93000,26,20.5,2026-01-01,2026-06-30\n", encoding="utf-8")
    fees = FeeSchedule.from_csv(path)
    # then
    assert len(fees) == 2
    assert fees.unit_charge_cents("99213", (), DOS) == 12500
    assert fees.unit_charge_cents("93000", ("26",), DOS) == 2050
    assert fees.unit_charge_cents("93000", (), DOS) is None
    assert fees.unit_charge_cents("93000", ("26",), date(2026, 7, 1)) is None


def test_fee_schedule_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "fees.csv"
    path.write_text("code,modifier,charge,effective_from,effective_to\n99213,,abc,2026-01-01,\n", encoding="utf-8")
    with pytest.raises(RevcycleError) as raised:
        FeeSchedule.from_csv(path)
    assert raised.value.message == "fees.csv line 2: not an amount: 'abc'"
