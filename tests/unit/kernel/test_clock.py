from datetime import UTC, date, datetime

import pytest

from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.kernel.clock import ShiftedClock, parse_date


def test_fixed_clock_says_the_same_day():
    clock = FixedClock(datetime(2026, 3, 1, 9, 30))
    assert clock.today() == date(2026, 3, 1)


def test_parse_date_reads_iso_and_x12_forms():
    assert parse_date("2025-09-30") == date(2025, 9, 30)
    assert parse_date("20251001") == date(2025, 10, 1)


def test_parse_date_names_the_bad_input():
    with pytest.raises(RevcycleError) as raised:
        parse_date("2025-13-01")
    assert raised.value.code is ErrorCode.INVALID_DATE
    assert "2025-13-01" in raised.value.message


class _Ticking:
    """A system clock the test moves by hand."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        return self.instant

    def today(self) -> date:
        return self.instant.date()


def test_shifted_clock_starts_on_its_day_and_runs_with_the_system_clock():
    # given a system clock on 2026-12-05 09:30 and a clock started at the demo's last day, 17:00
    system = _Ticking(datetime(2026, 12, 5, 9, 30, tzinfo=UTC))
    clock = ShiftedClock(datetime(2026, 4, 15, 17, 0), system)
    # then it says that instant (in UTC)
    assert clock.now() == datetime(2026, 4, 15, 17, 0, tzinfo=UTC)
    assert clock.today() == date(2026, 4, 15)
    # and when eight hours pass on the system clock, it has moved on by eight hours too
    system.instant = datetime(2026, 12, 5, 17, 30, tzinfo=UTC)
    assert clock.now() == datetime(2026, 4, 16, 1, 0, tzinfo=UTC)
    assert clock.today() == date(2026, 4, 16)
