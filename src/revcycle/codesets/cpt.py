"""CPT codes by date of service: a demo subset in our own words, plus a licensed import.

CPT is AMA copyright. revcycle ships only a demo subset of common codes (`data/cpt_demo.csv`)
with short descriptions written by us, never AMA descriptors. A practice holding a CPT
licence imports its file with `revcycle codes import-cpt FILE` (CSV: code, description,
optional valid_from / valid_through); the rows go to `cpt_licensed.csv` in the user data
directory ($REVCYCLE_DATA_DIR or platformdirs' user data dir) and take precedence over the
demo rows for the same code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from revcycle.codesets.dated_codes import DatedCode, DatedCodeTable, parse_day
from revcycle.codesets.packaged_data import read_csv_rows, user_data_path
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding

DEMO_FILE = "cpt_demo.csv"
OVERRIDE_FILE = "cpt_licensed.csv"
CPT_SHAPE = re.compile(r"^\d{4}[0-9FTUMA]$")
COLUMNS = ["code", "title", "code_type", "valid_from", "valid_through"]
HEADER_ALIASES = {
    "code": ("code", "cpt", "cpt_code", "hcpcs"),
    "title": ("description", "descriptor", "long_description", "short_description", "title"),
    "valid_from": ("valid_from", "effective_from", "effective_date", "start_date"),
    "valid_through": ("valid_through", "effective_through", "end_date", "termination_date"),
}


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    path: Path


def code_type_of(code: str) -> str:
    """em | radiology | lab | vaccine | procedure, from the CPT section the code sits in."""
    if not code[:5].isdecimal():
        return "lab" if code.endswith(("U", "M")) else "procedure"
    number = int(code[:5])
    if 99202 <= number <= 99499 or 98000 <= number <= 98016:
        return "em"
    if 70010 <= number <= 79999:
        return "radiology"
    if 80047 <= number <= 89398:
        return "lab"
    if 90476 <= number <= 90759:
        return "vaccine"
    return "procedure"


def override_path() -> Path:
    return user_data_path() / OVERRIDE_FILE


def _row_to_code(row: dict[str, str], source: str) -> DatedCode:
    return DatedCode(row["code"], row["title"], parse_day(row["valid_from"]), parse_day(row["valid_through"]),
                     "cpt", (("code_type", row["code_type"]), ("source", source)))


def _override_rows() -> list[dict[str, str]]:
    path = override_path()
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@cache
def _table_for(override: str, override_stamp: int) -> DatedCodeTable:
    """The merged table for one state of the override file (path and mtime key the cache)."""
    licensed = [_row_to_code(row, "licensed import") for row in _override_rows()]
    replaced = {row.code for row in licensed}
    demo = [_row_to_code(row, "revcycle demo subset (our wording)") for row in read_csv_rows(DEMO_FILE)]
    return DatedCodeTable("cpt", "CPT", CPT_SHAPE, [*licensed, *(row for row in demo if row.code not in replaced)])


def table() -> DatedCodeTable:
    path = override_path()
    return _table_for(str(path), path.stat().st_mtime_ns if path.is_file() else 0)


def lookup(code: str, dos: date) -> DatedCode | None:
    return table().lookup(code, dos)


def validate(code: str, dos: date) -> list[Finding]:
    return table().validate(code, dos)


def import_licensed_csv(source: Path) -> ImportResult:
    """Read a licensed CPT CSV and merge it into the local override file (same code: replaced)."""
    imported = _read_licensed(source)
    kept = [row for row in _override_rows() if row["code"] not in {row["code"] for row in imported}]
    target = override_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted([*kept, *imported], key=lambda row: (row["code"], row["valid_from"])))
    return ImportResult(len(imported), target)


def _read_licensed(source: Path) -> list[dict[str, str]]:
    if not source.is_file():
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no such file: {source}")
    with source.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = _map_headers(reader.fieldnames or [], source)
        rows = [_licensed_row(raw, columns, source, line) for line, raw in enumerate(reader, start=2)]
    if not rows:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{source}: no CPT rows")
    return rows


def _map_headers(headers: list[str], source: Path) -> dict[str, str | None]:
    lowered = {header.strip().lower(): header for header in headers}
    columns = {field: next((lowered[alias] for alias in aliases if alias in lowered), None)
               for field, aliases in HEADER_ALIASES.items()}
    if columns["code"] is None or columns["title"] is None:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE,
                            f"{source}: needs a code column and a description column (found: {', '.join(headers)})")
    return columns


def _licensed_row(raw: dict[str, str], columns: dict[str, str | None], source: Path, line: int) -> dict[str, str]:
    def cell(field: str) -> str:
        column = columns[field]
        return (raw.get(column) or "").strip() if column else ""

    code, title = cell("code").upper(), cell("title")
    if not CPT_SHAPE.match(code) or not title:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE,
                            f"{source} line {line}: not a CPT code with a description: {code!r}")
    try:
        valid_from, valid_through = parse_day(cell("valid_from")), parse_day(cell("valid_through"))
    except ValueError as error:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{source} line {line}: bad date ({error})") from error
    return {"code": code, "title": title, "code_type": code_type_of(code),
            "valid_from": valid_from.isoformat() if valid_from else "",
            "valid_through": valid_through.isoformat() if valid_through else ""}
