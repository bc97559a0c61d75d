"""Fee schedules and their fees (`tables_setup`): every version kept; a version is ended by setting its
last day, never deleted. Bound to `uow.connection` as `uow.fees`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_, select, update

from revcycle.practice.fees import Fee, FeeSchedule
from revcycle.store.repositories.listing import Page, paged_rows
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables_setup import fee_schedules, fees


@dataclass(frozen=True, slots=True)
class ScheduleSummary:
    id: int
    name: str
    fees_in_force: int  # on the day asked
    versions: int


def _fee(row: Any) -> Fee:
    return Fee(row.code, row.amount_cents, row.modifier, row.effective_from, row.effective_to, row.id)


class FeeRepository(Repository):
    def schedule(self, name: str) -> FeeSchedule | None:
        row = self._connection.execute(select(fee_schedules).where(fee_schedules.c.name == name)).first()
        return None if row is None else FeeSchedule(row.name, (), row.id)

    def schedule_by_id(self, schedule_id: int) -> FeeSchedule:
        row = self._row(fee_schedules, schedule_id, "fee schedule")
        return FeeSchedule(row.name, (), row.id)

    def add_schedule(self, schedule: FeeSchedule) -> FeeSchedule:
        return replace(schedule, id=self._insert(fee_schedules, {"name": schedule.name}))

    def schedules(self, on: date) -> list[ScheduleSummary]:
        in_force_on = (fees.c.effective_from <= on) & or_(
            fees.c.effective_to.is_(None), fees.c.effective_to >= on
        )
        in_force = func.sum(case((in_force_on, 1), else_=0))
        query = (
            select(fee_schedules.c.id, fee_schedules.c.name, func.count(fees.c.id), in_force)
            .outerjoin(fees, fees.c.fee_schedule_id == fee_schedules.c.id)
            .group_by(fee_schedules.c.id, fee_schedules.c.name)
            .order_by(fee_schedules.c.name)
        )
        return [
            ScheduleSummary(row[0], row[1], int(row[3] or 0), int(row[2]))
            for row in self._connection.execute(query)
        ]

    def versions(self, schedule_id: int, codes: set[str] | None = None) -> list[Fee]:
        """Every version of the schedule's fees (of `codes` when given), by code, modifier, first day."""
        query = select(fees).where(fees.c.fee_schedule_id == schedule_id)
        rows: list[Any] = []
        if codes is None:
            rows = list(
                self._connection.execute(query.order_by(fees.c.code, fees.c.modifier, fees.c.effective_from))
            )
        else:
            for chunk in self._rows_in(fees.c.code, codes, order_by=(fees.c.id,)):
                rows += [row for row in chunk if row.fee_schedule_id == schedule_id]
        return [_fee(row) for row in rows]

    def add_fee(self, schedule_id: int, fee: Fee) -> Fee:
        values = {"fee_schedule_id": schedule_id, "code": fee.code, "modifier": fee.modifier,
                  "amount_cents": fee.amount_cents, "effective_from": fee.effective_from,
                  "effective_to": fee.effective_to}  # fmt: skip
        return replace(fee, id=self._insert(fees, values))

    def end_fee(self, fee_id: int, last_day: date) -> None:
        self._connection.execute(update(fees).where(fees.c.id == fee_id).values(effective_to=last_day))

    def fees_of_code(self, schedule_id: int, code: str) -> list[Fee]:
        query = select(fees).where(fees.c.fee_schedule_id == schedule_id, fees.c.code == code)
        return [
            _fee(row)
            for row in self._connection.execute(query.order_by(fees.c.modifier, fees.c.effective_from))
        ]

    def page(
        self, schedule_id: int, page: Page, code_prefix: str = "", on: date | None = None
    ) -> tuple[list[Fee], int]:
        """One page of the schedule's fees by code, modifier, first day: those in force `on` when given."""
        query = select(fees).where(fees.c.fee_schedule_id == schedule_id)
        if code_prefix:
            query = query.where(fees.c.code.startswith(code_prefix.upper(), autoescape=True))
        if on is not None:
            query = query.where(
                fees.c.effective_from <= on, or_(fees.c.effective_to.is_(None), fees.c.effective_to >= on)
            )
        query = query.order_by(fees.c.code, fees.c.modifier, fees.c.effective_from, fees.c.id)
        rows, total = paged_rows(self._connection, query, page)
        return [_fee(row) for row in rows], total
