"""Versions by effective date: a fee, a contract's rate — one value per key in force on each day.

    plan = place_version(versions_of_the_key, new_version, same=lambda a, b: a.amount == b.amount)
    plan.unchanged      # the value is already in force from that day: nothing to write
    plan.ended          # (old version, its new last day): the version the new one ends
    plan.added          # the new version, its last day capped before the next version's first

The rule a manager expects: a new version starts on its `effective_from` and ends the version in force
that day (its `effective_to` becomes the day before); older versions stay as history. A version already
starting that day with another value is a conflict (name another day), never an overwrite. Dates are
inclusive; `effective_to` None is open-ended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from revcycle.kernel.errors import ErrorCode, RevcycleError


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...
    @property
    def effective_to(self) -> date | None: ...


V = TypeVar("V", bound=Any)


def in_force(version: Dated, on: date) -> bool:
    """True when `on` lies within the version's dates (inclusive; no end date = open)."""
    return version.effective_from <= on and (version.effective_to is None or on <= version.effective_to)


def overlaps(first: Dated, second: Dated) -> bool:
    """True when the two versions share at least one day."""
    first_ends_before = first.effective_to is not None and first.effective_to < second.effective_from
    second_ends_before = second.effective_to is not None and second.effective_to < first.effective_from
    return not (first_ends_before or second_ends_before)


def check_dates(version: Dated, what: str) -> None:
    """VALIDATION when the version ends before it starts."""
    if version.effective_to is not None and version.effective_to < version.effective_from:
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"{what}: effective_to {version.effective_to} is before effective_from {version.effective_from}",
        )


def version_on(versions: Sequence[V], on: date) -> V | None:
    """The version in force on `on` (the latest start when several would be, which `place_version` prevents)."""
    found = [version for version in versions if in_force(version, on)]
    return max(found, key=lambda version: version.effective_from) if found else None


@dataclass(frozen=True, slots=True)
class VersionPlan(Generic[V]):
    """What placing a new version changes: nothing, or the version it ends and the one it adds."""

    added: V | None = None
    ended: tuple[V, date] | None = None

    @property
    def unchanged(self) -> bool:
        return self.added is None


def place_version(versions: Sequence[V], new: V, same: Callable[[V, V], bool], what: str) -> VersionPlan[V]:
    """Where `new` goes among the `versions` of one key (see the module's rule); CONFLICT when a version
    already starts that day with another value, or when `new`'s explicit end runs into a later version."""
    check_dates(new, what)
    added = _capped(versions, new, what)
    current = version_on(versions, new.effective_from)
    if current is not None and same(current, new) and _covers(current, added):
        return VersionPlan()
    starting = [version for version in versions if version.effective_from == new.effective_from]
    if starting:
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"{what}: a version starting {new.effective_from} already exists with another value; "
            "give the new version a later effective date",
        )
    ended = None
    if current is not None and current.effective_from < new.effective_from:
        ended = (current, new.effective_from - timedelta(days=1))
    return VersionPlan(added, ended)


def _covers(current: Dated, new: Dated) -> bool:
    if current.effective_to is None:
        return True
    return new.effective_to is not None and new.effective_to <= current.effective_to


def _capped(versions: Sequence[V], new: V, what: str) -> V:
    later = [version for version in versions if version.effective_from > new.effective_from]
    if not later:
        return new
    following = min(later, key=lambda version: version.effective_from)
    last_day = following.effective_from - timedelta(days=1)
    if new.effective_to is None:
        return replace(new, effective_to=last_day)
    if new.effective_to > last_day:
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"{what}: the version {new.effective_from}..{new.effective_to} overlaps the one starting "
            f"{following.effective_from}",
        )
    return new
