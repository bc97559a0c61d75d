"""Sign-in (token and web session), the audit log (auditors), users (admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from revcycle.api.auth import (
    SESSION_COOKIE,
    Requires,
    public,
    request_uow,
    set_session_cookie,
    sign_out,
    signed_in,
)
from revcycle.api.paging import Limit, Offset, sliced
from revcycle.api.schemas import Credentials, UnlockIn, UserIn, to_json
from revcycle.practice.users import Permission, User
from revcycle.services import audit, listings, sign_in, users

router = APIRouter(prefix="/api", tags=["access"])

Auditor = Annotated[User, Depends(Requires(Permission.READ_AUDIT))]
Admin = Annotated[User, Depends(Requires(Permission.MANAGE_USERS))]
SignedIn = Annotated[User, Depends(Requires(None))]
Manager = Annotated[User, Depends(Requires(Permission.EDIT_PRACTICE))]


def _user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "role": user.role.value, "active": user.active}


@router.post("/auth/token", dependencies=[Depends(public)])
def issue_token(request: Request, body: Credentials) -> dict[str, Any]:
    """A bearer token for `Authorization: Bearer <token>`: dies after `expires_in` seconds, after 30 idle
    minutes, or at `DELETE /api/auth/token`. Failed attempts are throttled (429 `too_many_attempts`)."""
    user, token = signed_in(request, body.username, body.password, "api")
    return {"access_token": token, "token_type": "bearer",
            "expires_in": request.app.state.signer.max_age_seconds, "user": _user_json(user)}  # fmt: skip


@router.delete("/auth/token", status_code=204, dependencies=[Depends(public)])
def revoke_token(request: Request) -> None:
    """Sign out a bearer token: it is revoked on the server and refused from now on."""
    sign_out(request)


@router.post("/auth/session", dependencies=[Depends(public)])
def open_session(request: Request, response: Response, body: Credentials) -> dict[str, Any]:
    """Sign in for the web pages: sets an HttpOnly, SameSite=Strict session cookie."""
    user, token = signed_in(request, body.username, body.password, "web")
    set_session_cookie(request, response, token)
    return {"user": _user_json(user)}


@router.delete("/auth/session", status_code=204, dependencies=[Depends(public)])
def close_session(request: Request, response: Response) -> None:
    """Sign out: the session is revoked on the server (the old cookie no longer works) and the cookie cleared."""
    sign_out(request)
    response.delete_cookie(SESSION_COOKIE)


@router.get("/auth/me")
def who_am_i(user: SignedIn) -> dict[str, Any]:
    return _user_json(user)


@router.get("/audit")
def audit_log(
    request: Request,
    user: Auditor,
    limit: Limit = 50,
    offset: Offset = 0,
    entity_type: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    """The audit trail, oldest first (ids and codes only; no PHI is ever written to it)."""
    events = audit.events_for(request_uow(request), user, entity_type, entity_id)
    return sliced(events, limit, offset, to_json)


@router.get("/users")
def list_users(request: Request, user: Admin) -> list[dict[str, Any]]:
    return [_user_json(found) for found in listings.list_users(request_uow(request), user)]


@router.post("/users", status_code=201)
def add_user(request: Request, user: Admin, body: UserIn) -> dict[str, Any]:
    return _user_json(
        users.add_user(request_uow(request), body.username, body.role, body.password, actor=user)
    )


@router.post("/sign-in-locks/unlock")
def unlock(request: Request, user: Manager, body: UnlockIn) -> dict[str, Any]:
    """Lift the sign-in lockout (or backoff) of a user and/or a client address (managers and admins)."""
    cleared = sign_in.unlock(request_uow(request), user, body.username, body.address)
    return {"username": body.username, "address": body.address, "cleared": cleared}
