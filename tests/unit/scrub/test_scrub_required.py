from dataclasses import replace
from datetime import date

from revcycle.claims import ClaimPerson, ClaimSubscriber, Frequency, PostalAddress
from revcycle.claims.examples import BILLING, EXAMPLE_TODAY, PATIENT, RENDERING, example_claim, example_line
from revcycle.kernel.findings import Severity
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def found(claim, family="required"):
    return [(f.code, f.location) for f in scrub_claim(claim, CONTEXT, only=[family]).findings]


def test_the_example_claim_is_clean_on_every_edit():
    # given the synthetic example claim
    result = scrub_claim(example_claim(), CONTEXT)
    # then no edit finds anything
    assert result.findings == ()
    assert result.clean is True


def test_missing_subscriber_id_and_name():
    # given a subscriber without member id or last name
    subscriber = ClaimSubscriber(" ", replace(PATIENT, last_name=""), "GRP100", date(2025, 1, 1))
    # when scrubbed
    result = found(example_claim(subscriber=subscriber))
    # then both are reported
    assert result == [("missing_subscriber_id", "subscriber.member_id"), ("missing_subscriber_name", "subscriber.name")]


def test_patient_birth_date_sex_and_address_are_required():
    # given a patient with no birth date, sex or address
    patient = ClaimPerson("Jane", "Doe", None, "", None)
    # then three findings
    assert found(example_claim(patient=patient)) == [
        ("missing_patient_birth_date", "patient.birth_date"),
        ("missing_patient_sex", "patient.sex"),
        ("missing_patient_address", "patient.address"),
    ]


def test_billing_provider_needs_zip_plus_4_street_address_and_tin():
    # given a billing provider at a PO box with a 5-digit ZIP and no TIN
    billing = replace(BILLING, tin="", address=PostalAddress("PO Box 55", "Springfield", "IL", "62701"))
    # then
    result = scrub_claim(example_claim(billing=billing), CONTEXT, only=["required"])
    assert [(f.code, f.location) for f in result.findings] == [
        ("billing_zip_not_zip4", "billing.address.zip_code"),
        ("billing_address_po_box", "billing.address.line1"),
        ("missing_billing_tin", "billing.tin"),
    ]
    assert result.findings[0].message == "the billing provider ZIP code must have 9 digits (ZIP+4); got '62701'"
    assert result.clean is False


def test_service_facility_zip_plus_4():
    claim = example_claim()
    facility = replace(claim.facility, address=PostalAddress("1 Elm St", "Springfield", "IL", "62703"))
    assert found(replace(claim, facility=facility)) == [("facility_zip_not_zip4", "facility.address.zip_code")]


def test_taxonomy_required_for_medicaid_and_checked_when_present():
    # given a Medicaid claim whose billing provider has no taxonomy and rendering has a malformed one
    claim = example_claim(payer=replace(example_claim().payer, claim_filing_indicator="MC"),
                          billing=replace(BILLING, taxonomy=""), rendering=replace(RENDERING, taxonomy="207Q0000"))
    # then
    assert found(claim) == [("missing_taxonomy", "billing.taxonomy"), ("invalid_taxonomy", "rendering.taxonomy")]
    # and a commercial payer does not need the billing taxonomy
    assert found(replace(claim, payer=example_claim().payer, rendering=RENDERING)) == []


def test_rendering_npi_required_when_another_clinician_renders():
    # given a rendering provider without an NPI
    assert found(example_claim(rendering=replace(RENDERING, npi=""))) == [("missing_rendering_npi", "rendering.npi")]
    # and an organization billing with nobody rendering
    assert found(example_claim(rendering=None)) == [("missing_rendering_provider", "rendering")]


def test_payer_and_filing_indicator():
    payer = replace(example_claim().payer, payer_code="", claim_filing_indicator="ZX")
    assert found(example_claim(payer=payer)) == [
        ("missing_payer", "payer"), ("invalid_claim_filing_indicator", "payer.claim_filing_indicator")]


def test_claim_shape_limits():
    # given 13 diagnoses, a bad POS and a corrected claim without the payer's control number
    diagnoses = ("E11.9", "I10", "E78.5", "J45.909", "M54.50", "R51.9", "K21.9", "F41.1", "G47.00", "N39.0",
                 "L70.0", "H52.4", "Z79.4")
    claim = example_claim(diagnoses=diagnoses, place_of_service="1", frequency=Frequency.CORRECTED)
    assert found(claim) == [
        ("too_many_diagnoses", "diagnoses"),
        ("missing_place_of_service", "place_of_service"),
        ("missing_payer_claim_control_number", "payer_claim_control_number"),
    ]


def test_line_shape_limits():
    # given a line with five modifiers, five pointers, zero units and no charge
    line = example_line(1, "99214", 0, (1, 2, 1, 2, 1), ("25", "GT", "95", "KX", "GA"), units=0)
    assert found(example_claim(lines=(line,))) == [
        ("too_many_modifiers", "line 1"), ("bad_pointer_count", "line 1"), ("bad_units", "line 1"), ("bad_charge", "line 1")]


def test_findings_are_errors_with_hints():
    result = scrub_claim(example_claim(rendering=replace(RENDERING, npi="")), CONTEXT, only=["required"])
    assert [(f.severity, f.hint) for f in result.findings] == [
        (Severity.ERROR, "enter the clinician's individual (type 1) NPI")]
