from datetime import date, datetime

import pytest

from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.kernel.clock import parse_date


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
