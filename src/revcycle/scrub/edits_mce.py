"""Medicare Code Editor (MCE) edits on institutional claims, by discharge date: what a Medicare
contractor's front end returns an inpatient bill for. The rules are `drg`'s and `codesets`':
this module only reads the claim and locates each finding by position.

Finding codes, located "diagnosis n (code)" (n = 1 is the principal) or "procedure n (code)":

    principal diagnosis (011x, 041x: `drg.principal`, the MCE list on the discharge date):
        manifestation_as_principal, external_cause_as_principal, unacceptable_principal,
        requires_secondary_diagnosis (errors: the bill is returned); questionable_admission,
        duplicate_of_principal, nonspecific_principal (warnings)
    procedures (011x, 041x: `codesets.icd10pcs_mce`): non_covered_procedure, inconsistent_with_los,
        procedure_sex_conflict (errors; a warning after the MCE dropped the sex edit, 2024-09-30);
        limited_coverage, questionable_obstetric_admission (warnings)
    ICD-10-PCS validity on the discharge date (every institutional claim with procedures):
        pcs_not_7_characters, pcs_not_in_release, pcs_invalid_axis_value ... (`codesets.icd10pcs`)
    present on admission (011x, `drg.poa`): missing_poa, invalid_poa (errors), poa_exempt_unlisted
        (warning), poa_on_exempt_code (info) — in `edits_institutional.check_present_on_admission`

The age and sex conflicts of the diagnoses are `edits_codes.check_diagnosis_codes` (dx_age_conflict,
dx_sex_conflict), which judges an inpatient bill on its discharge date too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims.model import Claim
from revcycle.codesets import icd10pcs
from revcycle.codesets.code_refs import undotted
from revcycle.codesets.icd10pcs_mce import dx_flags, procedure_edits
from revcycle.codesets.mce import vintage_of
from revcycle.drg.principal import principal_findings
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import INSTITUTIONAL, edit

LAST_MCE_DAY = date(2027, 3, 31)  # the newest MCE release held (FY2027) serves later discharges
# Hospital inpatient Part A bills the MCE edits: 011x (hospital, CAH) and 041x (religious nonmedical hospital);
# 012x (inpatient Part B) goes through the I/OCE, SNF and swing-bed bills (021x, 018x) through neither.
MCE_BILL_TYPES = frozenset({"11", "41"})


def discharge_date(claim: Claim) -> date:
    """The day the MCE and code releases are chosen by: the statement period's last day (FL 6)."""
    assert claim.institutional is not None
    return claim.institutional.statement_to


def diagnosis_location(claim: Claim, position: int) -> str:
    """ "diagnosis 1 (I50.23)" for the 0-based position in `Claim.diagnoses`."""
    return f"diagnosis {position + 1} ({claim.diagnoses[position]})"


@edit("mce", kinds=INSTITUTIONAL)
def check_principal_diagnosis(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The principal diagnosis of an inpatient bill passes the MCE on the discharge date (manifestation,
    external cause, unacceptable, questionable admission ...)."""
    details = claim.institutional
    if details is None or details.bill_type not in MCE_BILL_TYPES or not claim.diagnoses:
        return []
    discharge = discharge_date(claim)
    found = [_located(claim, finding)
             for finding in principal_findings(claim.diagnoses[0], claim.diagnoses[1:], discharge)]  # fmt: skip
    if "unspecified" in dx_flags(claim.diagnoses[0], discharge):
        where = diagnosis_location(claim, 0)
        found.append(Finding("nonspecific_principal", f"{where}: the MCE lists {claim.diagnoses[0]} as unspecified "
                             f"[{vintage_of(min(discharge, LAST_MCE_DAY))}]", Severity.WARNING, location=where,
                             hint="code the site, side or type the record documents"))  # fmt: skip
    return found


def _located(claim: Claim, finding: Finding) -> Finding:
    if finding.location == "pdx":
        position = 0
    elif finding.location.startswith("sdx["):
        position = int(finding.location[4:-1]) + 1
    else:
        return finding
    where = diagnosis_location(claim, position)
    return replace(finding, location=where, message=f"{where}: {finding.message}")


@edit("mce", kinds=INSTITUTIONAL)
def check_procedure_mce(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The ICD-10-PCS procedures of an inpatient bill pass the MCE procedure edits on the discharge date
    (non-covered, limited coverage, sex conflict, delivery without an outcome, ventilation vs stay)."""
    details = claim.institutional
    if details is None or details.bill_type not in MCE_BILL_TYPES or not details.procedures:
        return []
    codes = [procedure.code for procedure in details.procedures]
    admitted = details.admission_date or details.statement_from
    sex = claim.patient.sex.upper()
    found = procedure_edits(codes, list(claim.diagnoses), discharge_date(claim),
                            age=claim.patient.age_on(admitted), sex=sex if sex in ("F", "M") else None,
                            stay_days=(details.statement_to - admitted).days)  # fmt: skip
    return [_at_procedure(codes, finding) for finding in found]


@edit("mce", kinds=INSTITUTIONAL)
def check_procedure_codes_valid(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Every ICD-10-PCS procedure is a valid code in the release for the discharge date."""
    details = claim.institutional
    if details is None or not details.procedures:
        return []
    codes = [procedure.code for procedure in details.procedures]
    found = icd10pcs.validate(codes, discharge_date(claim))
    return [replace(_at_procedure(codes, finding), code=f"pcs_{finding.code}") for finding in found]


def _at_procedure(codes: list[str], finding: Finding) -> Finding:
    keys = [undotted(code) for code in codes]
    key = undotted(finding.location)
    if key not in keys:
        return finding
    where = f"procedure {keys.index(key) + 1} ({key})"
    return replace(finding, location=where, message=f"{where}: {finding.message.removeprefix(f'{key}: ')}")
