"""The denials work queue and the remittance exception queue, read for a biller (audited reads);
an exception is resolved by a biller with a note (the audit log keeps who, when and the note)."""

from __future__ import annotations

from typing import Any

from revcycle.denials.queue import DenialItem, WorkQueue
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def denial_queue(uow: UnitOfWork, user: User) -> WorkQueue:
    with uow:
        user.require(Permission.READ_LEDGER)
        rows = uow.remittances.open_denials()
        audit.record_many(uow, user, audit.Action.READ, "denial",  # one audited read per denial shown
                          [(row.id, f"queue claim={row.claim_control_number}") for row in rows])
    return WorkQueue.of([denial_item(row) for row in rows])


def denial_item(row: Any) -> DenialItem:
    """A `denials` row as a work queue item."""
    return DenialItem(row.claim_control_number, row.procedure_code, row.group_code, row.carc, row.amount_cents,
                      row.denied_on, tuple(r for r in row.rarcs.split(",") if r), id=row.id)  # fmt: skip


def exception_queue(uow: UnitOfWork, user: User) -> list[dict]:
    with uow:
        user.require(Permission.READ_LEDGER)
        rows = uow.remittances.open_exceptions()
        audit.record_many(uow, user, audit.Action.READ, "remit_exception", [(row.id, "queue") for row in rows])
    return [
        {"id": row.id, "remittance_id": row.remittance_id, "claim": row.claim_control_number, "reason": row.reason,
         "message": row.message, "amount_cents": row.amount_cents, "created_at": row.created_at.isoformat()}
        for row in rows
    ]  # fmt: skip


def resolve_exception(uow: UnitOfWork, user: User, exception_id: int, note: str) -> None:
    """Take an exception off the queue once the biller has worked it (`note`: what was done)."""
    if not note.strip():
        raise RevcycleError(ErrorCode.VALIDATION, "say how the exception was resolved (--note)")
    with uow:
        user.require(Permission.POST_LEDGER)
        outcome = uow.remittances.resolve_exception(exception_id, uow.clock.now())
        if outcome == "not_found":
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no remittance exception {exception_id}")
        if outcome == "already_resolved":
            raise RevcycleError(ErrorCode.CONFLICT, f"remittance exception {exception_id} is already resolved")
        audit.record(uow, user, audit.Action.CHANGE, "remit_exception", exception_id, f"resolved: {note.strip()[:400]}")
