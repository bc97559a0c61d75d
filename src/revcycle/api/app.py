"""The FastAPI app: `create_app(engine=None, clock=None, secret_key=None)`.

    uvicorn --factory revcycle.api.app:create_app      # or: revcycle serve
OpenAPI at /api/openapi.json, Swagger UI at /api/docs, ReDoc at /api/redoc.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.routing import BaseRoute

from revcycle.api.auth import TokenSigner, app_secret, route_guard
from revcycle.api.body_limit import BodySizeLimit
from revcycle.api.errors import install_error_handlers
from revcycle.api.input_bounds import InputBounds
from revcycle.api.log_privacy import install_log_filters
from revcycle.api.routes import (
    admin,
    charges,
    claims,
    clearinghouse,
    coding,
    coding_decisions,
    denial_actions,
    denials,
    fhir,
    followup,
    front_desk,
    inpatient,
    interfaces,
    ledger,
    patients,
    payment_plans,
    posting,
    remittances,
    reports,
    setup,
    statements,
    underpayments,
)
from revcycle.api.security import SecurityMiddleware
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.kernel.clock import Clock, SystemClock
from revcycle.services.database import open_engine

ROUTERS = (admin.router, patients.router, front_desk.router, coding.router, coding_decisions.router, charges.router,
           claims.router,
           clearinghouse.router, remittances.router, denials.router, denial_actions.router, followup.router,
           ledger.router, payment_plans.router, posting.router, statements.router, underpayments.router, reports.router,
           setup.router, fhir.router, interfaces.router, inpatient.router)


def create_app(engine: Engine | None = None, clock: Clock | None = None, secret_key: str | None = None,
               partner: Clearinghouse | None = None) -> FastAPI:
    """The API on `engine` (default: `services.database.open_engine()`, i.e. $REVCYCLE_DATABASE_URL or the local SQLite file);
    `partner`: the clearinghouse trading partner (default: the JSON file named by $REVCYCLE_PARTNER)."""
    app = FastAPI(
        title="revcycle",
        summary="Medical coding and billing: patients, coding, claims, batches, remittances, denials, the patient "
        "ledger, statements, reports.",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/api/openapi.json",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
    )
    app.state.engine = engine if engine is not None else open_engine()
    app.state.clock = clock or SystemClock()
    app.state.signer = TokenSigner(app_secret(secret_key))
    app.state.partner = partner
    install_error_handlers(app)
    install_log_filters()  # no query strings in the access log, no exception messages (PHI) in any log
    app.add_middleware(BodySizeLimit)  # a body over 50 MB is refused while read, not buffered (inside: headers)
    app.add_middleware(InputBounds)  # ids, numbers, dates and NUL in paths and queries (inside the headers)
    app.add_middleware(SecurityMiddleware)  # headers on every answer, CSRF/Origin on cookie-signed changes
    for router in ROUTERS:
        app.include_router(router)
    for _path, route in app_routes(app):
        if isinstance(route, APIRoute):
            route_guard(route)  # raises when a route declares no permission
    return app


def app_routes(app: FastAPI) -> Iterator[tuple[str, BaseRoute]]:
    """Every route the app serves as (full path, route), through included routers too.

    FastAPI >= 0.13x keeps included routers as lazy `_IncludedRouter` entries in `app.routes`;
    `iter_route_contexts` flattens them. Older FastAPI copies the routes into `app.routes`."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        for route in app.routes:
            yield str(getattr(route, "path", "")), route
        return
    for context in iter_route_contexts(app.routes):
        yield str(context.path), context.original_route
