"""The interface inbox (`interface_messages`: every EHR message once, the error queue) and the sender's names for
our records (`external_identifiers`: an MRN -> the patient, a visit number -> the encounter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables_interfaces import external_identifiers, interface_messages


@dataclass(frozen=True, slots=True)
class InterfaceMessage:
    """One message as received: its identity, status (applied, failed, dismissed), the error that keeps it in the
    queue, the text (`raw`, PHI: never logged) and who last replayed or dismissed it."""

    id: int
    channel: str
    sender: str
    control_id: str
    message_type: str
    digest: str
    status: str
    error: str
    attempts: int
    received_at: datetime
    applied_at: datetime | None
    user_id: int | None
    raw: str = field(default="", repr=False)


def _message_from(row: Any) -> InterfaceMessage:
    return InterfaceMessage(row.id, row.channel, row.sender, row.control_id, row.message_type, row.digest,
                            row.status, row.error, row.attempts, row.received_at, row.applied_at, row.user_id,
                            row.raw)  # fmt: skip


class InterfaceMessageRepository(Repository):
    def claim(self, values: dict[str, Any]) -> int | None:
        """Insert the message's row; None when its (channel, sender, control_id) is there already. The unique
        constraint decides: a racing twin's insert waits for the other transaction and fails once it commits
        (PostgreSQL), or never overlaps (SQLite's BEGIN IMMEDIATE). A savepoint keeps the transaction usable."""
        savepoint = self._connection.begin_nested()
        try:
            new_id = self._insert(interface_messages, values)
        except IntegrityError:
            savepoint.rollback()
            return None
        savepoint.commit()
        return new_id

    def find(self, channel: str, sender: str, control_id: str) -> InterfaceMessage | None:
        table = interface_messages
        row = self._connection.execute(select(table).where(
            table.c.channel == channel, table.c.sender == sender, table.c.control_id == control_id)).first()  # fmt: skip
        return None if row is None else _message_from(row)

    def get(self, message_id: int) -> InterfaceMessage:
        return _message_from(self._row(interface_messages, message_id, "interface message"))

    def lock(self, message_id: int) -> InterfaceMessage:
        """The message, its row locked until the transaction ends (a second replay waits, then sees it applied)."""
        row = self._connection.execute(
            select(interface_messages).where(interface_messages.c.id == message_id).with_for_update()
        ).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown interface message {message_id}")
        return _message_from(row)

    def change(self, message_id: int, values: dict[str, Any]) -> None:
        self._connection.execute(
            update(interface_messages).where(interface_messages.c.id == message_id).values(values)
        )

    def listing(self, status: str | None, channel: str | None, limit: int, offset: int
                ) -> tuple[list[InterfaceMessage], int]:  # fmt: skip
        """A page of messages (newest first) with the status and channel given, and how many there are."""
        table = interface_messages
        conditions = [column == value for column, value in ((table.c.status, status), (table.c.channel, channel))
                      if value is not None]  # fmt: skip
        total = self._connection.scalar(select(func.count()).select_from(table).where(*conditions)) or 0
        query = select(table).where(*conditions).order_by(table.c.received_at.desc(), table.c.id.desc())
        rows = self._connection.execute(query.limit(limit).offset(offset)).all()
        return [_message_from(row) for row in rows], total

    def counts(self) -> dict[str, int]:
        """status -> how many messages have it."""
        table = interface_messages
        rows = self._connection.execute(select(table.c.status, func.count()).group_by(table.c.status)).all()
        return dict(rows)  # type: ignore[arg-type]


class ExternalIdentifierRepository(Repository):
    def patient_for(self, assigner: str, identifier: str) -> int | None:
        """The patient the sender's identifier was given to (as registered: follow `merged_into_id` yourself)."""
        return self._find("patient", assigner, identifier, external_identifiers.c.patient_id)

    def visit_for(self, assigner: str, identifier: str) -> int | None:
        """The encounter of the sender's visit number (with its date of service), if one was recorded."""
        return self._find("visit", assigner, identifier, external_identifiers.c.encounter_id)

    def _find(self, kind: str, assigner: str, identifier: str, column: Any) -> int | None:
        table = external_identifiers
        return self._connection.scalar(select(column).where(
            table.c.kind == kind, table.c.assigner == assigner, table.c.identifier == identifier))  # fmt: skip

    def claim(self, kind: str, assigner: str, identifier: str, patient_id: int, at: datetime,
              encounter_id: int | None = None) -> bool:  # fmt: skip
        """Give the identifier to the record; False when it names another already (a racing message took it)."""
        values = {"kind": kind, "assigner": assigner, "identifier": identifier, "patient_id": patient_id,
                  "encounter_id": encounter_id, "created_at": at}  # fmt: skip
        savepoint = self._connection.begin_nested()
        try:
            self._connection.execute(insert(external_identifiers).values(values))
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def of_patients(self, patient_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """patient id -> its (assigner, identifier) pairs of kind patient, oldest first."""
        table = external_identifiers
        found: dict[int, list[tuple[str, str]]] = {}
        for rows in self._rows_in(table.c.patient_id, patient_ids, order_by=(table.c.id,)):
            for row in rows:
                if row.kind == "patient":
                    found.setdefault(row.patient_id, []).append((row.assigner, row.identifier))
        return found
