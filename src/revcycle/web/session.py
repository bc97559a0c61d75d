"""Web sign-in and form safety: the API's session cookie, page-level permissions, CSRF tokens.

Pages reuse the API's session (`revcycle_session`, HttpOnly, SameSite=Strict, signed by the app's
`TokenSigner`). A page route declares `Depends(Page(Permission.X))`: `Page` is the API's `Requires`
(so `create_app`'s guard and the access-table test see it), but an anonymous visitor is sent to
/login (303) and a wrong role gets an HTML 403 page instead of the JSON error.

CSRF: every state-changing form carries `csrf_token`. Signed-in forms: an HMAC of the session
cookie under the app's secret (a page on another site can read neither). The login form: a
double-submit cookie (`revcycle_login_csrf`) whose value the form repeats.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

from revcycle.api.auth import SESSION_COOKIE, Requires
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User

LOGIN_CSRF_COOKIE = "revcycle_login_csrf"


class LoginRequired(Exception):  # noqa: N818  (a redirect, not an error)
    """Raised by `Page` for an anonymous visitor: the app answers 303 to /login?next=<path>."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageForbidden(Exception):  # noqa: N818
    """Raised by `Page` when the signed-in user's role lacks the permission: an HTML 403."""

    def __init__(self, user: User, permission: Permission | None) -> None:
        super().__init__(str(permission))
        self.user = user
        self.permission = permission


class Page(Requires):
    """Page dependency: signed in (else redirect to /login) and holding `permission` (else HTML 403)."""

    def __call__(self, request: Request) -> User:
        try:
            user = Requires(None)(request)
        except RevcycleError as error:
            if error.code is ErrorCode.UNAUTHENTICATED:
                raise LoginRequired(request.url.path) from error
            raise
        if self.permission is not None and not user.can(self.permission):
            raise PageForbidden(user, self.permission)
        return user

    def __repr__(self) -> str:
        return f"Page({self.permission})"


def csrf_for_session(secret: str, session_token: str) -> str:
    """The CSRF token of a signed-in form: HMAC-SHA256 of the session cookie under the app secret."""
    return hmac.new(secret.encode(), f"csrf:{session_token}".encode(), hashlib.sha256).hexdigest()[:40]


def csrf_token(request: Request) -> str:
    session_token = request.cookies.get(SESSION_COOKIE, "")
    return csrf_for_session(request.app.state.signer.secret, session_token) if session_token else ""


def check_csrf(request: Request, submitted: str) -> None:
    """FORBIDDEN unless the submitted token matches the session's."""
    expected = csrf_token(request)
    if not expected or not secrets.compare_digest(expected, submitted or ""):
        raise RevcycleError(
            ErrorCode.FORBIDDEN, "the form's security token is missing or stale; reload the page"
        )


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def check_login_csrf(request: Request, submitted: str) -> None:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, submitted or ""):
        raise RevcycleError(ErrorCode.FORBIDDEN, "the sign-in form expired; reload the page")
