"""Flat code lists whose rows carry their own validity dates (HCPCS, CPT, modifiers, POS).

A code may have several rows (a description changed, the code was dropped and re-added);
ranges never overlap, so at most one row is in force on a date of service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from revcycle.kernel.findings import Finding


@dataclass(frozen=True, slots=True)
class DatedCode:
    code: str
    title: str  # short description, our own wording for CPT and modifiers
    valid_from: date | None  # None: no start recorded (in force throughout the data held)
    valid_through: date | None  # None: still in force
    system: str  # hcpcs | cpt | modifier | pos
    details: tuple[tuple[str, str], ...] = field(default=())

    def in_force(self, dos: date) -> bool:
        started = self.valid_from is None or self.valid_from <= dos
        return started and (self.valid_through is None or dos <= self.valid_through)

    def detail(self, key: str, default: str = "") -> str:
        return dict(self.details).get(key, default)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_through": self.valid_through.isoformat() if self.valid_through else None,
            **dict(self.details),
        }


def parse_day(text: str) -> date | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if len(cleaned) == 8 and cleaned.isdecimal():
        return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
    return date.fromisoformat(cleaned)


class DatedCodeTable:
    def __init__(self, system: str, label: str, shape: re.Pattern[str], rows: Iterable[DatedCode]) -> None:
        self.system = system
        self.label = label  # "HCPCS Level II", used in messages
        self.shape = shape
        self._rows: dict[str, list[DatedCode]] = {}
        for row in rows:
            self._rows.setdefault(row.code, []).append(row)
        for history in self._rows.values():
            history.sort(key=lambda row: row.valid_from or date.min)

    def __len__(self) -> int:
        return len(self._rows)

    def history(self, code: str) -> list[DatedCode]:
        return list(self._rows.get(code.strip().upper(), ()))

    def lookup(self, code: str, dos: date) -> DatedCode | None:
        return next((row for row in self.history(code) if row.in_force(dos)), None)

    def codes_on(self, dos: date) -> Iterator[DatedCode]:
        for history in self._rows.values():
            yield from (row for row in history if row.in_force(dos))

    def validate(self, code: str, dos: date) -> list[Finding]:
        key = code.strip().upper()
        if not self.shape.match(key):
            return [Finding("unknown_code", f"{code!r} is not shaped like a {self.label} code", location=key)]
        if self.lookup(key, dos) is not None:
            return []
        history = self.history(key)
        if not history:
            return [Finding("unknown_code", f"{key} is not a {self.label} code we hold", location=key,
                            hint="check the code; a licensed CPT file can be added with `revcycle codes import-cpt`"
                            if self.system == "cpt" else "check the code")]
        return [Finding("not_in_release", f"{key} is not valid on {dos.isoformat()}: {self._when(history, dos)}",
                        location=key, hint=f"use a {self.label} code in force on the date of service")]

    @staticmethod
    def _when(history: list[DatedCode], dos: date) -> str:
        later = [row for row in history if row.valid_from and row.valid_from > dos]
        if later:
            return f"valid from {later[0].valid_from.isoformat()}"  # type: ignore[union-attr]
        ended = [row for row in history if row.valid_through and row.valid_through < dos]
        return f"valid through {ended[-1].valid_through.isoformat()}"  # type: ignore[union-attr]
