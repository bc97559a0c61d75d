"""Every inpatient coding finding on a stay: code validity on the discharge date (ICD-10-CM with
the MCE age/sex edits, ICD-10-PCS), POA per diagnosis, the principal-diagnosis rules and the MCE
procedure edits. Locations: the code for validity and the MCE procedure edits (as `codesets`
reports them), "pdx" / "sdx[i]" for the POA and principal-diagnosis rules."""

from __future__ import annotations

from revcycle.codesets import icd10cm, icd10pcs
from revcycle.codesets.icd10pcs_mce import procedure_edits
from revcycle.drg.poa import check_poa
from revcycle.drg.principal import principal_findings
from revcycle.drg.stay import Stay
from revcycle.kernel.errors import RevcycleError
from revcycle.kernel.findings import Finding, Severity


def stay_findings(stay: Stay) -> list[Finding]:
    diagnoses = [stay.principal, *stay.secondaries]
    codes = [dx.code for dx in diagnoses]
    found = _validity(stay, codes)
    found.extend(check_poa(stay.principal.code, stay.principal.poa, "pdx"))
    for index, dx in enumerate(stay.secondaries):
        found.extend(check_poa(dx.code, dx.poa, f"sdx[{index}]"))
    found.extend(
        principal_findings(stay.principal.code, [dx.code for dx in stay.secondaries], stay.discharge_date)
    )
    found.extend(
        procedure_edits(
            stay.procedures,
            codes,
            stay.discharge_date,
            age=stay.age,
            sex=stay.sex if stay.sex in ("F", "M") else None,
            stay_days=stay.stay_days,
        )
    )
    return found


def _validity(stay: Stay, codes: list[str]) -> list[Finding]:
    found: list[Finding] = []
    sex = stay.sex if stay.sex in ("F", "M") else None
    try:
        found.extend(icd10cm.validate(codes, stay.discharge_date, age=stay.age, sex=sex))
    except RevcycleError as error:
        found.append(
            Finding("codes_not_checked", f"ICD-10-CM codes not checked: {error.message}", Severity.WARNING)
        )
    try:
        found.extend(icd10pcs.validate(list(stay.procedures), stay.discharge_date))
    except RevcycleError as error:
        found.append(
            Finding("codes_not_checked", f"ICD-10-PCS codes not checked: {error.message}", Severity.WARNING)
        )
    return found
