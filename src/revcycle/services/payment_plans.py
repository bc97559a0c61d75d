"""Payment plans: agree a plan on a patient's balance, record plan payments (posted to the ledger),
flag missed installments, list and cancel plans. One transaction each, every read and change audited
(entity `payment_plan`, id = the plan id; details hold ids, codes and cents only).

- `create_plan`: the total defaults to what the patient owes now (patient AR + unapplied credit);
  refused when that is not positive, when the total is more than it, or when the patient already
  has an open (active or defaulted) plan. The patient's row is locked while the plan is checked.
- `record_plan_payment`: a patient payment on account (`postings.patient_payment`, Dr cash, Cr
  patient AR) whose idempotency key is `plan:<id>:<reference>` (without a reference
  `plan:<id>:<date>:<cents>:<method>`); replaying it returns the first result and writes nothing.
  The payment is applied to the installments in order and never beyond what is left on the plan.
- `flag_missed_installments`: flags the installments missed by a date (due date + grace days passed
  without full payment) and defaults active plans with `default_after_missed` misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.entries import PostedEntry
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import Permission, User
from revcycle.services import audit, ledger
from revcycle.services.patients import require_patient
from revcycle.statements.plans import (
    OPEN,
    Frequency,
    Installment,
    PaymentPlan,
    PlanPayment,
    PlanSettings,
    PlanStatus,
    add_months,
    allocation,
    apply_payment,
    flag_missed,
    missed_installments,
    new_plan,
    plan_due,
    transition,
)
from revcycle.store.repositories.payment_plans import StoredPlanPayment
from revcycle.store.uow import UnitOfWork

PAYMENT_METHODS = ("cash", "check", "card", "ach")
DEFAULT_PLAN_SETTINGS = PlanSettings()


@dataclass(frozen=True, slots=True)
class PlanPaymentResult:
    plan: PaymentPlan
    entry: PostedEntry
    applied: tuple[tuple[int, int], ...]  # (installment number, cents) this payment covered
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class MissedPlan:
    plan: PaymentPlan
    missed: tuple[Installment, ...]  # every missed installment, flagged now or before
    newly_flagged: tuple[int, ...]  # installment numbers flagged by this run
    defaulted_now: bool
    past_due_cents: int


def _owed(uow: UnitOfWork, patient_id: int) -> int:
    balance = uow.journal.receivable(patient_id=patient_id)
    return balance.patient_cents + balance.unapplied_cents


def create_plan(
    uow: UnitOfWork,
    user: User,
    patient_id: int,
    installments: int | None = None,
    first_due: date | None = None,
    frequency: Frequency = Frequency.MONTHLY,
    installment_cents: int | None = None,
    total_cents: int | None = None,
) -> PaymentPlan:
    """Agree a plan on the patient's balance (or `total_cents` of it), by count or installment amount."""
    with uow:
        user.require(Permission.POST_LEDGER)
        plans = uow.payment_plans
        plans.lock_patient(patient_id)
        if existing := plans.plans(patient_id, OPEN):
            raise RevcycleError(ErrorCode.CONFLICT, f"patient {patient_id} already has plan {existing[0].id} "
                                f"({existing[0].status}); cancel it first")  # fmt: skip
        owed = _owed(uow, patient_id)
        if owed <= 0:
            raise RevcycleError(ErrorCode.VALIDATION, f"patient {patient_id} owes nothing ({owed} cents)")
        total = owed if total_cents is None else total_cents
        if total > owed:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"a plan of {total} cents is more than the {owed} cents owed"
            )
        today = uow.clock.today()
        plan = new_plan(patient_id, total, first_due or add_months(today, 1), Frequency(frequency),
                        installments, installment_cents)  # fmt: skip
        stored = plans.add(plan, today, uow.clock.now(), user.id)
        audit.record(uow, user, audit.Action.CREATE, "payment_plan", stored.id,
                     f"patient={patient_id} total={total} installments={len(plan.installments)} {plan.frequency}")  # fmt: skip
        return stored


def payment_key(plan_id: int, on: date, amount_cents: int, method: str, reference: str = "") -> str:
    if reference:
        return f"plan:{plan_id}:{reference}"
    return f"plan:{plan_id}:{on.isoformat()}:{amount_cents}:{method}"


def _check_payment(amount_cents: int, method: str, reference: str) -> None:
    if method not in PAYMENT_METHODS:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"unknown payment method {method!r}: one of {', '.join(PAYMENT_METHODS)}"
        )
    if len(reference) > 80 or reference != reference.strip():
        raise RevcycleError(
            ErrorCode.VALIDATION, "a payment reference is at most 80 characters, without outer spaces"
        )
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"a plan payment must be positive cents, got {amount_cents!r}"
        )


def record_plan_payment(
    uow: UnitOfWork,
    user: User,
    plan_id: int,
    amount_cents: int,
    on: date | None = None,
    method: str = "cash",
    reference: str = "",
) -> PlanPaymentResult:
    """Post a patient payment to the ledger and apply it to the plan's installments in order."""
    _check_payment(amount_cents, method, reference)
    with uow:
        user.require(Permission.POST_LEDGER)
        plans = uow.payment_plans
        plan = plans.get(plan_id, lock=True)
        day = on or uow.clock.today()
        key = payment_key(plan_id, day, amount_cents, method, reference)
        if (stored := plans.payment_by_key(key)) is not None:
            return _replayed(uow, plan, stored, (plan_id, day, amount_cents, method))
        applied = allocation(plan, amount_cents)
        # refuses a closed plan or a payment beyond what is left, before anything is written
        apply_payment(plan, PlanPayment(day, amount_cents))
        entry = ledger.post_patient_payment(uow, user, key, ChargeRef(plan.patient_id), amount_cents, on=day)
        paid = apply_payment(plan, PlanPayment(day, amount_cents, entry.id))
        plans.add_payment(StoredPlanPayment(plan_id, key, day, amount_cents, method, reference, entry.id),
                          uow.clock.now(), user.id)  # fmt: skip
        if paid.status is not plan.status:
            plans.set_status(plan_id, paid.status, day)
        covered = ",".join(f"{number}:{cents}" for number, cents in applied)
        audit.record(uow, user, audit.Action.CHANGE, "payment_plan", plan_id,
                     f"payment entry={entry.id} cents={amount_cents} installments={covered} status={paid.status}")  # fmt: skip
        return PlanPaymentResult(paid, entry, applied)


def _replayed(
    uow: UnitOfWork, plan: PaymentPlan, stored: StoredPlanPayment, asked: tuple
) -> PlanPaymentResult:
    """The first result of a payment recorded again; the same key with other values is a conflict."""
    if (stored.plan_id, stored.paid_on, stored.amount_cents, stored.method) != asked:
        raise RevcycleError(
            ErrorCode.IDEMPOTENCY_CONFLICT, f"{stored.idempotency_key} was recorded with other values"
        )
    return PlanPaymentResult(plan, uow.journal.get(stored.journal_entry_id), (), replayed=True)


def flag_missed_installments(
    uow: UnitOfWork, user: User, on: date | None = None, settings: PlanSettings = DEFAULT_PLAN_SETTINGS
) -> list[MissedPlan]:
    """Flag what was missed by `on` on every open plan; list the plans with a missed installment."""
    with uow:
        user.require(Permission.POST_LEDGER)
        day = on or uow.clock.today()
        plans = uow.payment_plans
        found = []
        for plan in plans.plans(statuses=OPEN):
            flagged = flag_missed(plan, day, settings)
            new = tuple(i for i in flagged.missed if i.number not in {m.number for m in plan.missed})
            for installment in new:
                plans.flag_missed(plan.id or 0, installment.number, installment.missed_on or day)
            defaulted = flagged.status is not plan.status
            if defaulted:
                plans.set_status(plan.id or 0, flagged.status, day)
            if new or defaulted:
                detail = f"missed={','.join(str(i.number) for i in new)} status={flagged.status}"
                audit.record(uow, user, audit.Action.CHANGE, "payment_plan", plan.id or 0, detail)
            if flagged.missed:
                found.append(_missed(uow, user, flagged, flagged.missed, new, defaulted, day))
        return found


def _missed(uow: UnitOfWork, user: User, plan: PaymentPlan, missed: tuple[Installment, ...],
            new: tuple[Installment, ...], defaulted: bool, day: date) -> MissedPlan:  # fmt: skip
    """A plan shown with what it missed by `day` (`new`: not flagged before): an audited read."""
    audit.record(
        uow, user, audit.Action.READ, "payment_plan", plan.id or 0, f"patient={plan.patient_id} missed"
    )
    past_due = plan_due(plan, day).past_due_cents
    return MissedPlan(plan, missed, tuple(i.number for i in new), defaulted, past_due)


def plans_with_missed_installments(
    uow: UnitOfWork, user: User, on: date | None = None, settings: PlanSettings = DEFAULT_PLAN_SETTINGS
) -> list[MissedPlan]:
    """Open plans with an installment missed by `on` (flagged or not yet); a read, nothing is flagged."""
    with uow:
        user.require(Permission.READ_LEDGER)
        day = on or uow.clock.today()
        found = []
        for plan in uow.payment_plans.plans(statuses=OPEN):
            if missed := missed_installments(plan, day, settings.grace_days):
                flagged = {i.number for i in plan.missed}
                new = tuple(i for i in missed if i.number not in flagged)
                found.append(_missed(uow, user, plan, missed, new, False, day))
        return found


def list_plans(
    uow: UnitOfWork, user: User, patient_id: int | None = None, statuses: tuple[PlanStatus, ...] = ()
) -> list[PaymentPlan]:
    """Plans in id order (of one patient, in some statuses); one audited read per plan listed."""
    with uow:
        user.require(Permission.READ_LEDGER)
        if patient_id is not None:
            require_patient(uow, patient_id)
        found = uow.payment_plans.plans(patient_id, statuses)
        audit.record_many(uow, user, audit.Action.READ, "payment_plan",
                          [(plan.id or 0, f"patient={plan.patient_id}") for plan in found])
        return found


def get_plan(uow: UnitOfWork, user: User, plan_id: int) -> PaymentPlan:
    with uow:
        user.require(Permission.READ_LEDGER)
        plan = uow.payment_plans.get(plan_id)
        audit.record(uow, user, audit.Action.READ, "payment_plan", plan_id, f"patient={plan.patient_id}")
        return plan


def cancel_plan(uow: UnitOfWork, user: User, plan_id: int) -> PaymentPlan:
    """End an active or defaulted plan; its payments stay posted, the balance is due as usual."""
    with uow:
        user.require(Permission.POST_LEDGER)
        plans = uow.payment_plans
        plan = plans.get(plan_id, lock=True)
        cancelled = transition(plan, PlanStatus.CANCELLED)
        plans.set_status(plan_id, cancelled.status, uow.clock.today())
        audit.record(uow, user, audit.Action.CHANGE, "payment_plan", plan_id, f"status={cancelled.status}")
        return cancelled
