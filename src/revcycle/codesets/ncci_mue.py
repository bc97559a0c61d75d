"""NCCI medically unlikely edits (MUE): the most units of a code one provider bills for one patient
on one date of service, read from the CMS MUE file layout.

    load_mue_file(path) -> MueTable       columns: HCPCS/CPT Code, <...> MUE Values,
                                          MUE Adjudication Indicator, MUE Rationale
    mue_table() -> MueTable               the user's import (`revcycle codes import-ncci`), else empty
    MueTable.limit_for(code) -> MueLimit | None

Adjudication indicator (MAI): 1 = line edit (units on one line), 2 = date-of-service edit based on
policy (absolute), 3 = date-of-service edit based on clinical benchmarks. No MUE data ships with
revcycle (none is public in a package we may use); the edit runs where a user imported a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from revcycle.codesets.ncci import header_and_rows
from revcycle.codesets.packaged_data import user_data_path
from revcycle.kernel.errors import ErrorCode, RevcycleError

IMPORTED_MUE_FILE = "ncci_mue.json"
MUE_HEADERS = ("hcpcs/cptcode", "hcpcs/cpt", "hcpcs", "code")


@dataclass(frozen=True, slots=True)
class MueLimit:
    code: str
    max_units: int
    adjudication_indicator: int  # 1 line, 2 date of service (policy), 3 date of service (clinical)
    rationale: str = ""

    @property
    def per_date_of_service(self) -> bool:
        return self.adjudication_indicator in (2, 3)


class MueTable:
    def __init__(self, limits: dict[str, MueLimit], source: str) -> None:
        self._limits = limits
        self.source = source

    def __len__(self) -> int:
        return len(self._limits)

    def limit_for(self, code: str) -> MueLimit | None:
        return self._limits.get(code.upper())

    def save(self, path: Path) -> None:
        payload = {"source": self.source, "limits": [asdict(limit) for limit in self._limits.values()]}
        path.write_text(json.dumps(payload), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> MueTable:
        payload = json.loads(path.read_text(encoding="utf-8"))
        limits = {row["code"]: MueLimit(**row) for row in payload["limits"]}
        return cls(limits, payload["source"])


def load_mue_file(path: Path) -> MueTable:
    header, rows = header_and_rows(path, MUE_HEADERS)
    values = next((i for i, name in enumerate(header) if "mue value" in name or name == "mue"), None)
    indicator = next((i for i, name in enumerate(header) if "adjudication" in name), None)
    rationale = next((i for i, name in enumerate(header) if "rationale" in name), None)
    if values is None or indicator is None:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE,
                            f"{path.name}: expected 'MUE Values' and 'MUE Adjudication Indicator' columns")
    limits: dict[str, MueLimit] = {}
    for number, cells in enumerate(rows, start=2):
        if len(cells) <= max(values, indicator) or not cells[0].strip():
            continue
        code = cells[0].strip().upper()
        try:
            limits[code] = MueLimit(code, int(cells[values].strip()), int(cells[indicator].strip()[:1]),
                                    cells[rationale].strip() if rationale is not None and rationale < len(cells) else "")
        except ValueError as error:
            raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{path.name} row {number}: {error}") from error
    return MueTable(limits, path.name)


def imported_mue_path() -> Path:
    return user_data_path() / IMPORTED_MUE_FILE


def mue_table() -> MueTable:
    imported = imported_mue_path()
    if imported.is_file():
        return _load_imported(imported, imported.stat().st_mtime)
    return MueTable({}, "none imported")


@cache
def _load_imported(path: Path, _stamp: float) -> MueTable:
    return MueTable.load(path)
