"""The rules of a patient's coverages at the front desk: one primary, one secondary, one tertiary on any
date; ending a coverage; reordering the coverages in force on a date; what a merge does with them.

    ensure_unique_order(coverages)                      # CONFLICT naming the two that clash
    reordered(coverages, [id_b, id_a], date(2026, 3, 1))  # b becomes primary, a secondary
    ended(coverage, date(2026, 6, 30))

A coverage that a merge linked to the survivor's same policy (`merged_into_id`) no longer counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patient_search import member_key
from revcycle.practice.patients import Coverage, CoverageOrder


def counted(coverages: Sequence[Coverage]) -> list[Coverage]:
    """The coverages that hold an order (those a merge linked elsewhere do not)."""
    return [c for c in coverages if c.merged_into_id is None]


def order_clashes(coverages: Sequence[Coverage]) -> list[tuple[Coverage, Coverage]]:
    """Pairs of coverages with the same order in force on a common day."""
    live = counted(coverages)
    return [
        (a, b) for i, a in enumerate(live) for b in live[i + 1:]
        if a.order == b.order and a.overlaps(b)
    ]  # fmt: skip


def ensure_unique_order(coverages: Sequence[Coverage]) -> None:
    """CONFLICT unless each order (primary, secondary, tertiary) has at most one coverage on any date."""
    clashes = order_clashes(coverages)
    if clashes:
        a, b = clashes[0]
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"two {a.order.name.lower()} coverages would be in force together "
            f"({_period(a)} and {_period(b)}); end one or change its order first",
        )


def _period(coverage: Coverage) -> str:
    until = coverage.effective_to.isoformat() if coverage.effective_to else "open"
    return f"{coverage.effective_from.isoformat()}..{until}"


def ended(coverage: Coverage, last_day: date) -> Coverage:
    """The coverage ending on `last_day` (inclusive). VALIDATION before its start; an earlier end stays."""
    if last_day < coverage.effective_from:
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"the coverage starts {coverage.effective_from.isoformat()}; it cannot end {last_day.isoformat()}",
        )
    return replace(coverage, effective_to=last_day)


def reordered(coverages: Sequence[Coverage], ordered_ids: Sequence[int], on: date) -> list[Coverage]:
    """The coverages in force on `on`, given orders 1, 2, 3 in the order of `ordered_ids` (which must name
    each of them once); only those whose order changes are returned. The whole set must then still hold
    one coverage per order on every date."""
    in_force = {c.id: c for c in counted(coverages) if c.covers(on)}
    if sorted(ordered_ids) != sorted(in_force) or len(set(ordered_ids)) != len(ordered_ids):
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"name each of the {len(in_force)} coverages in force on {on.isoformat()} once, in the new order",
        )
    if len(ordered_ids) > len(CoverageOrder):
        raise RevcycleError(ErrorCode.VALIDATION, "at most three coverages (primary, secondary, tertiary)")
    changed = [
        replace(in_force[coverage_id], order=CoverageOrder(position))
        for position, coverage_id in enumerate(ordered_ids, start=1)
        if in_force[coverage_id].order != position
    ]
    changed_ids = {c.id for c in changed}
    ensure_unique_order([c for c in coverages if c.id not in changed_ids] + changed)
    return changed


@dataclass(frozen=True, slots=True)
class CoverageMerge:
    """What merging a duplicate does with its coverages: `moved` go to the survivor as they are; `linked`
    (duplicate id -> the survivor's coverage of the same payer and member id) stay with the duplicate,
    marked as that policy, and the duplicate's visits billed to them are billed to the survivor's."""

    moved: tuple[int, ...]
    linked: dict[int, int]


def merge_coverages(survivor: Sequence[Coverage], duplicate: Sequence[Coverage]) -> CoverageMerge:
    """The coverage half of a merge; CONFLICT (nothing done) when a moved coverage would clash in order
    with one of the survivor's."""
    same_policy = {(c.payer_id, member_key(c.member_id)): c for c in counted(survivor)}
    moved: list[Coverage] = []
    linked: dict[int, int] = {}
    for coverage in counted(duplicate):
        twin = same_policy.get((coverage.payer_id, member_key(coverage.member_id)))
        if twin is not None:
            linked[coverage.id or 0] = twin.id or 0
        else:
            moved.append(coverage)
    clashes = order_clashes([*counted(survivor), *moved])
    if clashes:
        a, b = clashes[0]
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"nothing was merged: the duplicate's {a.order.name.lower()} coverage ({_period(b)}) would be in force "
            f"with the survivor's ({_period(a)}); end or reorder one of them first",
        )
    return CoverageMerge(tuple(c.id or 0 for c in moved), linked)
