"""CMS place-of-service codes (public domain), by date of service.

Source: the CMS POS list as in the Tuva Project seed (2022-06) plus POS 27 and 66 from the
X12 code list in pyx12 4.0.0 (our wording). A code without a recorded start date is taken
to be in force throughout.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from revcycle.codesets.dated_codes import DatedCode, DatedCodeTable, parse_day
from revcycle.codesets.packaged_data import read_csv_rows
from revcycle.kernel.findings import Finding

POS_FILE = "place_of_service.csv"
POS_SHAPE = re.compile(r"^\d{2}$")


@cache
def table() -> DatedCodeTable:
    rows = (
        DatedCode(row["code"], row["title"], parse_day(row["valid_from"]), parse_day(row["valid_through"]), "pos",
                  (("source", row["source"]),))
        for row in read_csv_rows(POS_FILE)
    )
    return DatedCodeTable("pos", "place-of-service", POS_SHAPE, rows)


def lookup(code: str, dos: date) -> DatedCode | None:
    return table().lookup(code.strip().zfill(2), dos)


def validate(code: str, dos: date) -> list[Finding]:
    return table().validate(code.strip().zfill(2), dos)
