"""`create_web_app(engine=None, clock=None, secret_key=None, partner=None)`: the API plus the pages.

uvicorn --factory revcycle.web.app:create_web_app      # or: revcycle serve
"""

from __future__ import annotations

import inspect
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from revcycle.api.app import app_routes, create_app
from revcycle.api.auth import current_user, route_guard
from revcycle.api.errors import http_status
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.kernel.clock import Clock
from revcycle.kernel.errors import RevcycleError
from revcycle.practice.users import User
from revcycle.web import (
    account_pages,
    charge_pages,
    claim_fix_pages,
    claim_pages,
    claim_version_pages,
    clearinghouse_pages,
    coding_pages,
    dashboard_pages,
    denial_pages,
    drg_pages,
    front_desk_forms,
    interface_pages,
    login_pages,
    patient_pages,
    payment_pages,
    pcs_pages,
    posting_pages,
    remittance_pages,
    setup_pages,
    setup_payer_pages,
    underpayment_pages,
)
from revcycle.web.rendering import STATIC_DIR, render
from revcycle.web.session import LoginRequired, PageForbidden

PAGE_ROUTERS = (
    login_pages.router,
    pcs_pages.router,  # /coding/pcs and /coding/drg before /coding/{encounter_id}
    drg_pages.router,
    coding_pages.router,
    charge_pages.router,
    claim_pages.router,
    claim_fix_pages.router,
    claim_version_pages.router,
    account_pages.router,
    patient_pages.router,
    front_desk_forms.router,
    payment_pages.router,
    posting_pages.router,
    dashboard_pages.router,
    remittance_pages.router,
    clearinghouse_pages.router,
    denial_pages.router,
    underpayment_pages.router,
    setup_pages.router,
    setup_payer_pages.router,
    interface_pages.router,
)


def create_web_app(
    engine: Engine | None = None,
    clock: Clock | None = None,
    secret_key: str | None = None,
    partner: Clearinghouse | None = None,
) -> FastAPI:
    """`create_app(...)` with the web pages, /static, and HTML answers for page errors; `partner`: the
    clearinghouse the pages submit to and collect from (default: the file named by $REVCYCLE_PARTNER)."""
    app = create_app(engine, clock, secret_key, partner=partner)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    _install_page_handlers(app)
    for _path, route in app_routes(app):
        if isinstance(route, APIRoute):
            route_guard(route)  # a page without a permission refuses to start, as in the API
    return app


def _signed_in_or_none(request: Request) -> User | None:
    """The signed-in user for the error page's navigation, or None."""
    try:
        return current_user(request)
    except RevcycleError:
        return None


def _install_page_handlers(app: FastAPI) -> None:
    api_handler = app.exception_handlers[RevcycleError]

    async def login_required(request: Request, error: Exception) -> Response:
        assert isinstance(error, LoginRequired)
        return RedirectResponse(f"/login?next={quote(error.next_path)}", status_code=303)

    async def forbidden_page(request: Request, error: Exception) -> Response:
        assert isinstance(error, PageForbidden)
        message = f"Your role ({error.user.role.value}) may not open this page."
        return render(
            request, "error.html", error.user, status_code=403, title="Not allowed", message=message
        )

    async def revcycle_error(request: Request, error: Exception) -> Response:
        if request.url.path.startswith("/api") or not isinstance(error, RevcycleError):
            answer = api_handler(request, error)
            return await answer if inspect.isawaitable(answer) else answer
        status = http_status(error.code)
        return render(
            request,
            "error.html",
            _signed_in_or_none(request),
            status_code=status,
            title=error.code.value,
            message=error.message,
        )

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PageForbidden, forbidden_page)
    app.add_exception_handler(RevcycleError, revcycle_error)
