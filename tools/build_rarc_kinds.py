"""Which remark codes (RARC) ask for missing information, and which are only alerts, from the public RARC list.

    python tools/build_rarc_kinds.py ../shared/corpus/code_lists/tigershark_rarc_circa2013.csv

Writes `src/revcycle/denials/data/rarc_kinds.csv` (code,kind): `missing_information` for every remark whose
text starts "Missing" (the list's own wording for "Missing/incomplete/invalid ..."), `alert` for those that
start "Alert:" (information only: they never change what a denial means). Only the codes and our kind are
shipped, not the list's text.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/revcycle/denials/data/rarc_kinds.csv"


def kind_of(text: str) -> str | None:
    words = text.strip().lower()
    if words.startswith("missing"):
        return "missing_information"
    if words.startswith("alert:"):
        return "alert"
    return None


def main(source: str) -> None:
    with open(source, newline="", encoding="utf-8") as handle:
        kinds = {row["code"].strip(): kind_of(row["description"]) for row in csv.DictReader(handle)}
    rows = sorted((code, kind) for code, kind in kinds.items() if kind)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "kind"))
        writer.writerows(rows)
    print(f"{len(rows)} remark codes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
