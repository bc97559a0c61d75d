"""Server-side sessions and failed-sign-in counters (`tables_security`): the facts `services.sign_in` decides on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import users
from revcycle.store.tables_security import sign_in_throttle, user_sessions


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every moment here is UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class StoredSession:
    id: int
    username: str
    kind: str
    password_fingerprint: str
    created_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Throttle:
    failures: int
    last_failure_at: datetime
    blocked_until: datetime | None


class SignInRepository(Repository):
    # sessions
    def open_session(self, token_digest: str, user_id: int, kind: str, fingerprint: str, address: str,
                     at: datetime) -> int:  # fmt: skip
        return self._insert(user_sessions, {
            "token_digest": token_digest, "user_id": user_id, "kind": kind, "password_fingerprint": fingerprint,
            "address": address[:64], "created_at": at, "last_seen_at": at})  # fmt: skip

    def session(self, token_digest: str) -> StoredSession | None:
        query = (
            select(user_sessions, users.c.username)
            .join(users, users.c.id == user_sessions.c.user_id)
            .where(user_sessions.c.token_digest == token_digest)
        )
        row = self._connection.execute(query).first()
        if row is None:
            return None
        return StoredSession(row.id, row.username, row.kind, row.password_fingerprint, aware(row.created_at),
                             aware(row.last_seen_at), aware(row.revoked_at))  # type: ignore[arg-type]  # fmt: skip

    def touch_session(self, session_id: int, at: datetime) -> None:
        self._connection.execute(
            update(user_sessions).where(user_sessions.c.id == session_id).values(last_seen_at=at)
        )

    def revoke_session(self, token_digest: str, at: datetime) -> int:
        """Revoke one session (sign-out); the number revoked (0: unknown or already revoked)."""
        done = self._connection.execute(
            update(user_sessions)
            .where(and_(user_sessions.c.token_digest == token_digest, user_sessions.c.revoked_at.is_(None)))
            .values(revoked_at=at)
        )
        return int(done.rowcount or 0)

    def revoke_sessions_of(self, user_id: int, at: datetime) -> int:
        """Revoke every open session of a user (deactivated, locked out, password reset)."""
        done = self._connection.execute(
            update(user_sessions)
            .where(and_(user_sessions.c.user_id == user_id, user_sessions.c.revoked_at.is_(None)))
            .values(revoked_at=at)
        )
        return int(done.rowcount or 0)

    # failed sign-ins
    def throttle(self, scope: str, key: str) -> Throttle | None:
        row = self._connection.execute(
            select(sign_in_throttle).where(
                and_(sign_in_throttle.c.scope == scope, sign_in_throttle.c.key == key)
            )
        ).first()
        if row is None:
            return None
        return Throttle(row.failures, aware(row.last_failure_at), aware(row.blocked_until))  # type: ignore[arg-type]

    def count_failure(self, scope: str, key: str, at: datetime, forgotten_before: datetime) -> int:
        """One more failure for (scope, key), atomically (insert or increment in one statement); a count
        whose last failure is older than `forgotten_before` starts again at 1. Returns the new count."""
        insert = postgresql_insert if self._connection.dialect.name == "postgresql" else sqlite_insert
        table = sign_in_throttle
        statement = insert(table).values(scope=scope, key=key, failures=1, last_failure_at=at)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.scope, table.c.key],
            set_={"failures": case((table.c.last_failure_at < forgotten_before, 1), else_=table.c.failures + 1),
                  "last_failure_at": at},
        ).returning(table.c.failures)  # fmt: skip
        return int(self._connection.execute(statement).scalar_one())

    def block(self, scope: str, key: str, until: datetime) -> None:
        self._connection.execute(
            update(sign_in_throttle)
            .where(and_(sign_in_throttle.c.scope == scope, sign_in_throttle.c.key == key))
            .values(blocked_until=until)
        )

    def forget(self, scope: str, key: str) -> int:
        """Clear a counter (a good sign-in for an account, or a manager lifting a lockout); rows cleared."""
        done = self._connection.execute(
            delete(sign_in_throttle).where(
                and_(sign_in_throttle.c.scope == scope, sign_in_throttle.c.key == key)
            )
        )
        return int(done.rowcount or 0)
