"""Rows of the payment plan tables (`tables_payment_plans`) mapped to `statements.plans.PaymentPlan`.

Bound to the unit of work's connection: `PaymentPlanRepository(uow.connection)`. A plan is read
with its installments (in number order) and its payments (in the order they were recorded).
Installments are written once; afterwards only `missed_on` is set (once). Payments are only added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import insert, select, update

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.statements.plans import Frequency, Installment, PaymentPlan, PlanPayment, PlanStatus
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import patients
from revcycle.store.tables_payment_plans import (
    payment_plan_installments,
    payment_plan_payments,
    payment_plans,
)


@dataclass(frozen=True, slots=True)
class StoredPlanPayment:
    plan_id: int
    idempotency_key: str
    paid_on: date
    amount_cents: int
    method: str
    reference: str
    journal_entry_id: int


class PaymentPlanRepository(Repository):
    def lock_patient(self, patient_id: int) -> None:
        """Hold the patient's row until the transaction ends (two plans cannot be agreed at once)."""
        query = select(patients.c.id).where(patients.c.id == patient_id).with_for_update()
        if self._connection.scalar(query) is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown patient {patient_id}")

    def add(
        self, plan: PaymentPlan, created_on: date, created_at: datetime, user_id: int | None
    ) -> PaymentPlan:
        values = {
            "patient_id": plan.patient_id,
            "total_cents": plan.total_cents,
            "frequency": plan.frequency.value,
            "status": plan.status.value,
            "created_on": created_on,
            "created_at": created_at,
            "user_id": user_id,
        }
        plan_id = int(
            self._connection.scalar(insert(payment_plans).values(values).returning(payment_plans.c.id))
        )
        rows = [
            {"plan_id": plan_id, "number": i.number, "due_date": i.due_date, "amount_cents": i.amount_cents}
            for i in plan.installments
        ]
        self._connection.execute(insert(payment_plan_installments), rows)
        return replace(plan, id=plan_id)

    def get(self, plan_id: int, lock: bool = False) -> PaymentPlan:
        query = select(payment_plans).where(payment_plans.c.id == plan_id)
        row = self._connection.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown payment plan {plan_id}")
        return self._plans([row])[0]

    def plans(self, patient_id: int | None = None, statuses: Iterable[PlanStatus] = ()) -> list[PaymentPlan]:
        """Plans in id order, of one patient and/or in the given statuses."""
        query = select(payment_plans).order_by(payment_plans.c.id)
        if patient_id is not None:
            query = query.where(payment_plans.c.patient_id == patient_id)
        if wanted := [status.value for status in statuses]:
            query = query.where(payment_plans.c.status.in_(wanted))
        return self._plans(list(self._connection.execute(query)))

    def _plans(self, rows: list) -> list[PaymentPlan]:
        ids = [row.id for row in rows]
        if not ids:
            return []
        schedule: dict[int, list[Installment]] = defaultdict(list)
        query = select(payment_plan_installments).where(payment_plan_installments.c.plan_id.in_(ids))
        for i in self._connection.execute(query.order_by(payment_plan_installments.c.number)):
            schedule[i.plan_id].append(Installment(i.number, i.due_date, i.amount_cents, i.missed_on))
        paid: dict[int, list[PlanPayment]] = defaultdict(list)
        query = select(payment_plan_payments).where(payment_plan_payments.c.plan_id.in_(ids))
        for p in self._connection.execute(query.order_by(payment_plan_payments.c.id)):
            paid[p.plan_id].append(PlanPayment(p.paid_on, p.amount_cents, p.journal_entry_id))
        return [
            PaymentPlan(
                row.patient_id,
                Frequency(row.frequency),
                tuple(schedule[row.id]),
                PlanStatus(row.status),
                tuple(paid[row.id]),
                row.id,
            )  # fmt: skip
            for row in rows
        ]

    def created_on(self, plan_id: int) -> date:
        return self._connection.scalar(
            select(payment_plans.c.created_on).where(payment_plans.c.id == plan_id)
        )

    def set_status(self, plan_id: int, status: PlanStatus, on: date) -> None:
        statement = update(payment_plans).where(payment_plans.c.id == plan_id)
        self._connection.execute(statement.values(status=status.value, status_changed_on=on))

    def flag_missed(self, plan_id: int, number: int, missed_on: date) -> None:
        table = payment_plan_installments
        statement = update(table).where(
            table.c.plan_id == plan_id, table.c.number == number, table.c.missed_on.is_(None)
        )
        self._connection.execute(statement.values(missed_on=missed_on))

    def add_payment(self, payment: StoredPlanPayment, recorded_at: datetime, user_id: int | None) -> None:
        values = {
            "plan_id": payment.plan_id,
            "idempotency_key": payment.idempotency_key,
            "paid_on": payment.paid_on,
            "amount_cents": payment.amount_cents,
            "method": payment.method,
            "reference": payment.reference,
            "journal_entry_id": payment.journal_entry_id,
            "recorded_at": recorded_at,
            "user_id": user_id,
        }
        self._connection.execute(insert(payment_plan_payments).values(values))

    def payment_by_key(self, key: str) -> StoredPlanPayment | None:
        table = payment_plan_payments
        row = self._connection.execute(select(table).where(table.c.idempotency_key == key)).first()
        if row is None:
            return None
        return StoredPlanPayment(row.plan_id, row.idempotency_key, row.paid_on, row.amount_cents, row.method,
                                 row.reference, row.journal_entry_id)  # fmt: skip
