"""Sign-in, sessions and sign-out: throttled, audited, revocable on the server.

    user, token = sign_in(uow, username, password, address, kind="web" | "api")
    user = session_user(uow, token, kind)      # every request: revoked, idle, too old → UNAUTHENTICATED
    sign_out(uow, token)                       # the session is revoked server-side; the old cookie is dead
    unlock(uow, manager, username=..., address=...)

- Throttling, per account (a digest of the name typed, known or not, so the answers do not tell which
  names exist) and per client address: after `USER_FREE_FAILURES` failures each further one makes the
  account wait (2 s, 4 s, 8 s ...); at `USER_LOCK_AFTER` it is locked for `LOCKOUT` or until a manager
  lifts it (`unlock`). An address waits after `ADDRESS_FREE_FAILURES` (2 s doubling up to 15 minutes). A
  refused attempt (`too_many_attempts`, 429) is not checked at all: no hash is spent on it. Counts older
  than `FORGET_AFTER` start again; a good sign-in clears the account's count (not the address's).
- Constant work: exactly one argon2 verification per attempt that is checked (`users.verify_password`).
- Audited: `sign_in`, `sign_in_failed` (with the reason: wrong password, unknown user, throttled) and
  `sign_out` rows on entity `sign_in` (the user's id, or `unknown`); the address, never the password.
- Sessions (`user_sessions`): the token is 32 random bytes, only its SHA-256 is stored. A session dies when
  revoked, after `IDLE_TIMEOUT` without a request, after `ABSOLUTE_TIMEOUT` whatever, when the user is
  deactivated, or when the password changes (its fingerprint is kept with the session).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.users import verify_password
from revcycle.store.uow import UnitOfWork

USER_FREE_FAILURES = 5
USER_LOCK_AFTER = 10
LOCKOUT = timedelta(minutes=30)
ADDRESS_FREE_FAILURES = 20
MAX_BACKOFF = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session
KINDS = ("web", "api")
REFUSED = "unknown user or wrong password"
ENTITY = "sign_in"


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def account_key(username: str) -> str:
    """The throttle key of a name as typed (a digest: a password typed as a name is not kept)."""
    return _digest(username.strip().casefold())[:32]


def sign_in(
    uow: UnitOfWork, username: str, password: str, address: str = "", kind: str = "web"
) -> tuple[User, str]:
    """(the user, a new session token) for good credentials; else UNAUTHENTICATED or TOO_MANY_ATTEMPTS.

    A failure is counted and audited in its own committed transaction before the error is raised."""
    if kind not in KINDS:
        raise RevcycleError(ErrorCode.VALIDATION, f"a session is {' or '.join(KINDS)}")
    with uow:
        user = _checked(uow, username, password, address)
        if isinstance(user, RevcycleError):
            refusal = user
        else:
            uow.sign_in.forget("user", account_key(username))
            token = open_session(uow, user, kind, address)
            audit.record(
                uow, user, audit.Action.SIGN_IN, ENTITY, user.id or 0, f"{kind} from {address or '-'}"
            )
            return user, token
    raise refusal


def authenticate(uow: UnitOfWork, username: str, password: str, address: str = "") -> User:
    """The active user with this password (throttled and audited as `sign_in`, without opening a session)."""
    with uow:
        user = _checked(uow, username, password, address)
        if not isinstance(user, RevcycleError):
            uow.sign_in.forget("user", account_key(username))
            audit.record(
                uow, user, audit.Action.SIGN_IN, ENTITY, user.id or 0, f"checked from {address or '-'}"
            )
            return user
    raise user


def _checked(uow: UnitOfWork, username: str, password: str, address: str) -> User | RevcycleError:
    """The user, or the refusal to raise once the failure is recorded (so it commits)."""
    now = uow.clock.now()
    key = account_key(username)
    waited = _wait(uow, "user", key, now) or (_wait(uow, "address", address, now) if address else None)
    if waited is not None:
        _record_failure(uow, username, address, "throttled")
        return RevcycleError(ErrorCode.TOO_MANY_ATTEMPTS, waited)
    user = verify_password(uow, username, password)
    if user is not None:
        return user
    failures = uow.sign_in.count_failure("user", key, now, now - FORGET_AFTER)
    if (pause := _user_pause(failures)) is not None:
        uow.sign_in.block("user", key, now + pause)
    if address:
        failures_here = uow.sign_in.count_failure("address", address[:64], now, now - FORGET_AFTER)
        if failures_here > ADDRESS_FREE_FAILURES:
            uow.sign_in.block("address", address[:64], now + _backoff(failures_here - ADDRESS_FREE_FAILURES))
    _record_failure(uow, username, address, "wrong password or unknown user")
    return RevcycleError(ErrorCode.UNAUTHENTICATED, REFUSED)


def _backoff(excess: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(excess, 20)), MAX_BACKOFF)


def _user_pause(failures: int) -> timedelta | None:
    if failures >= USER_LOCK_AFTER:
        return LOCKOUT
    return _backoff(failures - USER_FREE_FAILURES) if failures > USER_FREE_FAILURES else None


def _wait(uow: UnitOfWork, scope: str, key: str, now: datetime) -> str | None:
    """Why this account or address must wait, or None."""
    throttle = uow.sign_in.throttle(scope, key[:64])
    if throttle is None or throttle.blocked_until is None or throttle.blocked_until <= now:
        return None
    if scope == "user" and throttle.failures >= USER_LOCK_AFTER:
        minutes = LOCKOUT.seconds // 60
        return f"too many failed sign-ins: this account is locked for {minutes} minutes or until a manager unlocks it"
    seconds = max(1, int((throttle.blocked_until - now).total_seconds() + 0.999))
    return f"too many failed sign-ins; try again in {seconds} seconds"


def _record_failure(uow: UnitOfWork, username: str, address: str, reason: str) -> None:
    user = uow.users.find(username)
    detail = f"{reason} from {address or '-'}"
    if user is not None:
        audit.record(uow, user, audit.Action.SIGN_IN_FAILED, ENTITY, user.id or 0, detail)
    else:
        audit.record_anonymous(uow, audit.Action.SIGN_IN_FAILED, ENTITY, "unknown", detail)


def open_session(uow: UnitOfWork, user: User, kind: str, address: str = "") -> str:
    """A new session for `user`; the token (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    fingerprint = password_fingerprint(uow.users.password_hash(user.username) or "")
    uow.sign_in.open_session(_digest(token), user.id or 0, kind, fingerprint, address, uow.clock.now())
    return token


def session_user(uow: UnitOfWork, token: str, kind: str) -> User:
    """The user of a live session of this kind; UNAUTHENTICATED (with why) for any other token."""
    with uow:
        now = uow.clock.now()
        found = uow.sign_in.session(_digest(token))
        if found is None or found.kind != kind:
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "invalid or expired token; sign in again")
        if found.revoked_at is not None:
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "this session was signed out; sign in again")
        if now - found.created_at >= ABSOLUTE_TIMEOUT:
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "the session expired; sign in again")
        if now - found.last_seen_at >= IDLE_TIMEOUT:
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "the session was idle too long; sign in again")
        user = uow.users.find(found.username)
        stored_hash = uow.users.password_hash(found.username)
        if user is None or not user.active or stored_hash is None:
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "this account is no longer active")
        if not secrets.compare_digest(password_fingerprint(stored_hash), found.password_fingerprint):
            raise RevcycleError(
                ErrorCode.UNAUTHENTICATED, "the password changed since sign-in; sign in again"
            )
        if now - found.last_seen_at >= TOUCH_EVERY:
            uow.sign_in.touch_session(found.id, now)
        return user


def sign_out(uow: UnitOfWork, token: str) -> bool:
    """Revoke the session of `token` (a cookie or a bearer token); True when one was open. Audited."""
    with uow:
        found = uow.sign_in.session(_digest(token))
        if found is None or not uow.sign_in.revoke_session(_digest(token), uow.clock.now()):
            return False
        user = uow.users.find(found.username)
        audit.record(uow, user, audit.Action.SIGN_OUT, ENTITY, user.id if user and user.id else 0, found.kind)
        return True


def unlock(uow: UnitOfWork, manager: User, username: str | None = None, address: str | None = None) -> int:
    """Lift the sign-in lockout or backoff of an account and/or an address (managers, admins); rows cleared."""
    if not username and not address:
        raise RevcycleError(ErrorCode.VALIDATION, "name the user (or the address) to unlock")
    with uow:
        if not (manager.can(Permission.EDIT_PRACTICE) or manager.can(Permission.MANAGE_USERS)):
            raise RevcycleError(
                ErrorCode.FORBIDDEN, f"user {manager.username} ({manager.role}) may not unlock accounts"
            )
        cleared = 0
        if username:
            user = uow.users.get(username)
            cleared += uow.sign_in.forget("user", account_key(username))
            audit.record(uow, manager, audit.Action.UNLOCK, ENTITY, user.id or 0, "account")
        if address:
            cleared += uow.sign_in.forget("address", address[:64])
            audit.record(uow, manager, audit.Action.UNLOCK, ENTITY, "address", address[:64])
        return cleared
