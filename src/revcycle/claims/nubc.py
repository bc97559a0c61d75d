"""NUBC code lists an institutional claim (UB-04, 837I) is built from, with short words for people.

    check_type_of_bill("0111")            # raises VALIDATION with the reason, else returns None
    ADMISSION_TYPES["1"] == "emergency"
    revenue_code_label("0450") == "Emergency Room ER"

Type of bill (UB-04 FL 4, 837I CLM05): a leading 0, the facility type (1 hospital ... 8 special facility),
the bill classification (1 inpatient, 3 outpatient ...) and the frequency (1 admit through discharge,
7 replacement, 8 void ...). Admission type (FL 14, CL101), point of origin (FL 15, CL102), patient
discharge status (FL 17, CL103) and POA indicators follow the public NUBC values; revenue codes
(FL 42, SV201) are 4 digits, their descriptions from the Tuva Project terminology (Apache-2.0,
`data/revenue_codes.csv`). Condition, occurrence, span and value codes are checked for shape only
(2 characters): their lists are long and payer-specific.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from revcycle.kernel.errors import ErrorCode, RevcycleError

FACILITY_TYPES = {
    "1": "hospital",
    "2": "skilled nursing",
    "3": "home health",
    "4": "religious nonmedical (hospital)",
    "6": "intermediate care",
    "7": "clinic",
    "8": "special facility",
}
# Bill classification (third digit) for facility types 1-6; clinics (7) and special facilities (8) use
# their own sub-types, checked as a digit 1-9.
CLASSIFICATIONS = {
    "1": "inpatient (Part A)",
    "2": "inpatient (Part B only)",
    "3": "outpatient",
    "4": "other (Part B)",
    "5": "intermediate care level I",
    "6": "intermediate care level II",
    "8": "swing bed",
}
FREQUENCIES = {
    "0": "non-payment / zero claim",
    "1": "admit through discharge",
    "2": "interim, first claim",
    "3": "interim, continuing claim",
    "4": "interim, last claim",
    "5": "late charges only",
    "7": "replacement of prior claim",
    "8": "void / cancel of prior claim",
}
ADMISSION_TYPES = {
    "1": "emergency",
    "2": "urgent",
    "3": "elective",
    "4": "newborn",
    "5": "trauma",
    "9": "information not available",
}
ADMISSION_SOURCES = {  # point of origin for admission or visit
    "1": "non-health care facility point of origin",
    "2": "clinic or physician's office",
    "4": "transfer from a hospital",
    "5": "transfer from a SNF, ICF or assisted living",
    "6": "transfer from another health care facility",
    "7": "emergency room",
    "8": "court / law enforcement",
    "9": "information not available",
    "D": "transfer within this hospital, separate claim",
    "E": "transfer from an ambulatory surgery center",
    "F": "transfer from hospice",
    "G": "transfer from a disaster alternative care site",
}
PATIENT_STATUSES = {  # patient discharge status
    "01": "home or self-care",
    "02": "short-term general hospital",
    "03": "skilled nursing facility",
    "04": "intermediate care facility",
    "05": "another type of institution",
    "06": "home health service",
    "07": "left against medical advice",
    "09": "admitted as an inpatient to this hospital",
    "20": "expired",
    "21": "court / law enforcement",
    "30": "still patient",
    "40": "expired at home (hospice)",
    "41": "expired in a medical facility (hospice)",
    "42": "expired, place unknown (hospice)",
    "43": "federal health care facility",
    "50": "hospice, home",
    "51": "hospice, medical facility",
    "61": "swing bed in this hospital",
    "62": "inpatient rehabilitation facility",
    "63": "long-term care hospital",
    "64": "Medicaid-only nursing facility",
    "65": "psychiatric hospital or unit",
    "66": "critical access hospital",
    "69": "designated disaster alternative care site",
    "70": "another type of health care institution",
    **{
        code: "planned readmission: " + where
        for code, where in {
            "81": "home or self-care",
            "82": "short-term general hospital",
            "83": "skilled nursing facility",
            "84": "custodial or supportive care",
            "85": "cancer center or children's hospital",
            "86": "home health service",
            "87": "court / law enforcement",
            "88": "federal health care facility",
            "89": "swing bed",
            "90": "inpatient rehabilitation facility",
            "91": "long-term care hospital",
            "92": "Medicaid-only nursing facility",
            "93": "psychiatric unit",
            "94": "critical access hospital",
            "95": "another type of institution",
        }.items()
    },
}
POA_INDICATORS = {
    "Y": "present at admission",
    "N": "not present at admission",
    "U": "documentation insufficient",
    "W": "clinically undetermined",
    "1": "exempt from POA reporting",
}
STILL_PATIENT = "30"
_TWO_CHARACTERS = re.compile(r"^[0-9A-Z]{2}$")
_REVENUE_CODE = re.compile(r"^[0-9]{4}$")
REVENUE_CODES_FILE = Path(__file__).resolve().parent / "data" / "revenue_codes.csv"


def check_type_of_bill(tob: str) -> None:
    """A 4-character type of bill: 0, a known facility type, a classification digit, a known frequency."""
    where = f"type of bill {tob!r}"
    _require(
        len(tob) == 4 and tob.isdecimal() and tob[0] == "0", f"{where}: 4 digits starting with 0 (e.g. 0111)"
    )
    _require(
        tob[1] in FACILITY_TYPES, f"{where}: facility type {tob[1]} is not one of {', '.join(FACILITY_TYPES)}"
    )
    allowed = CLASSIFICATIONS if tob[1] in "123456" else {str(n): "" for n in range(1, 10)}
    _require(tob[2] in allowed, f"{where}: bill classification {tob[2]} is not one of {', '.join(allowed)}")
    _require(tob[3] in FREQUENCIES, f"{where}: frequency {tob[3]} is not one of {', '.join(FREQUENCIES)}")


def check_code(value: str, codes: dict[str, str], what: str) -> None:
    """`value` is one of `codes` (empty is allowed: the caller decides when it is required)."""
    _require(not value or value in codes, f"{what} {value!r} is not a NUBC code ({', '.join(codes)})")


def check_revenue_code(code: str, where: str = "") -> None:
    _require(bool(_REVENUE_CODE.match(code)), f"{where}revenue code {code!r} must be 4 digits (e.g. 0450)")


def check_two_characters(code: str, what: str) -> None:
    _require(bool(_TWO_CHARACTERS.match(code)), f"{what} {code!r} must be 2 letters or digits")


def check_poa(indicator: str, code: str) -> None:
    _require(not indicator or indicator in POA_INDICATORS,
             f"POA indicator {indicator!r} of {code} must be one of Y, N, U, W, 1 (or empty)")  # fmt: skip


def check_hour(hour: int | None, what: str) -> None:
    _require(hour is None or (isinstance(hour, int) and 0 <= hour <= 23), f"{what} {hour!r} must be 0-23")


@cache
def revenue_codes() -> dict[str, str]:
    """Revenue code -> its NUBC description (the shipped list)."""
    with REVENUE_CODES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: row["description"] for row in rows}


def revenue_code_label(code: str) -> str:
    """The description of a revenue code; a code outside the list keeps a neutral label."""
    return revenue_codes().get(code) or f"revenue code {code}"


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RevcycleError(ErrorCode.VALIDATION, message)
