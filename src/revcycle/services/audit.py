"""The audit log: who did what to which entity, and when — written by every use case.

Rows hold ids, entity types and action names, never PHI (no names, birth dates or member ids),
so the log can be read by an auditor and shipped to a SIEM as is. The log is append-only: the
repository has no update or delete, and database triggers refuse both.
"""

from __future__ import annotations

from enum import StrEnum

from revcycle.practice.users import Permission, User
from revcycle.store.repositories.users import AuditEvent
from revcycle.store.uow import UnitOfWork

SYSTEM_ACTOR = "system"  # bootstrap actions run from the shell before any user exists
ANONYMOUS_ACTOR = "anonymous"  # a failed sign-in with a name that is no active user


class Action(StrEnum):
    CREATE = "create"
    CHANGE = "change"
    READ = "read"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    UNLOCK = "unlock"


def record(
    uow: UnitOfWork,
    actor: User | None,
    action: Action,
    entity_type: str,
    entity_id: int | str,
    detail: str = "",
) -> AuditEvent:
    """Append one audit row in the current transaction (it commits or rolls back with the use case)."""
    return uow.audit.append(_event(uow, actor, action, entity_type, entity_id, detail))


def record_many(
    uow: UnitOfWork, actor: User | None, action: Action, entity_type: str, items: list[tuple[int | str, str]]
) -> None:
    """One audit row per (entity id, detail), written in one statement: for use cases touching many records."""
    uow.audit.append_many(
        [_event(uow, actor, action, entity_type, entity_id, detail) for entity_id, detail in items]
    )


def record_anonymous(
    uow: UnitOfWork, action: Action, entity_type: str, entity_id: int | str, detail: str = ""
) -> None:
    """An audit row no user is known for (a failed sign-in with an unknown name), as `anonymous`."""
    uow.audit.append(_event(uow, None, action, entity_type, entity_id, detail, ANONYMOUS_ACTOR))


def _event(
    uow: UnitOfWork,
    actor: User | None,
    action: Action,
    entity_type: str,
    entity_id: int | str,
    detail: str,
    nobody: str = SYSTEM_ACTOR,
) -> AuditEvent:
    return AuditEvent(
        occurred_at=uow.clock.now(),
        username=actor.username if actor else nobody,
        action=action.value,
        entity_type=entity_type,
        entity_id=str(entity_id),
        user_id=actor.id if actor else None,
        detail=detail,
    )


def events_for(
    uow: UnitOfWork, user: User, entity_type: str | None = None, entity_id: int | str | None = None
) -> list[AuditEvent]:
    """The audit trail (oldest first), for auditors and managers."""
    with uow:
        user.require(Permission.READ_AUDIT)
        return uow.audit.events(entity_type, None if entity_id is None else str(entity_id))
