"""Who is calling, and may they: bearer tokens (API), session cookies (web), a permission per route.

Tokens are signed, not stored: `itsdangerous.URLSafeTimedSerializer` over
`{"u": username, "p": fingerprint of the stored password hash}` with the app's secret
(`REVCYCLE_SECRET_KEY`, else a random secret made when the app starts, so tokens die with the
process). Why signed rather than a token table: no schema change, nothing to clean up, and still
revocable — every request reloads the user, so a deactivated user is refused at once, and a
changed password changes the fingerprint, which voids every token issued before. Tokens expire
after `TOKEN_MAX_AGE_SECONDS`. The session cookie carries the same kind of token (another salt),
HttpOnly and SameSite=Strict.

Each route declares its permission as a dependency: `user: User = Depends(Requires(Permission.X))`
(`Requires(None)`: any signed-in user). `create_app` refuses to start if a route has neither a
`Requires` nor the `public` marker, so no route is left open by accident.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeTimedSerializer

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services.database import UnitOfWork

SECRET_VARIABLE = "REVCYCLE_SECRET_KEY"
TOKEN_MAX_AGE_SECONDS = 8 * 3600
SESSION_COOKIE = "revcycle_session"
_TOKEN_SALT = "revcycle.api.token"
_SESSION_SALT = "revcycle.web.session"


def app_secret(explicit: str | None = None) -> str:
    return explicit or os.environ.get(SECRET_VARIABLE) or secrets.token_urlsafe(32)


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TokenSigner:
    secret: str
    max_age_seconds: int = TOKEN_MAX_AGE_SECONDS

    def _serializer(self, session: bool) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=_SESSION_SALT if session else _TOKEN_SALT)

    def issue(self, username: str, password_hash: str, session: bool = False) -> str:
        return str(self._serializer(session).dumps({"u": username, "p": password_fingerprint(password_hash)}))

    def read(self, token: str, session: bool = False) -> tuple[str, str]:
        """(username, password fingerprint), or UNAUTHENTICATED for a bad, foreign or expired token."""
        try:
            payload = self._serializer(session).loads(token, max_age=self.max_age_seconds)
        except BadSignature as error:  # SignatureExpired is a BadSignature
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "invalid or expired token; sign in again") from error
        if not isinstance(payload, dict) or not isinstance(payload.get("u"), str):
            raise RevcycleError(ErrorCode.UNAUTHENTICATED, "invalid token; sign in again")
        return payload["u"], str(payload.get("p", ""))


def request_uow(request: Request) -> UnitOfWork:
    """A fresh unit of work on the app's engine and clock (one per use case call)."""
    return UnitOfWork(request.app.state.engine, request.app.state.clock)


def signed_token(request: Request, user: User, session: bool = False) -> str:
    """A token (or session cookie value) for the user just authenticated, bound to their stored password."""
    with request_uow(request) as uow:
        stored_hash = uow.users.password_hash(user.username) or ""
    return str(request.app.state.signer.issue(user.username, stored_hash, session))


def set_session_cookie(request: Request, response: Response, user: User) -> None:
    """The web session: HttpOnly, SameSite=Strict, Secure over https, as long-lived as a token."""
    response.set_cookie(SESSION_COOKIE, signed_token(request, user, session=True),
                        max_age=request.app.state.signer.max_age_seconds, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip


def _credentials(request: Request) -> tuple[str, bool] | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), False
    if cookie := request.cookies.get(SESSION_COOKIE):
        return cookie, True
    return None


def current_user(request: Request) -> User:
    """The signed-in, active user whose password has not changed since the token was issued."""
    found = _credentials(request)
    if found is None:
        raise RevcycleError(ErrorCode.UNAUTHENTICATED, "sign in first: send 'Authorization: Bearer <token>'")
    token, session = found
    username, fingerprint = request.app.state.signer.read(token, session)
    uow = request_uow(request)
    with uow:
        user = uow.users.find(username)
        stored_hash = uow.users.password_hash(username)
    if user is None or not user.active or stored_hash is None:
        raise RevcycleError(ErrorCode.UNAUTHENTICATED, "this account is no longer active")
    if not secrets.compare_digest(password_fingerprint(stored_hash), fingerprint):
        raise RevcycleError(ErrorCode.UNAUTHENTICATED, "the password changed since sign-in; sign in again")
    return user


class Requires:
    """Route dependency: the caller must be signed in and (unless `permission` is None) hold it."""

    def __init__(self, permission: Permission | None) -> None:
        self.permission = permission

    def __call__(self, request: Request) -> User:
        user = current_user(request)
        if self.permission is not None:
            user.require(self.permission)
        return user

    def __repr__(self) -> str:
        return f"Requires({self.permission})"


def public() -> None:
    """Marker dependency for the few routes anyone may call (sign-in, sign-out)."""


def route_guard(route: APIRoute) -> Requires | None:
    """The route's `Requires`, None for a public route; RevcycleError(CONFLICT) when it has neither."""
    calls = [dependency.call for dependency in route.dependant.dependencies]
    for call in calls:
        if isinstance(call, Requires):
            return call
    if public in calls:
        return None
    raise RevcycleError(ErrorCode.CONFLICT, f"route {sorted(route.methods)} {route.path} declares no permission")
