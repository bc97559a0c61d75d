"""HCPCS Level II by date of service (public domain; CMS I/OCE history 2019-07-01 onward).

Validity is quarter-granular presence in the I/OCE HCPCS table (v20.2.27, 2019-07-01, to
v27.1.0, 2026-04-01 onward): the current quarter (2026Q2), the same quarter a year earlier
(2025Q2) and every quarter between and before them back to 2019Q3. A date of service before
2019-07-01 is outside the data held (NO_RELEASE_FOR_DATE).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from revcycle.codesets.dated_codes import DatedCode, DatedCodeTable, parse_day
from revcycle.codesets.packaged_data import read_csv_rows
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding

HCPCS_FILE = "hcpcs_level2.csv.gz"
HCPCS_SHAPE = re.compile(r"^[A-V][0-9A-Z]{4}$")
FIRST_DAY_HELD = date(2019, 7, 1)
SOURCE = "CMS I/OCE HCPCS table v20.2.27 (2019-07-01) .. v27.1.0 (2026-04-01 onward), via pyoce 0.1.0"


@cache
def table() -> DatedCodeTable:
    rows = (
        DatedCode(
            code=row["code"],
            title=row["short_description"],
            valid_from=parse_day(row["valid_from"]),
            valid_through=parse_day(row["valid_through"]),
            system="hcpcs",
            details=(("opps_status_indicator", row["opps_status_indicator"]),),
        )
        for row in read_csv_rows(HCPCS_FILE)
    )
    return DatedCodeTable("hcpcs", "HCPCS Level II", HCPCS_SHAPE, rows)


def _check_date(dos: date) -> None:
    if dos < FIRST_DAY_HELD:
        raise RevcycleError(ErrorCode.NO_RELEASE_FOR_DATE,
                            f"HCPCS Level II data starts {FIRST_DAY_HELD.isoformat()}; no answer for {dos.isoformat()}")


def lookup(code: str, dos: date) -> DatedCode | None:
    _check_date(dos)
    return table().lookup(code, dos)


def validate(code: str, dos: date) -> list[Finding]:
    _check_date(dos)
    return table().validate(code, dos)
