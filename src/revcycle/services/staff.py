"""The practice's staff as a manager sets them up: change a user's role, deactivate or reactivate a user
(adding one is `services.users.add_user`; listing is `services.listings.list_users`)."""

from __future__ import annotations

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, Role, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def change_user(
    uow: UnitOfWork, actor: User, username: str, role: Role | str | None = None, active: bool | None = None
) -> User:
    """Change a user's role and/or deactivate (or reactivate) them (`manage_users`), audited. An admin may
    not change their own role or deactivate themselves (so an active admin always remains).
    Deactivation is immediate: every request reloads its user, so their tokens and sessions stop working."""
    with uow:
        actor.require(Permission.MANAGE_USERS)
        old = uow.users.get(username)
        new = User(
            old.username, old.role if role is None else role, old.active if active is None else active, old.id
        )  # type: ignore[arg-type]
        if new == old:
            return old
        if old.username == actor.username:
            raise RevcycleError(ErrorCode.CONFLICT, "you may not change your own role or deactivate yourself")
        uow.users.change(new)
        detail = f"role {old.role.value}->{new.role.value}" if new.role != old.role else ""
        if new.active != old.active:
            detail = f"{detail}; {'reactivated' if new.active else 'deactivated'}".lstrip("; ")
        audit.record(uow, actor, audit.Action.CHANGE, "user", new.id or 0, detail)
        return new
