"""Institutional (837I, UB-04) edits: what a payer's front end or a hospital billing editor rejects.

Finding codes: missing_admission_date, missing_admission_type, missing_admission_source,
missing_patient_status, missing_admitting_diagnosis, admission_after_statement_start,
interim_bill_needs_still_patient (frequency 2, 3: status 30), discharge_bill_with_still_patient
(frequency 1, 4: a discharge status, not 30), missing_poa and invalid_poa (011x, by `drg.poa`: a code in
the exempt categories needs none), poa_exempt_unlisted (warning: 1 on a code the partial exempt list
does not hold), poa_on_exempt_code (info), poa_on_outpatient (warning),
revenue_code_needs_hcpcs, unknown_revenue_code (warning), line_outside_statement_period,
procedure_outside_statement_period, missing_attending, missing_principal_procedure_date.
Each is a pure function registered for institutional claims only (`kinds=INSTITUTIONAL`).
"""

from __future__ import annotations

from dataclasses import replace

from revcycle.claims.model import Claim, Frequency
from revcycle.claims.nubc import STILL_PATIENT, revenue_codes
from revcycle.drg.poa import check_poa
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import INSTITUTIONAL, edit

INTERIM_CONTINUING = frozenset({Frequency.INTERIM_FIRST, Frequency.INTERIM_CONTINUING})
DISCHARGE_BILLS = frozenset({Frequency.ORIGINAL, Frequency.INTERIM_LAST})
# Revenue codes an outpatient bill must carry a HCPCS code with (three-digit prefixes, or whole codes):
# laboratory, radiology, CT, nuclear medicine, OR, imaging, ER, pulmonary, cardiology, clinic, MRI, drugs
# requiring detailed coding, EKG, EEG, observation, psychiatric treatment, other diagnostics, professional fees.
HCPCS_REQUIRED_PREFIXES = frozenset({"030", "031", "032", "033", "034", "035", "036", "040", "045", "046", "048",
                                     "051", "061", "073", "074", "076", "091", "092", "096", "097", "098"})  # fmt: skip
HCPCS_REQUIRED_CODES = frozenset({"0636"})


def _details(claim: Claim):  # noqa: ANN202 - InstitutionalDetails
    assert claim.institutional is not None  # the registry runs these on institutional claims only
    return claim.institutional


@edit("institutional", kinds=INSTITUTIONAL)
def check_inpatient_admission(claim: Claim, context: ScrubContext) -> list[Finding]:
    """An inpatient bill (011x, 021x ...) has its admission date, type, source and admitting diagnosis."""
    details = _details(claim)
    if not details.is_inpatient:
        return []
    findings = []
    required = (("missing_admission_date", details.admission_date, "FL 12 admission date", "DTP*435"),
                ("missing_admission_type", details.admission_type, "FL 14 admission type", "CL101"),
                ("missing_admission_source", details.admission_source, "FL 15 point of origin", "CL102"),
                ("missing_admitting_diagnosis", details.admitting_diagnosis, "FL 69 admitting diagnosis", "HI*ABJ"))  # fmt: skip
    for code, value, what, segment in required:
        if not value:
            findings.append(Finding(code, f"inpatient type of bill {claim.type_of_bill} needs the {what} ({segment})",
                                    location="institutional", hint="take it from the admission record (ADT)"))  # fmt: skip
    admitted = details.admission_date
    if admitted is not None and admitted > details.statement_from and claim.frequency in DISCHARGE_BILLS:
        findings.append(Finding("admission_after_statement_start",
                                f"admitted {admitted.isoformat()}, after the statement period starts "
                                f"({details.statement_from.isoformat()})", location="institutional.admission_date",
                                hint="an admit-through-discharge bill starts on the admission date"))  # fmt: skip
    return findings


@edit("institutional", kinds=INSTITUTIONAL)
def check_bill_type_and_status(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Frequency and patient status agree: interim bills (xx2, xx3) are still patient (30); a discharge
    bill (xx1, xx4) has a discharge status."""
    details = _details(claim)
    status = details.patient_status
    if not status:
        return [Finding("missing_patient_status", f"type of bill {claim.type_of_bill} needs a patient status "
                        "(FL 17, CL103)", location="institutional.patient_status",
                        hint="01 home, 02 another hospital, 03 SNF, 20 expired, 30 still patient ...")]  # fmt: skip
    if claim.frequency in INTERIM_CONTINUING and status != STILL_PATIENT:
        return [Finding("interim_bill_needs_still_patient", f"interim type of bill {claim.type_of_bill} needs "
                        f"patient status 30 (still patient), got {status}", location="institutional.patient_status",
                        hint="bill the last interim period as xx4 with the discharge status")]  # fmt: skip
    if claim.frequency in DISCHARGE_BILLS and status == STILL_PATIENT and details.is_inpatient:
        return [Finding("discharge_bill_with_still_patient", f"type of bill {claim.type_of_bill} ends the stay but "
                        "the patient status is 30 (still patient)", location="institutional.patient_status",
                        hint="use the discharge status, or bill an interim claim (xx2 / xx3)")]  # fmt: skip
    return []


@edit("institutional", kinds=INSTITUTIONAL)
def check_present_on_admission(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Inpatient acute hospital bills (011x) carry a POA indicator (Y, N, U, W; 1 or blank on exempt codes) per
    diagnosis, checked by `drg.poa` (the exempt list)."""
    details = _details(claim)
    if details.requires_poa:
        return [_poa_finding(finding, n, code) for n, code in enumerate(claim.diagnoses, start=1)
                for finding in check_poa(code, details.poa_of(n - 1), f"diagnosis {n}")]  # fmt: skip
    if details.is_outpatient and any(details.present_on_admission):
        return [Finding("poa_on_outpatient", "POA indicators are reported on inpatient bills only; they are not sent",
                        Severity.WARNING, location="institutional.present_on_admission",
                        hint="leave POA empty on outpatient claims")]  # fmt: skip
    return []


def _poa_finding(finding: Finding, number: int, code: str) -> Finding:
    """`drg.poa`'s finding on the claim: a missing indicator keeps the scrubber's name, missing_poa."""
    if finding.code != "poa_missing":
        return finding
    return replace(finding, code="missing_poa", message=f"diagnosis {number} ({code}) has no POA indicator; "
                   "Y, N, U or W is required", hint="Y present, N not present, U insufficient documentation, "
                   f"W undetermined ({finding.hint})")  # fmt: skip


@edit("institutional", kinds=INSTITUTIONAL)
def check_revenue_code_hcpcs(claim: Claim, context: ScrubContext) -> list[Finding]:
    """On an outpatient bill, revenue codes for lab, radiology, ER, clinic, EKG, observation ... need a HCPCS."""
    details = _details(claim)
    findings = []
    known = revenue_codes()
    for line in claim.lines:
        where = f"line {line.line_number} ({line.revenue_code})"
        if line.revenue_code not in known:
            findings.append(Finding("unknown_revenue_code", f"{where}: not in the NUBC revenue code list",
                                    Severity.WARNING, location=where, hint="check the charge master's revenue code"))  # fmt: skip
        needs = line.revenue_code[:3] in HCPCS_REQUIRED_PREFIXES or line.revenue_code in HCPCS_REQUIRED_CODES
        if details.is_outpatient and needs and not line.procedure_code:
            findings.append(Finding("revenue_code_needs_hcpcs", f"{where}: outpatient revenue code "
                                    f"{line.revenue_code} needs a HCPCS/CPT code (FL 44, SV202)", location=where,
                                    hint="add the HCPCS from the charge master (e.g. 99284 for an ER visit)"))  # fmt: skip
    return findings


@edit("institutional", kinds=INSTITUTIONAL)
def check_dates_in_statement_period(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Every line's service dates and every procedure's date fall inside the statement period (FL 6)."""
    details = _details(claim)
    first, last = details.statement_from, details.statement_to
    period = f"{first.isoformat()} to {last.isoformat()}"
    findings = [
        Finding("line_outside_statement_period", f"line {line.line_number}: service on {line.service_date.isoformat()}"
                f"{' to ' + line.last_service_date.isoformat() if line.service_date_to else ''} is outside the "
                f"statement period {period}", location=f"line {line.line_number}",
                hint="fix the service date, or the statement period (FL 6, DTP*434)")
        for line in claim.lines if line.service_date < first or line.last_service_date > last
    ]  # fmt: skip
    findings += [
        Finding("procedure_outside_statement_period", f"procedure {procedure.code} on "
                f"{procedure.performed_on.isoformat()} is outside the statement period {period}",
                location=f"procedure {n}", hint="check the procedure date (FL 74)")
        for n, procedure in enumerate(details.procedures, start=1)
        if not first <= procedure.performed_on <= last
    ]  # fmt: skip
    return findings


@edit("institutional", kinds=INSTITUTIONAL)
def check_attending_provider(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The attending provider (FL 76, loop 2310A) is named with an NPI."""
    attending = _details(claim).attending
    if attending is None or not attending.npi.strip():
        return [Finding("missing_attending", "the attending provider and NPI are required (FL 76, 2310A)",
                        location="institutional.attending", hint="the physician responsible for the patient's care")]  # fmt: skip
    return []
