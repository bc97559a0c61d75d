"""`python -m revcycle.drg.build` — compile the shipped MS-DRG weights and patient status codes.

Sources (the shared corpus): `cms/ms_drg_fy2026_final_rule_table5_weights.csv` (CMS FY2026 IPPS
Final Rule Table 5, via the drg 1.0.0 package) and `cms/mce_fy2027/discharge_status_valid.csv`
(the MCE's valid patient status codes with their dates) with the descriptions of
`code_lists/tuva_terminology__discharge_disposition.csv` (Tuva, Apache-2.0 packaging of CMS data).
"""

from __future__ import annotations

import csv
import io

from revcycle.codesets.compilers.sources import open_source
from revcycle.drg.weights import DATA_DIR, STATUS_FILE, WEIGHTS_FILE

WEIGHTS_REF = "corpus:cms/ms_drg_fy2026_final_rule_table5_weights.csv"
STATUS_REF = "corpus:cms/mce_fy2027/discharge_status_valid.csv"
STATUS_TEXT_REF = "corpus:code_lists/tuva_terminology__discharge_disposition.csv"
WEIGHT_COLUMNS = (
    "ms_drg",
    "mdc",
    "type",
    "ms_drg_title",
    "relative_weight_10pct_cap_applied",
    "geometric_mean_los",
    "arithmetic_mean_los",
    "post_acute_drg",
    "special_pay_drg",
)


def _rows(source_ref: str) -> list[dict[str, str]]:
    with open_source(source_ref) as stream:
        return list(csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig")))


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def compile_weights() -> str:
    rows = [[row[column].strip().strip('"') for column in WEIGHT_COLUMNS] for row in _rows(WEIGHTS_REF)]
    header = [
        "ms_drg",
        "mdc",
        "type",
        "title",
        "relative_weight",
        "geometric_mean_los",
        "arithmetic_mean_los",
        "post_acute_drg",
        "special_pay_drg",
    ]
    return _csv(header, rows)


def compile_status() -> str:
    texts = {row["discharge_disposition_code"]: row["description"] for row in _rows(STATUS_TEXT_REF)}
    rows = [
        [
            row["discharge_status"],
            row["valid_from"],
            row["valid_through"],
            texts.get(row["discharge_status"], ""),
        ]
        for row in _rows(STATUS_REF)
    ]
    return _csv(["code", "valid_from", "valid_through", "description"], rows)


def main() -> None:
    for name, content in ((WEIGHTS_FILE, compile_weights()), (STATUS_FILE, compile_status())):
        (DATA_DIR / name).write_text(content, encoding="utf-8")
        print(f"drg      {name:40} {len(content):>10,} bytes")


if __name__ == "__main__":
    main()
