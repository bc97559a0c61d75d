"""No PHI in the server log: every route of the served app is called over HTTP (uvicorn on 127.0.0.1) with
patient-looking values in its query string and body, a database error quoting a patient is provoked, and
the captured log — the access log in uvicorn's own format included — holds none of them."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import Depends
from served_app import serving
from services_setup import NOW, PASSWORD, set_up_practice
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from uvicorn.logging import AccessFormatter

from revcycle.api.app import app_routes
from revcycle.api.auth import public
from revcycle.api.log_privacy import WITHHELD_QUERY
from revcycle.kernel import FixedClock
from revcycle.web.app import create_web_app

LAST, FIRST, BORN, MEMBER = "Zebulonsky", "Quintessa", "1961-07-23", "PHIMEMBER778899"
PHI = (LAST, FIRST, BORN, MEMBER)
QUERY = f"last_name={LAST}&first_name={FIRST}&birth_date={BORN}&member_id={MEMBER}&q={LAST}"
BODY = {"first_name": FIRST, "last_name": LAST, "birth_date": BORN, "member_id": MEMBER, "note": LAST}
SIGN_OUTS = {("DELETE", "/api/auth/token"), ("DELETE", "/api/auth/session"), ("POST", "/logout")}
CLIENT_LOGGERS = ("httpx", "httpcore")  # the test's own HTTP client, not the server
FAILING = "/api/test-only/failing-query"
ACCESS_FORMAT = '%(client_addr)s - "%(request_line)s" %(status_code)s'


def _with_a_failing_query(app, engine) -> None:
    """A route whose database statement fails with a patient's name among its parameters."""

    @app.get(FAILING, dependencies=[Depends(public)])
    def failing_query() -> None:
        with engine.connect() as connection:
            connection.execute(
                text("INSERT INTO no_such_table (last_name) VALUES (:last_name)"), {"last_name": LAST}
            )


@pytest.fixture
def served(engine):
    practice = set_up_practice(engine)
    app = create_web_app(engine, FixedClock(NOW), secret_key="log-test")
    _with_a_failing_query(app, engine)
    with serving(app, log_config=None, log_level="debug") as base:
        yield base, app, practice


def _concrete(path: str, patient_id: int) -> str:
    for name in ("patient_id", "encounter_id", "claim_id", "batch_id", "exception_id", "appeal_id", "plan_id",
                 "underpayment_id", "remittance_id", "line_number", "payer_id", "user_id", "coverage_id"):  # fmt: skip
        path = path.replace("{" + name + "}", str(patient_id))
    return path


def test_patient_values_sent_through_every_route_never_reach_the_log(engine, served, caplog):
    base, app, practice = served
    caplog.set_level(logging.DEBUG)
    with httpx.Client(base_url=base, timeout=30) as client:
        token = client.post("/api/auth/token", json={"username": "admin", "password": PASSWORD}).json()[
            "access_token"
        ]
        session = client.post("/api/auth/session", json={"username": "admin", "password": PASSWORD})
        cookie = {"Cookie": f"revcycle_session={session.cookies['revcycle_session']}"}
        client.cookies.clear()
        calls = 0
        # when every route is called with patient-looking values in its query and body
        routes = [(method, path) for path, route in app_routes(app) for method in sorted(getattr(route, "methods", None) or ())
                  if method != "HEAD" and "{path" not in path and path != FAILING]  # fmt: skip
        # sign-outs last: they end the session the walk uses
        for method, path in sorted(routes, key=lambda call: call in SIGN_OUTS):
            target = f"{_concrete(path, practice.patient_id)}?{QUERY}"
            signed = {"Authorization": f"Bearer {token}"} if path.startswith("/api") else cookie
            body = BODY if method in ("POST", "PUT", "PATCH") else None
            answer = client.request(method, target, json=body, headers=signed)
            assert answer.status_code < 500, (method, path)
            calls += 1
    # and a database statement fails with a patient's name among its parameters
    failed = _failing_query(base)
    # then that is a 500 without internals
    assert failed.status_code == 500 and LAST not in failed.text
    # and the access log has one line per request, each without its query string
    access = [record for record in caplog.records if record.name == "uvicorn.access"]
    lines = [AccessFormatter(ACCESS_FORMAT, use_colors=False).format(record) for record in access]
    assert len(lines) >= calls + 3 and calls > 60
    assert all("?" not in line.replace(WITHHELD_QUERY, "") for line in lines), lines[:3]
    # and no PHI-looking value appears anywhere in the captured log (messages and tracebacks)
    server_side = [record for record in caplog.records if not record.name.startswith(CLIENT_LOGGERS)]
    leaking = sorted(
        {record.name for record in server_side if any(value in _formatted(record) for value in PHI)}
    )
    assert leaking == []
    captured = "\n".join(_formatted(record) for record in server_side) + "\n".join(lines)
    assert [value for value in PHI if value in captured] == []
    # while the failure itself was logged (its frames, not its message)
    kind = "ProgrammingError" if engine.dialect.name == "postgresql" else "OperationalError"  # no such table
    assert f"{kind}: [message withheld: may hold PHI]" in captured


def _failing_query(base: str) -> httpx.Response:
    """The failing route, on a connection of its own: after an unhandled error uvicorn closes the connection,
    which now and then resets it before the 500 is read (then the call is made again)."""
    for _ in range(5):
        try:
            return httpx.get(f"{base}{FAILING}", timeout=30)
        except httpx.TransportError:
            continue
    raise AssertionError("the failing route never answered")


def _formatted(record: logging.LogRecord) -> str:
    return logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)


def test_a_database_error_does_not_carry_its_parameters(engine):
    # when a statement fails with a patient's name as a parameter
    with pytest.raises(SQLAlchemyError) as raised, engine.connect() as connection:
        connection.execute(
            text("INSERT INTO no_such_table (last_name) VALUES (:last_name)"), {"last_name": LAST}
        )
    # then the error says the parameters are hidden and does not quote them
    assert LAST not in str(raised.value)
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(raised.value)
