"""Who is calling, and may they: bearer tokens (API), session cookies (web), a permission per route.

Both are server-side sessions (`services.sign_in`, table `user_sessions`): the token is 32 random
bytes, only its digest is stored, and each request looks it up. So sign-out revokes it at once
(`DELETE /api/auth/session`, `DELETE /api/auth/token`, `POST /logout`), and it dies after 30 minutes
without a request (idle) or 8 hours after sign-in (absolute), when the user is deactivated, or when
the password changes. The session cookie is HttpOnly, SameSite=Strict, Secure over https; a cookie is
not a bearer token nor the reverse (the session's kind is checked). The app's secret
(`REVCYCLE_SECRET_KEY`, else random per process) keys the web forms' CSRF tokens.

Each route declares its permission as a dependency: `user: User = Depends(Requires(Permission.X))`
(`Requires(None)`: any signed-in user). `create_app` refuses to start if a route has neither a
`Requires` nor the `public` marker, so no route is left open by accident.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.routing import APIRoute

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import sign_in
from revcycle.services.database import UnitOfWork

SECRET_VARIABLE = "REVCYCLE_SECRET_KEY"
TOKEN_MAX_AGE_SECONDS = int(sign_in.ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE = "revcycle_session"


def app_secret(explicit: str | None = None) -> str:
    return explicit or os.environ.get(SECRET_VARIABLE) or secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenSigner:
    """The app's secret (CSRF tokens of the web forms) and how long a session may live (cookie max-age)."""

    secret: str
    max_age_seconds: int = TOKEN_MAX_AGE_SECONDS


def request_uow(request: Request) -> UnitOfWork:
    """A fresh unit of work on the app's engine and clock (one per use case call)."""
    return UnitOfWork(request.app.state.engine, request.app.state.clock)


def client_address(request: Request) -> str:
    """The caller's address as the server sees it (uvicorn applies X-Forwarded-For from trusted proxies only)."""
    return request.client.host if request.client else ""


def signed_in(request: Request, username: str, password: str, kind: str) -> tuple[User, str]:
    """Check the credentials (throttled, audited) and open a session of `kind` ('web' or 'api')."""
    return sign_in.sign_in(request_uow(request), username, password, client_address(request), kind)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """The web session: HttpOnly, SameSite=Strict, Secure over https, as long-lived as a session may be."""
    response.set_cookie(SESSION_COOKIE, token, max_age=request.app.state.signer.max_age_seconds, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")  # fmt: skip


def _credentials(request: Request) -> tuple[str, bool] | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), False
    if cookie := request.cookies.get(SESSION_COOKIE):
        return cookie, True
    return None


def sign_out(request: Request) -> bool:
    """Revoke the session the request carries (bearer token, else cookie); True when one was open."""
    found = _credentials(request)
    return found is not None and sign_in.sign_out(request_uow(request), found[0])


def current_user(request: Request) -> User:
    """The signed-in, active user of a live session (not revoked, idle or expired; password unchanged)."""
    found = _credentials(request)
    if found is None:
        raise RevcycleError(ErrorCode.UNAUTHENTICATED, "sign in first: send 'Authorization: Bearer <token>'")
    token, session = found
    return sign_in.session_user(request_uow(request), token, "web" if session else "api")


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
    raise RevcycleError(
        ErrorCode.CONFLICT, f"route {sorted(route.methods)} {route.path} declares no permission"
    )
