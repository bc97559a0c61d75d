"""NCCI procedure-to-procedure (PTP) edits by date of service, and the add-on code edits.

    ptp_table() -> PtpTable          the imported table (`revcycle codes import-ncci FILE`), else the demo subset
    PtpTable.edit_for(column1, column2, dos) -> PtpEdit | None
    PtpTable.edits_among(codes, dos) -> list[PtpEdit]      every edit between codes billed together
    load_ptp_file(path) -> PtpTable  CMS layout (Column 1 / Column 2 / Effective Date / Deletion Date /
                                     Modifier) or the I/OCE-derived corpus layout; tab or comma; .gz or plain
    addon_primaries(code, dos) -> frozenset[str] | None    None: not an add-on code we know

Modifier indicator: 0 = never bypassed; 1 = an NCCI-associated modifier (59, XE, XS, XP, XU;
25/57 on an E/M column-2 code; anatomic modifiers) bypasses it; 9 = not applicable (deleted).
A CMS deletion date is the first day the edit no longer applies (effective through = deletion - 1).

Storage: pairs are packed as base-36 integers (column1 * 36^5 + column2) in a sorted numpy
array with int32 day ordinals and an int8 indicator: the full 1.6M-row table takes ~30 MB.

Demo data (`data/ncci_ptp_demo.csv`): active 2026Q2 pairs among the CPT demo subset's non-E/M
codes, and those codes against office E/M 99202-99215, taken mechanically from the CMS I/OCE
hospital-outpatient PTP table v27.1.0 (via pyoce). CPT numbers are AMA content: the demo ships
codes only. Practitioner PTP and MUE files come from CMS with `revcycle codes import-ncci`.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np

from revcycle.codesets.packaged_data import data_file, read_csv_rows, user_data_path
from revcycle.kernel.errors import ErrorCode, RevcycleError

DEMO_PTP_FILE = "ncci_ptp_demo.csv"
DEMO_ADDON_FILE = "ncci_addon_demo.csv"
IMPORTED_PTP_FILE = "ncci_ptp.npz"
CODE_SPACE = 36**5
OPEN_END = np.iinfo(np.int32).max
NOT_APPLICABLE = 9


@dataclass(frozen=True, slots=True)
class PtpEdit:
    column1: str
    column2: str
    effective_from: date
    effective_through: date | None
    modifier_indicator: int  # 0, 1 or 9

    @property
    def bypassable(self) -> bool:
        return self.modifier_indicator == 1


def encode(code: str) -> int:
    """A 5-character code as a base-36 integer (order-preserving for equal-length codes)."""
    return int(code, 36)


def decode(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    for _ in range(5):
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text


class PtpTable:
    def __init__(self, keys: np.ndarray, starts: np.ndarray, ends: np.ndarray, indicators: np.ndarray,
                 source: str) -> None:
        order = np.lexsort((starts, keys))
        self.keys = keys[order].astype(np.int64)
        self.starts = starts[order].astype(np.int32)
        self.ends = ends[order].astype(np.int32)
        self.indicators = indicators[order].astype(np.int8)
        self.source = source

    def __len__(self) -> int:
        return int(self.keys.size)

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.starts.nbytes + self.ends.nbytes + self.indicators.nbytes)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int, int, int]], source: str) -> PtpTable:
        """Rows of (column1, column2, first day ordinal, last day ordinal or OPEN_END, indicator)."""
        keys: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        indicators: list[int] = []
        for column1, column2, start, through, indicator in rows:
            keys.append(int(column1, 36) * CODE_SPACE + int(column2, 36))
            starts.append(start)
            ends.append(through)
            indicators.append(indicator)
        return cls(np.array(keys, dtype=np.int64), np.array(starts, dtype=np.int32),
                   np.array(ends, dtype=np.int32), np.array(indicators, dtype=np.int8), source)

    def edit_for(self, column1: str, column2: str, dos: date) -> PtpEdit | None:
        if not (_is_code(column1) and _is_code(column2)):
            return None
        key = encode(column1.upper()) * CODE_SPACE + encode(column2.upper())
        return self._edit_at_key(key, dos.toordinal())

    def edits_among(self, codes: Sequence[str], dos: date) -> list[PtpEdit]:
        """Every edit in force on `dos` between two different codes of `codes` (either order)."""
        distinct = sorted({code.upper() for code in codes if _is_code(code)})
        if len(distinct) < 2:
            return []
        numbers = [encode(code) for code in distinct]
        wanted = np.array([a * CODE_SPACE + b for a in numbers for b in numbers if a != b], dtype=np.int64)
        hits = np.searchsorted(self.keys, wanted)
        found: list[PtpEdit] = []
        day = dos.toordinal()
        for key, index in zip(wanted.tolist(), hits.tolist(), strict=True):
            if index < self.keys.size and self.keys[index] == key:
                edit = self._edit_at_key(key, day, index)
                if edit is not None:
                    found.append(edit)
        return found

    def _edit_at_key(self, key: int, day: int, index: int | None = None) -> PtpEdit | None:
        position = int(np.searchsorted(self.keys, key)) if index is None else index
        while position < self.keys.size and self.keys[position] == key:
            if self.starts[position] <= day <= self.ends[position] and self.indicators[position] != NOT_APPLICABLE:
                return self._edit(position)
            position += 1
        return None

    def _edit(self, position: int) -> PtpEdit:
        column1, column2 = divmod(int(self.keys[position]), CODE_SPACE)
        end = int(self.ends[position])
        return PtpEdit(decode(column1), decode(column2), date.fromordinal(int(self.starts[position])),
                       None if end == OPEN_END else date.fromordinal(end), int(self.indicators[position]))

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez_compressed(handle, keys=self.keys, starts=self.starts, ends=self.ends,
                                indicators=self.indicators, source=np.array(self.source))

    @classmethod
    def load(cls, path: Path) -> PtpTable:
        with np.load(path) as stored:
            return cls(stored["keys"], stored["starts"], stored["ends"], stored["indicators"], str(stored["source"]))


def _is_code(code: str) -> bool:
    return len(code) == 5 and code.isascii() and code.isalnum()


# -- reading files in the CMS and corpus layouts ------------------------------------------------
def open_text(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:  # type: ignore[operator]
        yield from handle


def header_and_rows(path: Path, first_cells: tuple[str, ...]) -> tuple[list[str], Iterator[list[str]]]:
    """Skip the copyright/preamble lines CMS puts above the header; the header is the first row whose
    first cell (lower-cased, blanks removed) is one of `first_cells`."""
    lines = open_text(path)
    for line in lines:
        delimiter = "\t" if "\t" in line else ","
        cells = next(csv.reader([line], delimiter=delimiter))
        if cells and cells[0].strip().lower().replace(" ", "") in first_cells:
            return [cell.strip().lower() for cell in cells], csv.reader(lines, delimiter=delimiter)
    raise RevcycleError(ErrorCode.INVALID_CODESET_FILE,
                        f"{path.name}: no header row starting with one of {', '.join(first_cells)}")


def cms_day(text: str) -> date | None:
    cleaned = text.strip()
    if not cleaned or cleaned == "*":
        return None
    if len(cleaned) == 8 and cleaned.isdecimal():
        return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
    return date.fromisoformat(cleaned)


def _ptp_rows(header: list[str], rows: Iterator[list[str]], path: Path) -> Iterator[tuple[str, str, int, int, int]]:
    corpus_layout = "effective_through" in header
    column = {name: index for index, name in enumerate(header)}
    if corpus_layout:
        starts, ends, indicator = column["effective_from"], column["effective_through"], column["modifier_indicator"]
    else:
        starts, ends, indicator = (_find(header, word, path) for word in ("effective", "deletion", "modifier"))
    last_needed = max(starts, ends, indicator)
    days = _DayCache(deletion_dates=not corpus_layout)
    for number, cells in enumerate(rows, start=2):
        if len(cells) <= last_needed or not cells[0].strip():
            continue
        try:
            yield (cells[0].strip().upper(), cells[1].strip().upper(), days.first(cells[starts]),
                   days.last(cells[ends]), int(cells[indicator]))
        except ValueError as error:
            raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{path.name} row {number}: {error}") from error


class _DayCache:
    """Day texts to ordinals, memoised (a PTP file has only a few hundred distinct dates)."""

    def __init__(self, deletion_dates: bool) -> None:
        self._firsts: dict[str, int] = {}
        self._lasts: dict[str, int] = {}
        self._deletion_dates = deletion_dates

    def first(self, text: str) -> int:
        if text not in self._firsts:
            self._firsts[text] = (cms_day(text) or date(1996, 1, 1)).toordinal()
        return self._firsts[text]

    def last(self, text: str) -> int:
        if text not in self._lasts:
            day = cms_day(text)
            if day is None:
                self._lasts[text] = int(OPEN_END)
            else:
                self._lasts[text] = (day - timedelta(days=1) if self._deletion_dates else day).toordinal()
        return self._lasts[text]


def _find(header: list[str], word: str, path: Path) -> int:
    for index, name in enumerate(header):
        if word in name:
            return index
    raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{path.name}: no column named like {word!r}")


PTP_HEADERS = ("column1", "column-1", "col1")


def load_ptp_file(path: Path) -> PtpTable:
    header, rows = header_and_rows(path, PTP_HEADERS)
    return PtpTable.from_rows(_ptp_rows(header, rows, path), source=path.name)


def imported_ptp_path() -> Path:
    return user_data_path() / IMPORTED_PTP_FILE


@cache
def demo_ptp() -> PtpTable:
    return load_ptp_file(data_file(DEMO_PTP_FILE))


def ptp_table() -> PtpTable:
    """The PTP table in use: the user's import when there is one, else the shipped demo subset."""
    imported = imported_ptp_path()
    if imported.is_file():
        return _load_imported(imported, imported.stat().st_mtime)
    return demo_ptp()


@cache
def _load_imported(path: Path, _stamp: float) -> PtpTable:
    return PtpTable.load(path)


# -- add-on codes -----------------------------------------------------------------------------------
@cache
def _addon_rows() -> dict[str, list[tuple[str, date, date | None]]]:
    primaries: dict[str, list[tuple[str, date, date | None]]] = {}
    for row in read_csv_rows(DEMO_ADDON_FILE):
        start = cms_day(row["effective_from"]) or date(1996, 1, 1)
        primaries.setdefault(row["addon_code"], []).append((row["primary_code"], start, cms_day(row["effective_through"])))
    return primaries


def addon_primaries(code: str, dos: date) -> frozenset[str] | None:
    """The primary codes an add-on code must be reported with on `dos`; None: not a known add-on code."""
    rows = _addon_rows().get(code.upper())
    if rows is None:
        return None
    return frozenset(primary for primary, start, through in rows if start <= dos and (through is None or dos <= through))
