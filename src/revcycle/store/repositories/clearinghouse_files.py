"""Files exchanged with clearinghouses (`tables_collected`): each collected file once, each 837 kept to resend.

Bound to the unit of work: `uow.clearinghouse_files`.

    if uow.clearinghouse_files.claim_collected("acme", "acme-7.999", digest, "999", now):   # first time: apply
        ...                                                                                 # same transaction
    uow.clearinghouse_files.add_outbound(batch_id, "acme", "acme-000000007.837", text, now)
    uow.clearinghouse_files.mark_delivered(batch_id, now, "sftp://billing@sftp.acme.example:22/outbound/...")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from revcycle.store.repositories.rows import Repository
from revcycle.store.repositories.sign_in import aware as _aware
from revcycle.store.tables_collected import collected_files, outbound_files
from revcycle.store.tables_remit import clearinghouse_batches


@dataclass(frozen=True, slots=True)
class CollectedFile:
    partner: str
    file_name: str
    digest: str
    kind: str
    collected_at: datetime


@dataclass(frozen=True, slots=True)
class OutboundFile:
    batch_id: int
    partner: str
    interchange_control_number: int
    file_name: str
    text: str
    created_at: datetime
    delivered_at: datetime | None
    delivered_to: str


class ClearinghouseFileRepository(Repository):
    # --- collected files -------------------------------------------------------------------
    def claim_collected(self, partner: str, file_name: str, digest: str, kind: str, at: datetime) -> bool:
        """Record a file as collected in the transaction applying it: False when the partner's file with this
        digest was collected before. The unique constraint decides: a concurrent collector's insert waits for
        the other transaction and fails once it commits (PostgreSQL), or never overlaps (SQLite's BEGIN
        IMMEDIATE). A savepoint keeps the transaction usable after a refusal."""
        savepoint = self._connection.begin_nested()
        try:
            self._connection.execute(insert(collected_files).values(
                partner=partner, file_name=file_name[:255], digest=digest, kind=kind, collected_at=at))  # fmt: skip
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def collected(self, partner: str, digest: str) -> CollectedFile | None:
        query = select(collected_files).where(
            collected_files.c.partner == partner, collected_files.c.digest == digest
        )
        row = self._connection.execute(query).first()
        if row is None:
            return None
        return CollectedFile(row.partner, row.file_name, row.digest, row.kind, _aware(row.collected_at))  # type: ignore[arg-type]

    def collected_count(self, partner: str) -> int:
        query = select(func.count()).select_from(collected_files).where(collected_files.c.partner == partner)
        return int(self._connection.scalar(query) or 0)

    # --- outbound files --------------------------------------------------------------------
    def add_outbound(self, batch_id: int, partner: str, file_name: str, text: str, at: datetime) -> int:
        return self._insert(outbound_files, {"batch_id": batch_id, "partner": partner, "file_name": file_name,
                                             "text": text, "created_at": at})  # fmt: skip

    def outbound(
        self, partner: str, interchange_control_number: int, lock: bool = False
    ) -> OutboundFile | None:
        """The 837 we submitted to `partner` under this ISA13 (locked for the delivery when `lock`)."""
        query = self._outbound_query().where(
            clearinghouse_batches.c.partner == partner,
            clearinghouse_batches.c.interchange_control_number == interchange_control_number,
        )
        row = self._connection.execute(query.with_for_update(of=outbound_files) if lock else query).first()
        return None if row is None else self._outbound(row)

    def undelivered(self, partner: str) -> list[OutboundFile]:
        """The partner's 837s whose upload has not been seen to finish, oldest first."""
        query = self._outbound_query().where(
            outbound_files.c.partner == partner, outbound_files.c.delivered_at.is_(None)
        )
        rows = self._connection.execute(
            query.order_by(clearinghouse_batches.c.interchange_control_number)
        ).all()
        return [self._outbound(row) for row in rows]

    def mark_delivered(self, batch_id: int, at: datetime, where: str) -> None:
        statement = update(outbound_files).where(outbound_files.c.batch_id == batch_id)
        self._connection.execute(statement.values(delivered_at=at, delivered_to=where[:500]))

    @staticmethod
    def _outbound_query():  # noqa: ANN205 - a Select
        return select(outbound_files, clearinghouse_batches.c.interchange_control_number).join(
            clearinghouse_batches, clearinghouse_batches.c.id == outbound_files.c.batch_id)  # fmt: skip

    @staticmethod
    def _outbound(row) -> OutboundFile:  # noqa: ANN001 - a Row
        return OutboundFile(row.batch_id, row.partner, row.interchange_control_number, row.file_name, row.text,
                            _aware(row.created_at), _aware(row.delivered_at), row.delivered_to)  # type: ignore[arg-type]  # fmt: skip
