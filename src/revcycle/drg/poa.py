"""Present-on-admission (POA) indicators, per diagnosis on an inpatient claim.

Values (CMS, UB-04 FL 67/67A-Q, 837I HI): Y present at admission; N not present; U documentation
insufficient; W clinically undetermined; 1 (or blank) exempt from POA reporting.

The exempt list: CMS publishes it with the ICD-10-CM Official Guidelines (Appendix I). No copy is
in the public corpus we build from, so `data/poa_exempt.csv` holds the exempt categories written
down from that appendix (sequelae, congenital Q00-Q99, the Z categories of encounters, history,
status and outcome, Y92/Y93/Y99), **not** its per-code exceptions nor the external-cause (V00-Y38)
exemptions. Because the list is partial, a code we do not list reported as exempt is a warning
(it may be exempt in the CMS file), never an error; a code we do list is exempt.
"""

from __future__ import annotations

import csv
from functools import cache

from revcycle.codesets.code_refs import undotted
from revcycle.drg.weights import DATA_DIR
from revcycle.kernel.findings import Finding, Severity

POA_VALUES = {
    "Y": "present at admission",
    "N": "not present at admission",
    "U": "documentation insufficient",
    "W": "clinically undetermined",
    "1": "exempt from POA reporting",
}
EXEMPT_VALUES = frozenset({"1", ""})
GUIDELINE = "ICD-10-CM Official Guidelines, Appendix I (Present on Admission Reporting Guidelines)"


@cache
def _exempt() -> dict[str, str]:
    with (DATA_DIR / "poa_exempt.csv").open(encoding="utf-8") as stream:
        return {row["prefix"]: row["description"] for row in csv.DictReader(stream)}


def exempt_category(code: str) -> str | None:
    """The exempt category the code falls in ("I69 Sequelae of cerebrovascular disease"), or None."""
    key = undotted(code).upper()
    for length in range(len(key), 0, -1):
        if key[:length] in _exempt():
            return f"{key[:length]} {_exempt()[key[:length]]}"
    return None


def check_poa(code: str, poa: str | None, location: str) -> list[Finding]:
    """Findings for one diagnosis's POA indicator (location: "pdx", "sdx[2]" ...)."""
    value = (poa or "").strip().upper()
    if value and value not in POA_VALUES:
        return [
            Finding(
                "invalid_poa",
                f"{location} {code}: POA indicator {poa!r} is not one of Y, N, U, W, 1",
                location=location,
                hint=GUIDELINE,
            )
        ]
    category = exempt_category(code)
    if category is not None:
        if value in EXEMPT_VALUES:
            return []
        return [
            Finding(
                "poa_on_exempt_code",
                f"{location} {code} is exempt from POA reporting ({category}); "
                f"report 1 or leave it blank, not {value}",
                Severity.INFO,
                location=location,
                hint=GUIDELINE,
            )
        ]
    if not value:
        return [
            Finding(
                "poa_missing",
                f"{location} {code}: a POA indicator (Y, N, U or W) is required",
                location=location,
                hint=GUIDELINE,
            )
        ]
    if value == "1":
        return [
            Finding(
                "poa_exempt_unlisted",
                f"{location} {code} is reported exempt (1) but is not in the POA "
                "exempt categories held (a partial list: check the CMS exempt list)",
                Severity.WARNING,
                location=location,
                hint=GUIDELINE,
            )
        ]
    return []


def grouper_poa(poa: str | None) -> str:
    """The value the grouper takes: Y, N, U, W; exempt (1 or blank) is a blank."""
    value = (poa or "").strip().upper()
    return value if value in ("Y", "N", "U", "W") else " "
