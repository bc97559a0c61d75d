"""Procedure codes on a claim line: which system (CPT or HCPCS Level II), which type, valid on the DOS.

The CPT table is passed in (the scrub context holds the one in use for the whole run, so a batch
does not re-check the licensed-import file for every line).
"""

from __future__ import annotations

from datetime import date

from revcycle.codesets import cpt, hcpcs
from revcycle.codesets.dated_codes import DatedCodeTable
from revcycle.kernel.findings import Finding

EM = "em"


def system_of(code: str) -> str:
    """cpt | hcpcs | unknown, by shape."""
    key = code.strip().upper()
    if cpt.CPT_SHAPE.match(key):
        return "cpt"
    if hcpcs.HCPCS_SHAPE.match(key):
        return "hcpcs"
    return "unknown"


def code_type(code: str, dos: date, cpt_codes: DatedCodeTable) -> str:
    """em | procedure | radiology | lab | vaccine | drug: what modifiers and bundling rules care about."""
    key = code.strip().upper()
    system = system_of(key)
    if system == "cpt":
        found = cpt_codes.lookup(key, dos)
        return found.detail("code_type") if found and found.detail("code_type") else cpt.code_type_of(key)
    if system == "hcpcs":
        return "drug" if key.startswith("J") else "procedure"
    return "procedure"


def is_em(code: str, dos: date, cpt_codes: DatedCodeTable) -> bool:
    return code_type(code, dos, cpt_codes) == EM


def validate(code: str, dos: date, cpt_codes: DatedCodeTable) -> list[Finding]:
    system = system_of(code)
    if system == "cpt":
        return cpt_codes.validate(code, dos)
    if system == "hcpcs":
        return hcpcs.validate(code, dos)
    return [Finding("unknown_code", f"{code!r} is neither a CPT nor a HCPCS Level II code", location=code,
                    hint="CPT: 5 digits (or 4 digits + F/T/U/M/A); HCPCS: a letter A-V and 4 characters")]
