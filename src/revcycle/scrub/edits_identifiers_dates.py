"""Identifiers (NPI check digit, TIN format) and dates (not in the future, not before birth, within coverage).

Finding codes: invalid_npi, invalid_tin, service_date_in_future, service_before_birth,
service_dates_reversed, before_coverage, after_coverage.
"""

from __future__ import annotations

from revcycle.claims.model import Claim
from revcycle.kernel.errors import RevcycleError
from revcycle.kernel.findings import Finding
from revcycle.practice import npi_is_valid, validate_tin
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import BOTH_KINDS, edit


@edit("identifiers", kinds=BOTH_KINDS)
def check_npis(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Every NPI on the claim is 10 digits with a valid Luhn check digit (prefix 80840)."""
    npis = [("billing", claim.billing.npi)]
    npis += [(role, provider.npi) for role, provider in (("rendering", claim.rendering), ("referring", claim.referring))
             if provider is not None and provider.npi]
    if claim.facility is not None and claim.facility.npi:
        npis.append(("facility", claim.facility.npi))
    return [
        Finding("invalid_npi", f"the {role} NPI {npi!r} fails the NPI check digit (Luhn with prefix 80840)",
                location=f"{role}.npi", hint="re-key the NPI from NPPES; a typo changes the check digit")
        for role, npi in npis
        if not npi_is_valid(npi)
    ]


@edit("identifiers", kinds=BOTH_KINDS)
def check_tin(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The billing TIN is an EIN (NN-NNNNNNN, issued prefix) or an SSN (NNN-NN-NNNN)."""
    if not claim.billing.tin.strip():
        return []  # reported by the required-data edit
    try:
        validate_tin(claim.billing.tin)
    except RevcycleError as error:
        return [Finding("invalid_tin", error.message, location="billing.tin",
                        hint="use the EIN from the practice's IRS letter (CP 575)")]
    return []


@edit("dates", kinds=BOTH_KINDS)
def check_service_dates(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Service dates are not in the future, not before birth, and from <= to."""
    findings: list[Finding] = []
    birth = claim.patient.birth_date
    for line in claim.lines:
        where = f"line {line.line_number}"
        if line.last_service_date > context.today:
            findings.append(Finding("service_date_in_future",
                                    f"{where}: date of service {line.last_service_date.isoformat()} is after today "
                                    f"({context.today.isoformat()})", location=where,
                                    hint="bill a service after it is rendered; check the date"))
        if birth is not None and line.service_date < birth:
            findings.append(Finding("service_before_birth",
                                    f"{where}: date of service {line.service_date.isoformat()} is before the patient's "
                                    f"birth ({birth.isoformat()})", location=where,
                                    hint="check the date of service and the date of birth"))
        if line.service_date_to is not None and line.service_date_to < line.service_date:
            findings.append(Finding("service_dates_reversed", f"{where}: the service ends before it starts",
                                    location=where, hint="swap the from and to dates"))
    return findings


@edit("dates", kinds=BOTH_KINDS)
def check_coverage_period(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Every date of service falls within the coverage period billed."""
    start, end = claim.subscriber.coverage_from, claim.subscriber.coverage_to
    findings: list[Finding] = []
    for line in claim.lines:
        where = f"line {line.line_number}"
        if start is not None and line.service_date < start:
            findings.append(Finding("before_coverage",
                                    f"{where}: date of service {line.service_date.isoformat()} is before the coverage "
                                    f"starts ({start.isoformat()})", location=where,
                                    hint="check eligibility (270/271); bill the coverage in force or the patient"))
        if end is not None and line.last_service_date > end:
            findings.append(Finding("after_coverage",
                                    f"{where}: date of service {line.last_service_date.isoformat()} is after the "
                                    f"coverage ended ({end.isoformat()})", location=where,
                                    hint="check eligibility (270/271); bill the coverage in force or the patient"))
    return findings
