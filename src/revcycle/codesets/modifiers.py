"""CPT/HCPCS modifiers (our own short wording) with the code types each applies to.

Code types: em (evaluation and management), procedure, radiology, lab, drug, any. A CPT
code's type comes from `cpt`, a HCPCS Level II J-code counts as a drug, any other HCPCS
code as a procedure.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from revcycle.codesets.dated_codes import DatedCode, DatedCodeTable, parse_day
from revcycle.codesets.packaged_data import read_csv_rows
from revcycle.kernel.findings import Finding

MODIFIERS_FILE = "modifiers.csv"
MODIFIER_SHAPE = re.compile(r"^[0-9A-Z]{2}$")
CODE_TYPES = ("em", "procedure", "radiology", "lab", "drug", "vaccine", "any")


@cache
def table() -> DatedCodeTable:
    rows = (
        DatedCode(row["modifier"], row["title"], parse_day(row["valid_from"]), parse_day(row["valid_through"]),
                  "modifier", (("applies_to", row["applies_to"]),))
        for row in read_csv_rows(MODIFIERS_FILE)
    )
    return DatedCodeTable("modifier", "modifier", MODIFIER_SHAPE, rows)


def lookup(code: str, dos: date) -> DatedCode | None:
    return table().lookup(code, dos)


def validate(code: str, dos: date) -> list[Finding]:
    return table().validate(code, dos)


def applies_to(modifier: DatedCode) -> tuple[str, ...]:
    return tuple(modifier.detail("applies_to").split())


def check_pairing(modifier_code: str, code_type: str, dos: date) -> list[Finding]:
    """Findings when the modifier is unknown on the DOS or does not apply to this code type."""
    findings = validate(modifier_code, dos)
    modifier = lookup(modifier_code, dos)
    if findings or modifier is None:
        return findings
    allowed = applies_to(modifier)
    if "any" in allowed or code_type in allowed or (code_type == "vaccine" and "procedure" in allowed):
        return []
    return [Finding("modifier_not_applicable",
                    f"modifier {modifier.code} ({modifier.title}) applies to {', '.join(allowed)} codes, not {code_type}",
                    location=modifier.code, hint="remove the modifier or check the code it is attached to")]
