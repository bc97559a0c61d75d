"""The practice's fee schedules: fees versioned by effective date, looked up by code + modifier + date of
service, imported from and exported to CSV.

    import_fees_csv(uow, user, "Standard", text, "fees.csv")   # one transaction; located errors; idempotent
    fee_for(uow, user, "99213", ("25",), date(2026, 3, 4))       # the fee in force that day

Placing a fee follows `kernel.effective_dates`: a new amount from a later day ends the fee in force
that day (history kept); the same amount already in force changes nothing; another amount starting the
same day is refused. Changes need `edit_practice` and are audited (code, modifier, dates; amounts are
not PHI and are kept in the fee rows themselves).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.claims.fee_schedule import FeeSchedule as ChargeSchedule
from revcycle.claims.fee_schedule import FeeScheduleEntry
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice.fees import Fee, FeeSchedule, fee_on, place_fee
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.practice import require_active
from revcycle.services.setup_file import read_fee_csv
from revcycle.services.setup_values import Problems
from revcycle.store.repositories.fees import ScheduleSummary
from revcycle.store.repositories.listing import Page
from revcycle.store.uow import UnitOfWork

CSV_COLUMNS = ("code", "modifier", "amount", "effective_from", "effective_to")


@dataclass
class FeeReport:
    """What placing fees changed: versions added, versions ended, fees already in force."""

    added: int = 0
    ended: int = 0
    unchanged: int = 0

    def merge(self, other: FeeReport) -> None:
        self.added, self.ended, self.unchanged = (self.added + other.added, self.ended + other.ended,
                                                  self.unchanged + other.unchanged)  # fmt: skip


def fee_schedules(uow: UnitOfWork, user: User) -> list[ScheduleSummary]:
    """Every fee schedule with how many fees are in force today and how many versions it keeps."""
    with uow:
        require_active(user)
        return uow.fees.schedules(uow.clock.today())


def schedule_named(uow: UnitOfWork, name: str, create: bool, user: User | None = None) -> FeeSchedule:
    """The fee schedule of that name (created, audited, when `create`), else NOT_FOUND."""
    found = uow.fees.schedule(name.strip())
    if found is not None:
        return found
    if not create:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no fee schedule named {name!r}")
    schedule = uow.fees.add_schedule(FeeSchedule(name.strip()))
    audit.record(uow, user, audit.Action.CREATE, "fee_schedule", schedule.id or 0)
    return schedule


def place_fees(uow: UnitOfWork, user: User, schedule: FeeSchedule, rows: Sequence[tuple[str, int, Fee]],
               problems: Problems) -> FeeReport:  # fmt: skip
    """Place each (source, line, fee) in order; a refusal is recorded, located, in `problems` (the caller
    raises, so the transaction rolls back and nothing is half-loaded)."""
    schedule_id = schedule.id or 0
    versions = uow.fees.versions(schedule_id, {fee.code for _, _, fee in rows})
    report = FeeReport()
    for source, line, fee in rows:
        try:
            plan = place_fee(versions, fee)
        except RevcycleError as error:
            problems.found.append(f"{source}:{line}: fee {fee.label}: {error.message}")
            continue
        if plan.added is None:
            report.unchanged += 1
            continue
        if plan.ended is not None:
            old, last_day = plan.ended
            uow.fees.end_fee(old.id or 0, last_day)
            versions[versions.index(old)] = Fee(old.code, old.amount_cents, old.modifier, old.effective_from,
                                                last_day, old.id)  # fmt: skip
            report.ended += 1
        versions.append(uow.fees.add_fee(schedule_id, plan.added))
        report.added += 1
    if report.added:
        audit.record(uow, user, audit.Action.CHANGE, "fee_schedule", schedule_id,
                     f"{report.added} fee versions added, {report.ended} ended")  # fmt: skip
    return report


def add_fee(uow: UnitOfWork, user: User, schedule_name: str, fee: Fee) -> FeeReport:
    """One fee version (the schedule made when new); CONFLICT when another amount starts that day."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        problems = Problems("form")
        report = place_fees(
            uow, user, schedule_named(uow, schedule_name, True, user), [("form", 0, fee)], problems
        )
        if problems.found:
            raise RevcycleError(ErrorCode.CONFLICT, problems.found[0].removeprefix("form:0: "))
        return report


def import_fees_csv(uow: UnitOfWork, user: User, schedule_name: str, text: str, source: str) -> FeeReport:
    """A fee CSV into the schedule, in one transaction: every row placed or nothing (located errors).
    A row without effective_from starts today; re-importing the same file changes nothing."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        rows = read_fee_csv(text, source, uow.clock.today())
        problems = Problems(source)
        report = place_fees(uow, user, schedule_named(uow, schedule_name, True, user), rows, problems)
        problems.raise_if_any()
        return report


def export_fees_csv(uow: UnitOfWork, user: User, schedule_name: str) -> str:
    """Every version of the schedule's fees as CSV (the columns `import_fees_csv` reads; amounts in dollars)."""
    with uow:
        require_active(user)
        schedule = schedule_named(uow, schedule_name, False)
        return fees_csv(uow.fees.versions(schedule.id or 0))


def fees_csv(fees: Sequence[Fee]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fee in fees:
        writer.writerow((fee.code, fee.modifier, str(Money(fee.amount_cents).to_decimal()), fee.effective_from.isoformat(),
                         fee.effective_to.isoformat() if fee.effective_to else ""))  # fmt: skip
    return out.getvalue()


def fee_for(uow: UnitOfWork, user: User, code: str, modifiers: Sequence[str], on: date,
            schedule_name: str = "Standard") -> Fee | None:  # fmt: skip
    """The fee charged for the code (with the first modifier that has its own fee) on the date of service."""
    with uow:
        require_active(user)
        schedule = schedule_named(uow, schedule_name, False)
        return fee_on(uow.fees.fees_of_code(schedule.id or 0, code.strip().upper()), code, modifiers, on)


def fee_page(uow: UnitOfWork, user: User, schedule_name: str, page: Page, code_prefix: str = "",
             on: date | None = None) -> tuple[list[Fee], int]:  # fmt: skip
    """One page of a schedule's fees (every version, or those in force `on`), by code."""
    with uow:
        require_active(user)
        schedule = schedule_named(uow, schedule_name, False)
        return uow.fees.page(schedule.id or 0, page, code_prefix.strip(), on)


def charge_schedule(uow: UnitOfWork, user: User, schedule_name: str = "Standard") -> ChargeSchedule | None:
    """The stored fee schedule as the `claims.FeeSchedule` that claim building and charge entry price lines
    with (every version, so each line is priced on its date of service); None when there is no such schedule."""
    with uow:
        require_active(user)
        schedule = uow.fees.schedule(schedule_name.strip())
        if schedule is None:
            return None
        entries = [FeeScheduleEntry(fee.code, fee.amount_cents, fee.effective_from, fee.effective_to, fee.modifier)
                   for fee in uow.fees.versions(schedule.id or 0)]  # fmt: skip
        return ChargeSchedule(entries, schedule.name)
