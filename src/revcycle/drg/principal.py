"""Principal diagnosis rules for an inpatient stay (UHDDS, the ICD-10-CM Official Guidelines and
the MCE principal-diagnosis edits in force on the discharge date).

Findings (location "pdx" or "sdx[i]"), each naming the guideline section it enforces:

    manifestation_as_principal     I.A.13 etiology/manifestation: code first the underlying condition
    external_cause_as_principal    I.C.20: an external cause code is never a principal diagnosis
    unacceptable_principal         the MCE list; a Z code under I.C.21 (Z codes as principal only where
                                   the guidelines allow), any other under Section II (UHDDS)
    requires_secondary_diagnosis   Z51.89-like codes the MCE accepts only with a secondary diagnosis
    questionable_admission         a principal diagnosis that does not usually justify an admission (warning)
    duplicate_of_principal         a secondary diagnosis equal to the principal (warning)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from revcycle.codesets.code_refs import undotted
from revcycle.codesets.icd10pcs_mce import dx_flags
from revcycle.codesets.mce import vintage_of
from revcycle.kernel.findings import Finding, Severity

SECTION_II = "ICD-10-CM Official Guidelines Section II (Selection of Principal Diagnosis, UHDDS)"


def principal_findings(pdx: str, secondaries: Sequence[str], discharge: date) -> list[Finding]:
    flags = dx_flags(pdx, discharge)
    vintage = vintage_of(min(discharge, date(2027, 3, 31)))
    code = undotted(pdx).upper()
    found: list[Finding] = []
    if "manifestation" in flags:
        found.append(
            Finding(
                "manifestation_as_principal",
                f"{pdx} is a manifestation code: it cannot be the "
                f"principal diagnosis [{vintage} manifestation as principal]",
                location="pdx",
                hint="Guidelines I.A.13 (etiology/manifestation): sequence the underlying condition first",
            )
        )
    if "ecodepdx" in flags:
        found.append(
            Finding(
                "external_cause_as_principal",
                f"{pdx} is an external cause code: it is never the "
                f"principal diagnosis [{vintage} E-code as principal]",
                location="pdx",
                hint="Guidelines I.C.20: report the injury or condition first, the external cause after",
            )
        )
    if "unacceptable" in flags and not ("reqsdx" in flags and secondaries):
        found.append(_unacceptable(pdx, code, flags, vintage))
    if "qadm" in flags:
        found.append(
            Finding(
                "questionable_admission",
                f"{pdx} does not usually justify an inpatient admission as "
                f"the principal diagnosis [{vintage} questionable admission]",
                Severity.WARNING,
                location="pdx",
                hint=f"{SECTION_II}: check the condition chiefly responsible",
            )
        )
    for index, secondary in enumerate(secondaries):
        if undotted(secondary).upper() == code:
            found.append(
                Finding(
                    "duplicate_of_principal",
                    f"sdx[{index}] {secondary} repeats the principal diagnosis",
                    Severity.WARNING,
                    location=f"sdx[{index}]",
                    hint="remove the duplicate",
                )
            )
    return found


def _unacceptable(pdx: str, code: str, flags: set[str], vintage: str) -> Finding:
    if "reqsdx" in flags:
        return Finding(
            "requires_secondary_diagnosis",
            f"{pdx} is acceptable as principal only with a secondary "
            f"diagnosis, and there is none [{vintage} requires secondary diagnosis]",
            location="pdx",
            hint=f"{SECTION_II}: add the condition treated",
        )
    if code.startswith("Z"):
        return Finding(
            "unacceptable_principal",
            f"{pdx} is a Z code not acceptable as the principal diagnosis of an "
            f"inpatient stay [{vintage} unacceptable principal diagnosis]",
            location="pdx",
            hint="Guidelines I.C.21 (Z codes as principal only where the guidelines allow) and Section II",
        )
    return Finding(
        "unacceptable_principal",
        f"{pdx} is not acceptable as the principal diagnosis of an inpatient "
        f"stay [{vintage} unacceptable principal diagnosis]",
        location="pdx",
        hint=SECTION_II,
    )
