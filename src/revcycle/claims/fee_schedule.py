"""The practice's fee schedule (chargemaster): what the practice charges for a procedure on a date.

A charge is the practice's list price, the same for every payer (contracted allowed amounts live
with the payer). An entry may be specific to a pricing modifier (26 professional component, TC
technical component, 50 bilateral...): the modifier-specific price wins over the plain one.
Prices are integer cents; the CSV edge reads dollars as Decimal.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money

CSV_COLUMNS = ("code", "modifier", "charge", "effective_from", "effective_to")


@dataclass(frozen=True, slots=True)
class FeeScheduleEntry:
    procedure_code: str
    unit_charge_cents: int
    effective_from: date
    effective_to: date | None = None
    modifier: str = ""

    def in_force(self, dos: date) -> bool:
        return self.effective_from <= dos and (self.effective_to is None or dos <= self.effective_to)


class FeeSchedule:
    def __init__(self, entries: Iterable[FeeScheduleEntry], name: str = "standard") -> None:
        self.name = name
        self._by_code: dict[str, list[FeeScheduleEntry]] = {}
        for entry in entries:
            if entry.unit_charge_cents <= 0:
                raise RevcycleError(ErrorCode.INVALID_AMOUNT,
                                    f"fee for {entry.procedure_code} must be positive, got {entry.unit_charge_cents}")
            self._by_code.setdefault(entry.procedure_code.upper(), []).append(entry)

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_code.values())

    def unit_charge_cents(self, code: str, modifiers: Sequence[str], dos: date) -> int | None:
        """The unit price in force on `dos`; a modifier-specific entry wins; None when not priced."""
        in_force = [entry for entry in self._by_code.get(code.upper(), ()) if entry.in_force(dos)]
        for modifier in modifiers:
            priced = next((entry for entry in in_force if entry.modifier == modifier), None)
            if priced is not None:
                return priced.unit_charge_cents
        plain = next((entry for entry in in_force if not entry.modifier), None)
        return plain.unit_charge_cents if plain else None

    @classmethod
    def from_csv(cls, path: Path, name: str | None = None) -> FeeSchedule:
        """Read `code,modifier,charge,effective_from,effective_to` (charge in dollars, e.g. 125.00)."""
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise RevcycleError(ErrorCode.VALIDATION, f"{path.name}: missing columns {', '.join(missing)}")
            entries = [_entry(row, path.name, number) for number, row in enumerate(reader, start=2)]
        return cls(entries, name or path.stem)


def _entry(row: dict[str, str], source: str, line: int) -> FeeScheduleEntry:
    try:
        return FeeScheduleEntry(
            procedure_code=row["code"].strip().upper(),
            modifier=row["modifier"].strip().upper(),
            unit_charge_cents=Money.from_decimal(row["charge"].strip()).cents,
            effective_from=parse_date(row["effective_from"]),
            effective_to=parse_date(row["effective_to"]) if row["effective_to"].strip() else None,
        )
    except RevcycleError as error:
        raise RevcycleError(error.code, f"{source} line {line}: {error.message}") from error
