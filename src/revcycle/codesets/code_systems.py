"""Which code system a code belongs to (by its shape), and look-up/validation across systems.

Shapes: CPT `nnnnn` or `nnnnF/T/U/M/A`; HCPCS Level II a letter A-V and 4 letters/digits;
ICD-10-CM a letter, a digit, then 1-5 letters/digits, often dotted; modifiers and POS two
characters (a modifier when one exists by that name, else a POS code).
An undotted 5-character code such as J1100 fits both ICD-10-CM (J11.00) and HCPCS (J1100):
`detect` prefers ICD-10-CM when the ICD-10-CM release knows the code, else HCPCS;
`validate_mixed` accepts such a code when either system does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import ModuleType

from revcycle.codesets import cpt, hcpcs, icd10cm, modifiers, pos
from revcycle.codesets.code_refs import undotted
from revcycle.codesets.dated_codes import DatedCode
from revcycle.codesets.icd10_validation import ICD10CM_SHAPE
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding

SYSTEMS: dict[str, ModuleType] = {"cpt": cpt, "hcpcs": hcpcs, "modifier": modifiers, "pos": pos}
ALL_SYSTEMS = ("icd10cm", *SYSTEMS)


def detect(code: str, dos: date) -> str:
    text = code.strip().upper()
    key = undotted(text)
    if "." in text:
        return "icd10cm"
    if cpt.CPT_SHAPE.match(key):
        return "cpt"
    if len(key) == 2:
        return "pos" if modifiers.lookup(key, dos) is None and pos.lookup(key, dos) is not None else "modifier"
    if hcpcs.HCPCS_SHAPE.match(key):
        in_icd = icd10cm.release_for(dos).get(key) is not None
        return "icd10cm" if in_icd or not hcpcs.table().history(key) else "hcpcs"
    return "icd10cm"


def _module(system: str) -> ModuleType:
    if system not in SYSTEMS:
        raise RevcycleError(ErrorCode.UNKNOWN_CODE_SYSTEM, f"unknown code system {system!r} (one of {ALL_SYSTEMS})")
    return SYSTEMS[system]


def lookup(system: str, code: str, dos: date) -> DatedCode | None:
    found: DatedCode | None = _module(system).lookup(code, dos)
    return found


def validate(system: str, code: str, dos: date) -> list[Finding]:
    findings: list[Finding] = _module(system).validate(code, dos)
    return findings


def entry_payload(entry: DatedCode) -> dict[str, object]:
    return entry.to_dict()


def validate_mixed(codes: Sequence[str], dos: date, age: int | None = None, sex: str | None = None) -> list[Finding]:
    """Validate codes of any system given together; ICD-10-CM codes are checked as a set
    (Excludes1, age, sex)."""
    icd_codes: list[str] = []
    findings: list[Finding] = []
    for code in codes:
        system = detect(code, dos)
        if system == "icd10cm" and not _valid_hcpcs_twin(code, dos):
            icd_codes.append(code)
        elif system != "icd10cm":
            findings.extend(validate(system, code, dos))
    return icd10cm.validate(icd_codes, dos, age=age, sex=sex) + findings if icd_codes else findings


def _valid_hcpcs_twin(code: str, dos: date) -> bool:
    """An undotted code that ICD-10-CM rejects but HCPCS accepts on this date (e.g. a J-code)."""
    key = undotted(code)
    if "." in code or not hcpcs.HCPCS_SHAPE.match(key) or not ICD10CM_SHAPE.match(key):
        return False
    if icd10cm.release_for(dos).is_billable(key):
        return False
    return hcpcs.lookup(key, dos) is not None
