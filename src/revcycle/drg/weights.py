"""CMS MS-DRG relative weights and mean lengths of stay (IPPS Table 5), and the patient status
(discharge status) codes the MCE accepts, by discharge date.

Held: the FY2026 Final Rule Table 5 (discharges 2025-10-01..2026-09-30), weights with the 10%
cap applied (as paid). Any other fiscal year answers `None`: no other year's table is held.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WEIGHTS_FILE = "ms_drg_fy2026_table5_weights.csv"
STATUS_FILE = "patient_status_codes.csv"
WEIGHTS_FISCAL_YEAR = 2026
WEIGHTS_SOURCE = "CMS FY2026 IPPS Final Rule Table 5 (relative weights with the 10% cap applied)"


@dataclass(frozen=True, slots=True)
class DrgWeight:
    drg: str  # "291"
    mdc: str  # "05", "PRE"
    drg_type: str  # MED | SURG
    title: str  # CMS's title, upper case
    relative_weight: Decimal | None  # None for 998/999
    geometric_mean_los: Decimal | None
    arithmetic_mean_los: Decimal | None
    post_acute: bool
    special_pay: bool


def fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip()
    return Decimal(cleaned) if cleaned and cleaned != "." else None


@cache
def _weights() -> dict[str, DrgWeight]:
    with (DATA_DIR / WEIGHTS_FILE).open(encoding="utf-8") as stream:
        return {
            row["ms_drg"]: DrgWeight(
                row["ms_drg"],
                row["mdc"],
                row["type"],
                row["title"],
                _decimal(row["relative_weight"]),
                _decimal(row["geometric_mean_los"]),
                _decimal(row["arithmetic_mean_los"]),
                row["post_acute_drg"] == "Yes",
                row["special_pay_drg"] == "Yes",
            )
            for row in csv.DictReader(stream)
        }


def weight_for(drg: int, discharge: date) -> DrgWeight | None:
    """The Table 5 row for the DRG in force on the discharge date; None when no table for that
    fiscal year is held (only FY2026 is) or the DRG is not in it."""
    if fiscal_year(discharge) != WEIGHTS_FISCAL_YEAR:
        return None
    return _weights().get(f"{drg:03d}")


@cache
def _statuses() -> list[dict[str, str]]:
    with (DATA_DIR / STATUS_FILE).open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def patient_status(code: str, discharge: date) -> str | None:
    """The description of a patient status code valid on the discharge date, else None."""
    day = discharge.strftime("%Y%m%d")
    for row in _statuses():
        if row["code"] == code and row["valid_from"] <= day <= row["valid_through"]:
            return row["description"] or code
    if discharge > date(2027, 3, 31):
        return patient_status(code, date(2027, 3, 31))
    return None
