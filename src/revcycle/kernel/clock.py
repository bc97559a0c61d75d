"""The clock: today's date comes from here so that tests and scenarios can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from revcycle.kernel.errors import ErrorCode, RevcycleError


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock that always says the same instant (scenario tests, the demo)."""

    def __init__(self, instant: datetime) -> None:
        self._instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self._instant

    def today(self) -> date:
        return self._instant.date()


class ShiftedClock:
    """A clock that starts at `start` and then runs with the system clock (the demo's served app: it
    stands on the practice's last day, and what it records afterwards comes later, in order)."""

    def __init__(self, start: datetime, system: Clock | None = None) -> None:
        self._system = system or SystemClock()
        self._offset = (start if start.tzinfo else start.replace(tzinfo=UTC)) - self._system.now()

    def now(self) -> datetime:
        return self._system.now() + self._offset

    def today(self) -> date:
        return self.now().date()


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD (or CCYYMMDD, as X12 writes it) into a date."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 8 and cleaned.isdecimal():
            return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
        return date.fromisoformat(cleaned)
    except ValueError as exc:
        raise RevcycleError(ErrorCode.INVALID_DATE, f"not a date (YYYY-MM-DD): {text!r}") from exc
