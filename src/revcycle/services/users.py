"""Users: add one, check a password, find the acting user. Passwords are hashed with argon2id.

- Parameters (`SERVER_HASHER`): argon2id with m=19 MiB, t=2, p=1, OWASP's first choice for a server
  that takes many sign-ins at once (RFC 9106's 64 MiB profile made 40 concurrent attempts hold 1.3 GB).
  At most `MAX_CONCURRENT_HASHES` hashes run at once (a semaphore): the rest wait, up to
  `HASH_WAIT_SECONDS`, then get `busy` — memory stays under 4 x 19 MiB whatever arrives.
- Constant work: `verify_password` runs exactly one argon2 verification whether the user exists or not
  (an unknown or inactive user is checked against a dummy hash), so timing does not tell who exists.
- A hash made with other parameters is rehashed with the current ones at the next good sign-in.
- New passwords follow `practice.passwords` (length, not common, not the user name, not only digits).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.passwords import MIN_PASSWORD_LENGTH, check_password
from revcycle.practice.users import Permission, Role, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "acting_user",
    "add_user",
    "authenticate",
    "hash_password",
    "use_password_hasher",
    "verify_password",
]

SERVER_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MAX_CONCURRENT_HASHES = 4
HASH_WAIT_SECONDS = 10.0
_DUMMY_PASSWORD = "not a password anyone has; only verified to spend the same work"

_hasher = SERVER_HASHER
_dummy_hashes: dict[int, str] = {}
_hashing = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


def use_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use `argon2.profiles.CHEAPEST` for speed); returns the previous one.

    Hashes made with other parameters still verify, and are rehashed at the next good login."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


@contextmanager
def _hash_slot() -> Iterator[None]:
    """One of the `MAX_CONCURRENT_HASHES` slots for an argon2 computation, or `busy`."""
    if not _hashing.acquire(timeout=HASH_WAIT_SECONDS):
        raise RevcycleError(
            ErrorCode.BUSY, "the server is busy checking other sign-ins; try again in a moment"
        )
    try:
        yield
    finally:
        _hashing.release()


def hash_password(password: str) -> str:
    with _hash_slot():
        return _hasher.hash(password)


def _dummy_hash() -> str:
    """A hash of nothing anyone types, made once per hasher, verified for unknown users."""
    if (found := _dummy_hashes.get(id(_hasher))) is None:
        found = _dummy_hashes[id(_hasher)] = hash_password(_DUMMY_PASSWORD)
    return found


def add_user(
    uow: UnitOfWork, username: str, role: Role | str, password: str, actor: User | None = None
) -> User:
    """Create a user. `actor` None means the shell's bootstrap (`revcycle users add`), audited as `system`."""
    candidate = User(username, role)  # type: ignore[arg-type]
    check_password(password, candidate.username)
    with uow:
        if actor is not None:
            actor.require(Permission.MANAGE_USERS)
        user = uow.users.add(candidate, hash_password(password), uow.clock.now())
        audit.record(uow, actor, audit.Action.CREATE, "user", user.id or 0, f"role={user.role.value}")
        return user


def verify_password(uow: UnitOfWork, username: str, password: str) -> User | None:
    """The active user with this password, else None; one argon2 verification either way (constant work).

    Runs inside the caller's unit of work; rehashes an outdated hash on success."""
    user = uow.users.find(username)
    stored_hash = uow.users.password_hash(username) if user is not None else None
    known = user is not None and user.active and stored_hash is not None
    checked = stored_hash if known else _dummy_hash()
    try:
        with _hash_slot():
            _hasher.verify(checked or "", password)
    except (VerificationError, InvalidHashError):
        return None
    if not known:
        return None
    if _hasher.check_needs_rehash(checked or ""):
        uow.users.change_password_hash(username, hash_password(password))
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


def authenticate(uow: UnitOfWork, username: str, password: str, address: str = "") -> User:
    """The active user with this password: `services.sign_in.authenticate` (throttled, audited)."""
    from revcycle.services.sign_in import authenticate as throttled  # sign_in builds on this module

    return throttled(uow, username, password, address)
