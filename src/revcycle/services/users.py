"""Users: add one, authenticate one, find the acting user. Passwords are hashed with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, Role, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)


def use_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use `argon2.profiles.CHEAPEST` for speed); returns the previous one.

    Hashes made with other parameters still verify, and are rehashed at the next good login."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


def add_user(
    uow: UnitOfWork, username: str, role: Role | str, password: str, actor: User | None = None
) -> User:
    """Create a user. `actor` None means the shell's bootstrap (`revcycle users add`), audited as `system`."""
    candidate = User(username, role)  # type: ignore[arg-type]
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    with uow:
        if actor is not None:
            actor.require(Permission.MANAGE_USERS)
        user = uow.users.add(candidate, _hasher.hash(password), uow.clock.now())
        audit.record(uow, actor, audit.Action.CREATE, "user", user.id or 0, f"role={user.role.value}")
        return user


def authenticate(uow: UnitOfWork, username: str, password: str) -> User:
    """The active user with this password, or `UNAUTHENTICATED` (same message whatever was wrong)."""
    refused = RevcycleError(ErrorCode.UNAUTHENTICATED, "unknown user or wrong password")
    with uow:
        stored_hash = uow.users.password_hash(username)
        user = uow.users.find(username)
        if stored_hash is None or user is None or not user.active:
            raise refused
        try:
            _hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError) as error:
            raise refused from error
        if _hasher.check_needs_rehash(stored_hash):
            uow.users.change_password_hash(username, _hasher.hash(password))
        return user


def acting_user(uow: UnitOfWork, username: str) -> User:
    """The active user a command runs as (the CLI's `--user`); `UNAUTHENTICATED` if unknown or inactive."""
    with uow:
        user = uow.users.find(username)
    if user is None or not user.active:
        raise RevcycleError(
            ErrorCode.UNAUTHENTICATED, f"no active user {username!r}; add one with `revcycle users add`"
        )
    return user
