"""Required data for a 5010 837P (005010X222A1): what a clearinghouse rejects when it is missing.

Finding codes: missing_subscriber_id, missing_subscriber_name, missing_patient_birth_date,
missing_patient_sex, missing_patient_address, missing_billing_address, billing_zip_not_zip4,
billing_address_po_box, facility_zip_not_zip4, missing_billing_tin, missing_taxonomy,
invalid_taxonomy, missing_rendering_provider, missing_rendering_npi, missing_payer,
invalid_claim_filing_indicator, missing_diagnosis, too_many_diagnoses, no_service_lines,
too_many_lines, too_many_modifiers, bad_pointer_count, bad_units, bad_charge,
missing_payer_claim_control_number, missing_place_of_service.
"""

from __future__ import annotations

import re

from revcycle.claims.model import (
    MAX_DIAGNOSES,
    MAX_LINES_PER_CLAIM,
    MAX_MODIFIERS_PER_LINE,
    MAX_POINTERS_PER_LINE,
    Claim,
    Frequency,
)
from revcycle.claims.parties import ClaimProvider, PostalAddress
from revcycle.kernel.findings import Finding
from revcycle.practice import ClaimFilingIndicator
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import BOTH_KINDS, edit

_PO_BOX = re.compile(r"\b(P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX|LOCK\s*BOX|LOCKBOX)\b", re.IGNORECASE)
_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_FILING_INDICATORS = frozenset(member.value for member in ClaimFilingIndicator)
_SEXES = frozenset({"F", "M", "U"})


@edit("required", kinds=BOTH_KINDS)
def check_subscriber(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Subscriber id and name (loop 2010BA)."""
    findings: list[Finding] = []
    if not claim.subscriber.member_id.strip():
        findings.append(Finding("missing_subscriber_id", "the subscriber's member id is missing",
                                location="subscriber.member_id", hint="copy the member id from the insurance card"))
    person = claim.subscriber.person
    if not person.first_name.strip() or not person.last_name.strip():
        findings.append(Finding("missing_subscriber_name", "the subscriber's first and last name are required",
                                location="subscriber.name", hint="enter the name exactly as on the insurance card"))
    return findings


@edit("required", kinds=BOTH_KINDS)
def check_patient_demographics(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Patient birth date, sex and address (DMG and N3/N4 in 2010BA or 2010CA)."""
    patient = claim.patient
    findings: list[Finding] = []
    if patient.birth_date is None:
        findings.append(Finding("missing_patient_birth_date", "the patient's date of birth is required",
                                location="patient.birth_date", hint="enter the date of birth from registration"))
    if patient.sex.upper() not in _SEXES:
        findings.append(Finding("missing_patient_sex", f"the patient's sex must be F, M or U; got {patient.sex!r}",
                                location="patient.sex", hint="enter the sex from registration (U when unknown)"))
    if patient.address is None:
        findings.append(Finding("missing_patient_address", "the patient's address is required",
                                location="patient.address", hint="enter the patient's street address"))
    return findings


@edit("required", kinds=BOTH_KINDS)
def check_billing_provider(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Billing provider street address with ZIP+4 (not a PO box), TIN (loop 2010AA)."""
    billing = claim.billing
    findings: list[Finding] = []
    if billing.address is None:
        findings.append(Finding("missing_billing_address", "the billing provider's address is required",
                                location="billing.address", hint="enter the practice's street address"))
    else:
        findings.extend(_street_address_findings(billing.address))
    if not billing.tin.strip():
        findings.append(Finding("missing_billing_tin", "the billing provider's TIN (EIN or SSN) is required",
                                location="billing.tin", hint="enter the practice's EIN"))
    return findings


def _street_address_findings(address: PostalAddress) -> list[Finding]:
    findings: list[Finding] = []
    if len(address.zip_code) != 9 or not address.zip_code.isdecimal():
        findings.append(Finding("billing_zip_not_zip4",
                                f"the billing provider ZIP code must have 9 digits (ZIP+4); got {address.zip_code!r}",
                                location="billing.address.zip_code", hint="add the 4-digit ZIP extension (USPS lookup)"))
    if _PO_BOX.search(f"{address.line1} {address.line2}"):
        findings.append(Finding("billing_address_po_box", "the billing provider address must be a street address, not a PO box",
                                location="billing.address.line1",
                                hint="put the street address here; a PO box goes in the pay-to address"))
    return findings


@edit("required")
def check_service_facility(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Service facility address with ZIP+4 (loop 2310C)."""
    facility = claim.facility
    if facility is None or facility.address is None:
        return []
    zip_code = facility.address.zip_code
    if len(zip_code) == 9 and zip_code.isdecimal():
        return []
    return [Finding("facility_zip_not_zip4", f"the service facility ZIP code must have 9 digits; got {zip_code!r}",
                    location="facility.address.zip_code", hint="add the 4-digit ZIP extension")]


@edit("required")
def check_taxonomy(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Taxonomy codes well formed, and present when the payer requires them (e.g. Medicaid)."""
    required = claim.claim_filing_indicator in context.taxonomy_required_filing
    findings: list[Finding] = []
    for role, provider in (("billing", claim.billing), ("rendering", claim.rendering)):
        if provider is None:
            continue
        findings.extend(_taxonomy_findings(role, provider, required))
    return findings


def _taxonomy_findings(role: str, provider: ClaimProvider, required: bool) -> list[Finding]:
    if not provider.taxonomy:
        if not required:
            return []
        return [Finding("missing_taxonomy", f"the {role} provider taxonomy code is required by this payer",
                        location=f"{role}.taxonomy", hint="enter the NUCC taxonomy (e.g. 207Q00000X)")]
    if _TAXONOMY.match(provider.taxonomy):
        return []
    return [Finding("invalid_taxonomy", f"{provider.taxonomy!r} is not a taxonomy code",
                    location=f"{role}.taxonomy", hint="10 characters ending in X, e.g. 207Q00000X")]


@edit("required")
def check_rendering_provider(claim: Claim, context: ScrubContext) -> list[Finding]:
    """A rendering provider with an NPI when the billing provider is an organization or differs."""
    rendering = claim.rendering
    if rendering is None:
        if claim.billing.is_organization:
            return [Finding("missing_rendering_provider", "an organization bills: name the clinician who rendered",
                            location="rendering", hint="choose the rendering provider on the encounter")]
        return []
    if rendering.npi.strip():
        return []
    return [Finding("missing_rendering_npi", f"the rendering provider {rendering.display_name} has no NPI",
                    location="rendering.npi", hint="enter the clinician's individual (type 1) NPI")]


@edit("required", kinds=BOTH_KINDS)
def check_payer(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Payer id, name and a valid claim filing indicator (SBR09)."""
    findings: list[Finding] = []
    if not claim.payer.payer_code.strip() or not claim.payer.name.strip():
        findings.append(Finding("missing_payer", "the payer's electronic id and name are required",
                                location="payer", hint="pick the payer from the payer list"))
    if claim.claim_filing_indicator not in _FILING_INDICATORS:
        findings.append(Finding("invalid_claim_filing_indicator",
                                f"{claim.claim_filing_indicator!r} is not a claim filing indicator",
                                location="payer.claim_filing_indicator", hint="e.g. CI commercial, MB Medicare Part B"))
    return findings


@edit("required")
def check_claim_shape(claim: Claim, context: ScrubContext) -> list[Finding]:
    """1-12 diagnoses, 1-50 lines, place of service, and the control number of a corrected/void claim."""
    findings: list[Finding] = []
    if not claim.diagnoses:
        findings.append(Finding("missing_diagnosis", "a claim needs at least one diagnosis", location="diagnoses",
                                hint="code the encounter's diagnoses"))
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        findings.append(Finding("too_many_diagnoses", f"{len(claim.diagnoses)} diagnoses; a claim holds {MAX_DIAGNOSES}",
                                location="diagnoses", hint="split the lines onto two claims"))
    if not claim.lines:
        findings.append(Finding("no_service_lines", "a claim needs at least one service line", location="lines"))
    if len(claim.lines) > MAX_LINES_PER_CLAIM:
        findings.append(Finding("too_many_lines", f"{len(claim.lines)} lines; an 837P claim holds {MAX_LINES_PER_CLAIM}",
                                location="lines", hint="split the claim"))
    if len(claim.place_of_service) != 2 or not claim.place_of_service.isdecimal():
        findings.append(Finding("missing_place_of_service", "the place of service must be a 2-digit code",
                                location="place_of_service", hint="e.g. 11 office"))
    if claim.frequency in (Frequency.CORRECTED, Frequency.VOID) and not claim.payer_claim_control_number.strip():
        findings.append(Finding("missing_payer_claim_control_number",
                                f"a frequency {claim.frequency} claim needs the payer's claim control number",
                                location="payer_claim_control_number", hint="copy it from the remittance (CLP07)"))
    return findings


@edit("required")
def check_line_shape(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Per line: 1-4 pointers, at most 4 modifiers, positive units and charge."""
    findings: list[Finding] = []
    for line in claim.lines:
        where = f"line {line.line_number}"
        if len(line.modifiers) > MAX_MODIFIERS_PER_LINE:
            findings.append(Finding("too_many_modifiers", f"{where}: {len(line.modifiers)} modifiers; at most 4",
                                    location=where, hint="keep the four that affect payment first"))
        if not 1 <= len(line.diagnosis_pointers) <= MAX_POINTERS_PER_LINE:
            findings.append(Finding("bad_pointer_count", f"{where}: {len(line.diagnosis_pointers)} diagnosis pointers; 1 to 4",
                                    location=where, hint="point at the diagnoses that justify the service, most relevant first"))
        if line.units < 1:
            findings.append(Finding("bad_units", f"{where}: units must be at least 1", location=where))
        if line.charge_cents <= 0:
            findings.append(Finding("bad_charge", f"{where}: the charge must be positive", location=where,
                                    hint="price the line from the fee schedule"))
    return findings
