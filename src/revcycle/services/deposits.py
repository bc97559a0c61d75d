"""The day's bank deposit against the day's receipts, one transaction each, audited.

    record_deposit(uow, user, day, "SLIP-0412", 123456, note="")   # True: recorded; False: recorded before
    rec = reconcile_day(uow, user, day)                              # ledger.deposits.Reconciliation

Receipts are the payers' payments posted for that day (835 EFTs and checks, paper EOBs: `remittances` by
payment date) and the patients' payments taken that day (`patient_receipts`, by method). A deposit is
recorded once per (date, reference), by a unique constraint.
"""

from __future__ import annotations

from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.deposits import Deposit, Receipt, Reconciliation, reconcile
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def record_deposit(
    uow: UnitOfWork, user: User, day: date, reference: str, amount_cents: int, note: str = ""
) -> bool:
    """Record what the bank shows deposited; the same (day, reference) again records nothing (False)."""
    reference = reference.strip()
    if not 1 <= len(reference) <= 50:
        raise RevcycleError(
            ErrorCode.VALIDATION, "a deposit reference (slip or bank credit number) is 1..50 characters"
        )
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"a deposit must be positive cents, got {amount_cents!r}"
        )
    with uow:
        user.require(Permission.POST_LEDGER)
        created = uow.posting.add_deposit({"deposit_date": day, "reference": reference, "amount_cents": amount_cents,
                                           "note": note.strip()[:200], "recorded_by_user_id": user.id,
                                           "recorded_at": uow.clock.now()})  # fmt: skip
        if created:
            audit.record(
                uow, user, audit.Action.CREATE, "bank_deposit", f"{day}:{reference}", f"{amount_cents} cents"
            )
        return created


def _insurance_source(source: str) -> str:
    if source.startswith("paper EOB"):
        return "insurance EFT" if source.startswith("paper EOB eft") else "insurance check"
    return "insurance EFT"


def reconcile_day(uow: UnitOfWork, user: User, day: date) -> Reconciliation:
    """The day's receipts by source against its deposits; patients' names read are audited."""
    with uow:
        user.require(Permission.READ_LEDGER)
        receipts = [Receipt(_insurance_source(row.source), row.trace_number, row.payer_name or row.payer_code,
                            row.total_paid_cents)
                    for row in uow.posting.remittances_paid_on(day) if row.total_paid_cents]  # fmt: skip
        patient_rows = uow.posting.receipts_on(day)
        receipts += [Receipt(f"patient {row.method}", row.reference, f"{row.last_name}, {row.first_name}",
                             row.amount_cents) for row in patient_rows]  # fmt: skip
        for patient_id in sorted({row.patient_id for row in patient_rows}):
            audit.record(uow, user, audit.Action.READ, "patient", patient_id, f"deposit {day}")
        deposits = [
            Deposit(row.reference, row.amount_cents, row.note) for row in uow.posting.deposits_on(day)
        ]
        return reconcile(day, receipts, deposits)
