"""Users (with their password hashes) and the append-only audit log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, insert, select, update

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import User
from revcycle.store.repositories.rows import Repository, where_given
from revcycle.store.tables import audit_log, users


class UserRepository(Repository):
    def add(self, user: User, password_hash: str, created_at: datetime) -> User:
        if self.find(user.username) is not None:
            raise RevcycleError(ErrorCode.CONFLICT, f"user {user.username} already exists")
        values = {
            "username": user.username,
            "password_hash": password_hash,
            "role": user.role.value,
            "active": user.active,
        }
        return replace(user, id=self._insert(users, values | {"created_at": created_at}))

    def find(self, username: str) -> User | None:
        row = self._connection.execute(select(users).where(users.c.username == username)).first()
        return None if row is None else User(row.username, row.role, row.active, row.id)

    def get(self, username: str) -> User:
        if (user := self.find(username)) is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown user {username}")
        return user

    def change(self, user: User) -> None:
        """Set the user's role and active flag (the set-up's change of role, deactivation)."""
        self.get(user.username)
        self._connection.execute(
            update(users).where(users.c.username == user.username).values(role=user.role.value, active=user.active)
        )

    def password_hash(self, username: str) -> str | None:
        return self._connection.scalar(select(users.c.password_hash).where(users.c.username == username))

    def change_password_hash(self, username: str, password_hash: str) -> None:
        self._connection.execute(
            update(users).where(users.c.username == username).values(password_hash=password_hash)
        )


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what to which entity, and when. `detail` never holds PHI (ids and codes only)."""

    occurred_at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: str
    user_id: int | None = None
    detail: str = ""
    id: int | None = None


class AuditRepository(Repository):
    """Append-only: `append` and reads, nothing else (database triggers refuse UPDATE and DELETE)."""

    def append(self, event: AuditEvent) -> AuditEvent:
        return replace(event, id=self._insert(audit_log, _audit_values(event)))

    def append_many(self, events: list[AuditEvent]) -> None:
        """Append several rows in one statement (a use case touching many records, e.g. a queue check)."""
        if events:
            self._connection.execute(insert(audit_log), [_audit_values(event) for event in events])

    def events(self, entity_type: str | None = None, entity_id: str | None = None) -> list[AuditEvent]:
        query = where_given(
            select(audit_log).order_by(audit_log.c.id),
            (audit_log.c.entity_type, entity_type), (audit_log.c.entity_id, entity_id),
        )  # fmt: skip
        return [
            AuditEvent(
                r.occurred_at, r.username, r.action, r.entity_type, r.entity_id, r.user_id, r.detail, r.id
            )
            for r in self._connection.execute(query)
        ]

    def count(self) -> int:
        return int(self._connection.scalar(select(func.count()).select_from(audit_log)) or 0)


def _audit_values(event: AuditEvent) -> dict:
    return {
        "occurred_at": event.occurred_at,
        "user_id": event.user_id,
        "username": event.username,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "detail": event.detail,
    }
