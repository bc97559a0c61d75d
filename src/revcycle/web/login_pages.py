"""Sign-in and sign-out pages, and `/`, which sends each role to its first page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from revcycle.api.auth import SESSION_COOKIE, public, set_session_cookie, sign_out, signed_in
from revcycle.api.errors import http_status
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.web.rendering import templates
from revcycle.web.session import LOGIN_CSRF_COOKIE, Page, check_login_csrf, new_login_csrf

router = APIRouter(include_in_schema=False)


def landing_page(user: User) -> str:
    if user.can(Permission.EDIT_ENCOUNTERS) and not user.can(Permission.POST_LEDGER):
        return "/coding"
    if user.can(Permission.READ_LEDGER):
        return "/dashboard"
    return "/claims"


def _safe_next(next_path: str) -> str:
    """Only a local path (never //host or a scheme) is followed after sign-in."""
    return next_path if next_path.startswith("/") and not next_path.startswith("//") else ""


def _login_form(request: Request, next_path: str, message: str = "", status_code: int = 200) -> Response:
    token = new_login_csrf()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"user": None, "nav": [], "login_csrf": token, "next": _safe_next(next_path), "message": message},
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return response


@router.get("/login", dependencies=[Depends(public)])
def login_page(request: Request, next: str = "") -> Response:  # noqa: A002  (the query parameter's name)
    return _login_form(request, next)


@router.post("/login", dependencies=[Depends(public)])
def sign_in(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:  # noqa: A002
    check_login_csrf(request, csrf_token)
    try:
        user, token = signed_in(request, username, password, "web")
    except RevcycleError as error:
        if error.code is ErrorCode.UNAUTHENTICATED:
            return _login_form(request, next, "Unknown user name or wrong password.", status_code=401)
        if error.code in (ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.BUSY):
            return _login_form(request, next, _sentence(error.message), status_code=http_status(error.code))
        raise
    response = RedirectResponse(_safe_next(next) or landing_page(user), status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


def _sentence(message: str) -> str:
    return f"{message[:1].upper()}{message[1:]}."


@router.post("/logout", dependencies=[Depends(public)])
def log_out(request: Request) -> Response:
    """Sign out: the session is revoked on the server, so the old cookie is refused even if kept."""
    sign_out(request)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(user: Annotated[User, Depends(Page(None))]) -> Response:
    return RedirectResponse(landing_page(user), status_code=303)
