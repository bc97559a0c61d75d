"""What a patient's coverages become when an EHR sends its insurance list (pure): the sender's list is the
patient's insurance as of the message.

    plan = plan_coverages(on_file, [Wanted(payer_id=3, member_id="XJ1", order=1, ...)], since=date(2026, 3, 1))
    plan.ends     # {coverage id: last day}: a coverage of the same order the new one replaces, ended the day before
    plan.changes  # coverages on file with the same payer and member id, corrected (order, group, subscriber, dates)
    plan.adds     # the new ones

A coverage on file that the list does not name stays as it is unless it would be in force with a sent one of the
same order; then it ends the day before the sent one starts (CONFLICT, nothing planned, when the sent one starts
on or before it). The whole set is checked to hold one coverage per order on any date
(`practice.coverage_rules.ensure_unique_order`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from revcycle.interfaces.locations import at
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.coverage_rules import counted, ensure_unique_order
from revcycle.practice.patient_search import member_key
from revcycle.practice.patients import Coverage, CoverageOrder, Person, Relationship


@dataclass(frozen=True, slots=True)
class Wanted:
    """A sent coverage with its payer resolved; `effective_from`/`effective_to` None: not sent."""

    payer_id: int
    member_id: str = field(repr=False)
    order: CoverageOrder
    group_number: str = field(default="", repr=False)
    relationship: Relationship = Relationship.SELF
    subscriber: Person | None = field(default=None, repr=False)
    effective_from: date | None = None
    effective_to: date | None = None
    where: str = ""  # 'IN1[2]'


@dataclass(frozen=True, slots=True)
class CoveragePlan:
    ends: dict[int, date]
    changes: list[Coverage]
    adds: list[Coverage]

    @property
    def empty(self) -> bool:
        return not (self.ends or self.changes or self.adds)


def plan_coverages(
    patient_id: int, on_file: list[Coverage], wanted: list[Wanted], since: date
) -> CoveragePlan:
    """The ends, changes and additions that make the patient's coverages the list sent (`since`: the start of a
    new coverage sent without one)."""
    live = counted(on_file)
    by_policy = {(c.payer_id, member_key(c.member_id)): c for c in live}
    changes: list[Coverage] = []
    adds: list[Coverage] = []
    for item in wanted:
        twin = by_policy.get((item.payer_id, member_key(item.member_id)))
        with_item = _as_sent(patient_id, twin, item, since)
        if twin is None:
            adds.append(with_item)
        elif with_item != twin:
            changes.append(with_item)
    keys = [(w.payer_id, member_key(w.member_id)) for w in wanted]
    matched = {by_policy[key].id for key in keys if key in by_policy}
    sent = [*changes, *adds]
    ends = _ends(live, matched, list(zip(sent, [_where_of(wanted, c) for c in sent], strict=True)))
    final = [replace(c, effective_to=ends[c.id]) if c.id in ends else c
             for c in live if c.id not in {s.id for s in changes}] + sent  # fmt: skip
    try:
        ensure_unique_order(final)
    except RevcycleError as error:
        raise at(wanted[0].where if wanted else "", error) from error
    return CoveragePlan(ends, changes, adds)


def _as_sent(patient_id: int, twin: Coverage | None, item: Wanted, since: date) -> Coverage:
    starts = item.effective_from or (twin.effective_from if twin else since)
    ends = item.effective_to if item.effective_to is not None else (twin.effective_to if twin else None)
    try:
        return Coverage(patient_id, item.payer_id, item.member_id, item.order, starts, ends,
                        item.relationship, item.subscriber, item.group_number,
                        twin.plan_id if twin else None, twin.id if twin else None)  # fmt: skip
    except RevcycleError as error:
        raise at(item.where, error) from error


def _where_of(wanted: list[Wanted], coverage: Coverage) -> str:
    for item in wanted:
        if item.payer_id == coverage.payer_id and member_key(item.member_id) == member_key(
            coverage.member_id
        ):
            return item.where
    return ""


def _ends(
    live: list[Coverage], matched: set[int | None], sent: list[tuple[Coverage, str]]
) -> dict[int, date]:
    """Coverages on file, not sent, that a sent one of their order replaces: ended the day before it starts."""
    ends: dict[int, date] = {}
    for old in live:
        if old.id in matched:
            continue
        for new, where in sent:
            current = replace(old, effective_to=ends.get(old.id or 0, old.effective_to))
            if new.order != old.order or not current.overlaps(new):
                continue
            last_day = new.effective_from - timedelta(days=1)
            if last_day < old.effective_from:
                raise RevcycleError(ErrorCode.CONFLICT, f"{where}: the {new.order.name.lower()} coverage sent starts "
                                    f"{new.effective_from.isoformat()}, on or before the one on file (from "
                                    f"{old.effective_from.isoformat()}) that it would replace; end or correct that "
                                    "one at the front desk, then replay")  # fmt: skip
            ends[old.id or 0] = min(last_day, ends.get(old.id or 0, last_day))
    return ends
