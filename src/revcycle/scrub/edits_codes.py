"""Codes valid on the date of service, pointers, first-listed diagnosis, MCE age/sex, Excludes1, manifestation.

Diagnosis findings are `coding.check`'s (which runs `codesets.icd10cm.validate`), prefixed `dx_`:
dx_unknown_code, dx_not_billable, dx_not_in_release, dx_missing_7th_character,
dx_invalid_7th_character, dx_missing_placeholder, dx_excludes1_conflict, dx_age_conflict,
dx_sex_conflict, dx_duplicate_code, dx_overlapping_codes (warning), dx_external_cause_first_listed,
dx_secondary_only_z_code, dx_manifestation_first_listed, dx_etiology_after_manifestation,
dx_etiology_missing (warning); "use additional code" reminders are left to the coder's desk.
Others: procedure_unknown_code, procedure_not_in_release, modifier_unknown_code,
modifier_not_in_release, modifier_not_applicable, pointer_out_of_range, pointer_repeated,
diagnosis_not_pointed (warning), invalid_place_of_service.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims.model import Claim
from revcycle.codesets import modifiers, pos
from revcycle.codesets.code_refs import dotted
from revcycle.coding.rules import check as check_codes
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub import procedures
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import BOTH_KINDS, edit

# coder reminders, not reasons a payer rejects a claim (the coder's desk shows them)
CODING_REMINDERS = frozenset({"use_additional_code"})


@edit("codes", kinds=BOTH_KINDS)
def check_diagnosis_codes(claim: Claim, context: ScrubContext) -> list[Finding]:
    """ICD-10-CM on the DOS (valid, billable, Excludes1, MCE age/sex) and sequencing, by `coding.check`."""
    if not claim.diagnoses:
        return []
    dos, age_day = _diagnosis_days(claim, context)
    patient = claim.patient
    sex = patient.sex.upper() if patient.sex.upper() in ("F", "M") else None
    found = check_codes(list(claim.diagnoses), dos, age=patient.age_on(age_day), sex=sex)
    positions = {dotted(code).upper(): number for number, code in enumerate(claim.diagnoses, start=1)}
    return [_diagnosis_finding(finding, positions) for finding in found
            if finding.code not in CODING_REMINDERS and finding.severity is not Severity.INFO]


def _diagnosis_days(claim: Claim, context: ScrubContext) -> tuple[date, date]:
    """The day the code release and MCE are chosen by, and the day the patient's age is taken on: an
    inpatient bill's discharge (statement through) date and admission date, as the MCE reads them;
    otherwise the first date of service."""
    details = claim.institutional
    if details is not None and details.is_inpatient and details.classification == "1":  # Part A, not 012x
        return details.statement_to, details.admission_date or details.statement_from
    dos = claim.first_service_date if claim.lines else context.today
    return dos, dos


def _diagnosis_finding(finding: Finding, positions: dict[str, int]) -> Finding:
    number = positions.get(dotted(finding.location).upper())
    location = f"diagnosis {number} ({finding.location})" if number else finding.location
    return replace(finding, code=f"dx_{finding.code}", location=location)


@edit("codes")
def check_procedure_codes(claim: Claim, context: ScrubContext) -> list[Finding]:
    """CPT/HCPCS codes valid on the DOS; modifiers valid on the DOS and for the code's type."""
    findings: list[Finding] = []
    for line in claim.lines:
        where = f"line {line.line_number}"
        for finding in procedures.validate(line.procedure_code, line.service_date, context.cpt_codes):
            findings.append(replace(finding, code=f"procedure_{finding.code}", location=where,
                                    message=f"{where}: {finding.message}"))
        kind = procedures.code_type(line.procedure_code, line.service_date, context.cpt_codes)
        for modifier in line.modifiers:
            for finding in modifiers.check_pairing(modifier, kind, line.service_date):
                code = finding.code if finding.code.startswith("modifier_") else f"modifier_{finding.code}"
                findings.append(replace(finding, code=code, location=where, message=f"{where}: {finding.message}"))
    return findings


@edit("codes")
def check_diagnosis_pointers(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Pointers name existing diagnoses, once each per line; every diagnosis is pointed at."""
    findings: list[Finding] = []
    pointed: set[int] = set()
    for line in claim.lines:
        where = f"line {line.line_number}"
        if len(set(line.diagnosis_pointers)) != len(line.diagnosis_pointers):
            findings.append(Finding("pointer_repeated", f"{where}: a diagnosis pointer is repeated",
                                    location=where, hint="point at each diagnosis once"))
        for pointer in dict.fromkeys(line.diagnosis_pointers):
            if not 1 <= pointer <= len(claim.diagnoses):
                findings.append(Finding("pointer_out_of_range",
                                        f"{where}: pointer {pointer} but the claim has {len(claim.diagnoses)} diagnoses",
                                        location=where, hint="point at a listed diagnosis (A-L on the CMS-1500)"))
            pointed.add(pointer)
    for number, code in enumerate(claim.diagnoses, start=1):
        if number not in pointed and claim.lines:
            findings.append(Finding("diagnosis_not_pointed", f"diagnosis {number} ({code}) supports no service line",
                                    Severity.WARNING, location=f"diagnosis {number} ({code})",
                                    hint="point a line at it, or drop it from the claim"))
    return findings


@edit("codes")
def check_place_of_service(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Place-of-service codes exist on the DOS."""
    findings: list[Finding] = []
    checked: set[str] = set()
    for line in claim.lines:
        code = claim.line_place_of_service(line)
        if code in checked or len(code) != 2:
            continue
        checked.add(code)
        if pos.validate(code, line.service_date):
            findings.append(Finding("invalid_place_of_service", f"{code} is not a place-of-service code on "
                                    f"{line.service_date.isoformat()}", location="place_of_service",
                                    hint="e.g. 11 office, 22 outpatient hospital, 02/10 telehealth"))
    return findings
