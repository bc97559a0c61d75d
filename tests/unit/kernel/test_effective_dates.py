"""Versions by effective date: a new version ends the one in force, the same value changes nothing, another
value the same day is refused, and a version placed before a later one ends the day before it."""

from dataclasses import dataclass
from datetime import date

import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.kernel.effective_dates import in_force, overlaps, place_version, version_on


@dataclass(frozen=True)
class Price:
    cents: int
    effective_from: date
    effective_to: date | None = None


def same(old: Price, new: Price) -> bool:
    return old.cents == new.cents


JAN, JUL = date(2026, 1, 1), date(2026, 7, 1)


def test_a_later_version_ends_the_one_in_force_the_day_before():
    # given a price open from January
    current = Price(11000, JAN)
    # when a new price starts in July
    plan = place_version([current], Price(11500, JUL), same, "99213")
    # then January's ends on June 30 and July's is added open-ended
    assert plan.ended == (current, date(2026, 6, 30))
    assert plan.added == Price(11500, JUL)


def test_the_same_value_already_in_force_changes_nothing():
    # given a price open from January / when the same price is placed from July (a re-import)
    plan = place_version([Price(11000, JAN)], Price(11000, JUL), same, "99213")
    # then nothing is written
    assert plan.unchanged is True
    assert (plan.added, plan.ended) == (None, None)


def test_placing_again_the_first_of_two_versions_changes_nothing():
    # given January's price, ended by July's (a file listing both, imported once)
    versions = [Price(11000, JAN, date(2026, 6, 30)), Price(11500, JUL)]
    # when the same file is imported again: January's price without an end, then July's
    again = [
        place_version(versions, Price(11000, JAN), same, "99213"),
        place_version(versions, Price(11500, JUL), same, "99213"),
    ]
    # then nothing is written
    assert [plan.unchanged for plan in again] == [True, True]


def test_another_value_starting_the_same_day_is_refused():
    # given a price from January / when another price also starts in January
    with pytest.raises(RevcycleError) as refused:
        place_version([Price(11000, JAN)], Price(12000, JAN), same, "99213")
    # then it is a conflict naming the day
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.message == ("99213: a version starting 2026-01-01 already exists with another value; "
                                     "give the new version a later effective date")  # fmt: skip


def test_a_version_placed_before_a_later_one_ends_the_day_before_it():
    # given prices from January and from July / when a price from April is placed
    january, july = Price(11000, JAN, date(2026, 6, 30)), Price(11500, JUL)
    plan = place_version([january, july], Price(11200, date(2026, 4, 1)), same, "99213")
    # then April's runs to June 30 and January's ends on March 31
    assert plan.added == Price(11200, date(2026, 4, 1), date(2026, 6, 30))
    assert plan.ended == (january, date(2026, 3, 31))


def test_an_explicit_end_running_into_a_later_version_is_refused():
    with pytest.raises(RevcycleError) as refused:
        place_version([Price(11500, JUL)], Price(11200, JAN, date(2026, 8, 31)), same, "99213")
    assert (
        refused.value.message
        == "99213: the version 2026-01-01..2026-08-31 overlaps the one starting 2026-07-01"
    )


def test_a_version_ending_before_it_starts_is_refused():
    with pytest.raises(RevcycleError) as refused:
        place_version([], Price(11000, JUL, JAN), same, "99213")
    assert refused.value.code is ErrorCode.VALIDATION


def test_dates_are_inclusive_and_an_open_end_runs_on():
    # given a closed and an open version
    closed, open_ended = Price(1, JAN, date(2026, 6, 30)), Price(2, JUL)
    # then each is in force on its first and last day, and the two never overlap
    assert [in_force(closed, day) for day in (date(2025, 12, 31), JAN, date(2026, 6, 30), JUL)] == [
        False,
        True,
        True,
        False,
    ]
    assert in_force(open_ended, date(2099, 1, 1)) is True
    assert overlaps(closed, open_ended) is False
    assert overlaps(closed, Price(3, date(2026, 6, 30))) is True
    assert version_on([closed, open_ended], date(2026, 8, 1)) == open_ended
