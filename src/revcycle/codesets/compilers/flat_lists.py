"""Compile HCPCS Level II (I/OCE history) and place-of-service codes into small CSV files.

HCPCS: every version range of every Level II code in the I/OCE, 2019-07-01..2026Q2 onward
(`cms/hcpcs_level2_ioce_history_2019Q3_2026Q2.csv`), keeping code, short description,
validity and OPPS status indicator; adjacent ranges that keep the same description and
status indicator are merged (the source splits them on flags we do not ship).
POS: the CMS place-of-service list as the Tuva Project seed has it (2022-06), plus the codes
the pyx12 4.0.0 code list adds (27, 66), worded by us.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from revcycle.codesets.compilers.sources import open_source

HCPCS_REF = "corpus:cms/hcpcs_level2_ioce_history_2019Q3_2026Q2.csv"
POS_REF = "corpus:code_lists/tuva_terminology__place_of_service.csv"
POS_PYX12_REF = "corpus:cms/x12_place_of_service_codes_pyx12.csv"
HCPCS_COLUMNS = ["code", "short_description", "valid_from", "valid_through", "opps_status_indicator"]
POS_COLUMNS = ["code", "title", "valid_from", "valid_through", "source"]
# codes in pyx12's list but not in the Tuva snapshot; our own wording, CMS effective dates
POS_SUPPLEMENT = {
    "27": ("Outreach site or street (care for unsheltered people)", "2023-10-01"),
    "66": ("PACE center (all-inclusive care for the elderly)", ""),
}
# codes whose CMS effective date falls inside the period the data covers
POS_EFFECTIVE = {"10": "2022-01-01"}


def _rows(source_ref: str) -> list[dict[str, str]]:
    with open_source(source_ref) as stream:
        return list(csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig")))


def _day_after(yyyymmdd: str) -> str:
    day = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    return (day + timedelta(days=1)).strftime("%Y%m%d")


def compile_hcpcs() -> str:
    merged: list[dict[str, str]] = []
    for row in sorted(_rows(HCPCS_REF), key=lambda row: (row["code"], row["valid_from"])):
        kept = {column: row[column] for column in HCPCS_COLUMNS}
        previous = merged[-1] if merged else None
        if (previous and previous["code"] == kept["code"] and previous["valid_through"]
                and _day_after(previous["valid_through"]) == kept["valid_from"]
                and previous["short_description"] == kept["short_description"]
                and previous["opps_status_indicator"] == kept["opps_status_indicator"]):
            previous["valid_through"] = kept["valid_through"]
        else:
            merged.append(kept)
    return _csv_text(HCPCS_COLUMNS, merged)


def compile_pos() -> str:
    rows = [
        {"code": row["place_of_service_code"], "title": row["description"],
         "valid_from": POS_EFFECTIVE.get(row["place_of_service_code"], ""), "valid_through": "",
         "source": "CMS POS list via tuva-health/terminology (2022-06)"}
        for row in _rows(POS_REF)
    ]
    known = {row["code"] for row in rows}
    for row in _rows(POS_PYX12_REF):
        if row["code"] not in known and row["code"] in POS_SUPPLEMENT:
            title, valid_from = POS_SUPPLEMENT[row["code"]]
            rows.append({"code": row["code"], "title": title, "valid_from": valid_from, "valid_through": "",
                         "source": "X12 code source 237 via pyx12 4.0.0; wording ours"})
    return _csv_text(POS_COLUMNS, sorted(rows, key=lambda row: row["code"]))


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
