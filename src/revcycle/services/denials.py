"""The denials work queue and the remittance exception queue, read for a biller (audited reads)."""

from __future__ import annotations

from revcycle.denials.queue import DenialItem, WorkQueue
from revcycle.practice.users import Permission, User
from revcycle.store.repositories.remittances import RemittanceRepository
from revcycle.store.uow import UnitOfWork


def denial_queue(uow: UnitOfWork, user: User) -> WorkQueue:
    with uow:
        user.require(Permission.READ_LEDGER)
        rows = RemittanceRepository(uow.connection).open_denials()
    items = [
        DenialItem(
            row.claim_control_number,
            row.procedure_code,
            row.group_code,
            row.carc,
            row.amount_cents,
            row.denied_on,
            tuple(r for r in row.rarcs.split(",") if r),
            id=row.id,
        )  # fmt: skip
        for row in rows
    ]
    return WorkQueue.of(items)


def exception_queue(uow: UnitOfWork, user: User) -> list[dict]:
    with uow:
        user.require(Permission.READ_LEDGER)
        rows = RemittanceRepository(uow.connection).open_exceptions()
    return [
        {"id": row.id, "remittance_id": row.remittance_id, "claim": row.claim_control_number, "reason": row.reason,
         "message": row.message, "amount_cents": row.amount_cents, "created_at": row.created_at.isoformat()}
        for row in rows
    ]  # fmt: skip
