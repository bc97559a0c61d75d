"""Patient payment plans: a balance agreed with the patient, paid in installments on a schedule.

Pure domain (no I/O). A plan is its schedule (installments with due dates and amounts that sum
exactly to the total), the payments made on it (in order), its missed flags and its status.
What each installment has been paid is never stored: payments are applied to the installments in
order (oldest first, never more than an installment's amount), so the plan can be read as of any
day. An installment is missed when its due date plus the grace days has passed and the payments
made by then did not cover it; the plan defaults after `default_after_missed` missed installments.

Status moves only along `TRANSITIONS`:

    active ─► completed (paid in full)      active ─► defaulted (N missed) ─► completed | cancelled
    active ─► cancelled
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import round_cents


class PlanStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DEFAULTED = "defaulted"
    CANCELLED = "cancelled"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


TRANSITIONS: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.ACTIVE: frozenset({PlanStatus.COMPLETED, PlanStatus.DEFAULTED, PlanStatus.CANCELLED}),
    PlanStatus.DEFAULTED: frozenset({PlanStatus.COMPLETED, PlanStatus.CANCELLED}),
    PlanStatus.COMPLETED: frozenset(),
    PlanStatus.CANCELLED: frozenset(),
}
OPEN = (PlanStatus.ACTIVE, PlanStatus.DEFAULTED)  # plans that still take payments
MAX_INSTALLMENTS = 120


@dataclass(frozen=True, slots=True)
class PlanSettings:
    grace_days: int = 10  # an installment is missed once due date + grace days has passed unpaid
    default_after_missed: int = 2  # the plan defaults when this many installments were missed


@dataclass(frozen=True, slots=True)
class Installment:
    number: int  # 1..n
    due_date: date
    amount_cents: int
    missed_on: date | None = None  # the first day it counted as missed, once flagged


@dataclass(frozen=True, slots=True)
class PlanPayment:
    on: date
    amount_cents: int
    journal_entry_id: int | None = None


@dataclass(frozen=True, slots=True)
class PaymentPlan:
    patient_id: int
    frequency: Frequency
    installments: tuple[Installment, ...]
    status: PlanStatus = PlanStatus.ACTIVE
    payments: tuple[PlanPayment, ...] = ()
    id: int | None = None

    @property
    def total_cents(self) -> int:
        return sum(installment.amount_cents for installment in self.installments)

    @property
    def first_due(self) -> date:
        return self.installments[0].due_date

    def paid_cents(self, as_of: date | None = None) -> int:
        return sum(p.amount_cents for p in self.payments if as_of is None or p.on <= as_of)

    def remaining_cents(self, as_of: date | None = None) -> int:
        return self.total_cents - self.paid_cents(as_of)

    @property
    def missed(self) -> tuple[Installment, ...]:
        return tuple(installment for installment in self.installments if installment.missed_on is not None)


# --- the schedule --------------------------------------------------------------------------
def schedule_amounts(
    total_cents: int, installments: int | None = None, installment_cents: int | None = None
) -> tuple[int, ...]:
    """Installment amounts summing exactly to the total; the remainder cents go on the last one.

    By count: each is `round_cents(total / n)`, the last takes what is left. By amount: as many
    installments of that amount as the total needs, the last one smaller (or equal)."""
    total = _positive(total_cents, "the plan total")
    if (installments is None) == (installment_cents is None):
        raise RevcycleError(
            ErrorCode.VALIDATION, "give either the number of installments or the installment amount"
        )
    if installment_cents is not None:
        each = _positive(installment_cents, "the installment amount")
        count = -(-total // each)
    else:
        count = _positive(installments, "the number of installments", ErrorCode.VALIDATION)
        each = round_cents(Decimal(total) / count / 100)
    if count > MAX_INSTALLMENTS:
        raise RevcycleError(ErrorCode.VALIDATION, f"{count} installments: at most {MAX_INSTALLMENTS}")
    last = total - each * (count - 1)
    if each <= 0 or last <= 0:
        raise RevcycleError(ErrorCode.VALIDATION, f"{count} installments are too many for {total} cents")
    return (each,) * (count - 1) + (last,)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when the month is shorter (Jan 31 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(first_due: date, index: int, frequency: Frequency) -> date:
    """The due date of installment `index` (0-based) counted from the first due date."""
    if frequency is Frequency.MONTHLY:
        return add_months(first_due, index)
    return first_due + timedelta(days=index * (7 if frequency is Frequency.WEEKLY else 14))


def new_plan(
    patient_id: int,
    total_cents: int,
    first_due: date,
    frequency: Frequency = Frequency.MONTHLY,
    installments: int | None = None,
    installment_cents: int | None = None,
) -> PaymentPlan:
    amounts = schedule_amounts(total_cents, installments, installment_cents)
    schedule = tuple(
        Installment(index + 1, due_date(first_due, index, frequency), cents)
        for index, cents in enumerate(amounts)
    )
    return PaymentPlan(patient_id, frequency, schedule)


# --- status ---------------------------------------------------------------------------------
def transition(plan: PaymentPlan, to: PlanStatus) -> PaymentPlan:
    if to not in TRANSITIONS[plan.status]:
        raise RevcycleError(ErrorCode.ILLEGAL_TRANSITION, f"a {plan.status} plan cannot become {to}")
    return replace(plan, status=to)


# --- payments -------------------------------------------------------------------------------
def paid_by_installment(plan: PaymentPlan, as_of: date | None = None) -> tuple[int, ...]:
    """What each installment has been paid: the payments (made by `as_of`) applied in order."""
    return _allocate([i.amount_cents for i in plan.installments], plan.paid_cents(as_of))


def _allocate(amounts: Sequence[int], cents: int) -> tuple[int, ...]:
    paid = []
    for amount in amounts:
        part = min(amount, cents)
        paid.append(part)
        cents -= part
    return tuple(paid)


def allocation(plan: PaymentPlan, amount_cents: int) -> tuple[tuple[int, int], ...]:
    """(installment number, cents) that a payment of `amount_cents` would cover, in order."""
    before = paid_by_installment(plan)
    after = _allocate([i.amount_cents for i in plan.installments], plan.paid_cents() + amount_cents)
    return tuple(
        (i.number, new - old)
        for i, old, new in zip(plan.installments, before, after, strict=True)
        if new != old
    )


def apply_payment(plan: PaymentPlan, payment: PlanPayment) -> PaymentPlan:
    """The plan with `payment` applied; paid in full it is completed. Never applies more than is left."""
    if plan.status not in OPEN:
        raise RevcycleError(ErrorCode.CONFLICT, f"the plan is {plan.status}: it takes no payments")
    cents = _positive(payment.amount_cents, "a plan payment")
    if cents > plan.remaining_cents():
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"a payment of {cents} cents is more than the {plan.remaining_cents()} cents left on the plan",
        )
    paid = replace(plan, payments=(*plan.payments, payment))
    return transition(paid, PlanStatus.COMPLETED) if paid.remaining_cents() == 0 else paid


# --- missed installments --------------------------------------------------------------------
def missed_installments(plan: PaymentPlan, on: date, grace_days: int) -> tuple[Installment, ...]:
    """Installments whose due date + grace days passed before `on` without the payments made by
    then covering them (a late payment does not undo a miss), whether flagged yet or not."""
    found = []
    for index, installment in enumerate(plan.installments):
        last_day = installment.due_date + timedelta(days=grace_days)
        if last_day < on and paid_by_installment(plan, last_day)[index] < installment.amount_cents:
            found.append(
                replace(installment, missed_on=installment.missed_on or last_day + timedelta(days=1))
            )
    return tuple(found)


def flag_missed(plan: PaymentPlan, on: date, settings: PlanSettings = PlanSettings()) -> PaymentPlan:
    """Flag the installments of an open plan missed by `on`; an active plan with `default_after_missed`
    misses defaults (a defaulted plan keeps being flagged; a closed plan is left as it is)."""
    if plan.status not in OPEN:
        return plan
    missed = {i.number: i for i in missed_installments(plan, on, settings.grace_days)}
    flagged = replace(plan, installments=tuple(missed.get(i.number, i) for i in plan.installments))
    if plan.status is PlanStatus.ACTIVE and len(flagged.missed) >= settings.default_after_missed:
        return transition(flagged, PlanStatus.DEFAULTED)
    return flagged


# --- what a statement asks for --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlanDue:
    """What a plan asks of the patient on a statement dated `on`."""

    plan_id: int | None
    patient_id: int
    total_cents: int
    installments: int
    frequency: Frequency
    remaining_cents: int  # plan balance left after the payments made by `on`
    past_due_cents: int  # unpaid parts of installments due before `on`
    next_due: date | None  # the first installment due on or after `on` that is not paid
    next_cents: int  # what is left of that installment

    @property
    def due_now_cents(self) -> int:
        return self.past_due_cents + self.next_cents


def plan_due(plan: PaymentPlan, on: date) -> PlanDue:
    paid = paid_by_installment(plan, on)
    left = [
        (i, i.amount_cents - p) for i, p in zip(plan.installments, paid, strict=True) if i.amount_cents > p
    ]
    past_due = sum(cents for installment, cents in left if installment.due_date < on)
    upcoming = next(((i.due_date, cents) for i, cents in left if i.due_date >= on), (None, 0))
    return PlanDue(plan.id, plan.patient_id, plan.total_cents, len(plan.installments), plan.frequency,
                   plan.remaining_cents(on), past_due, *upcoming)  # fmt: skip


def _positive(value: object, what: str, code: ErrorCode = ErrorCode.INVALID_AMOUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RevcycleError(code, f"{what} must be a positive whole number, got {value!r}")
    return value
