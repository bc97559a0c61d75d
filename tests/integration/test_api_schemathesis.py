"""schemathesis against the API's own OpenAPI document, signed in as an admin on a small practice: every
operation is called with generated path, query and body values (valid and not), and none answers 5xx.

Quick in `make test` (`REVCYCLE_SCHEMATHESIS_EXAMPLES`, default 5 per operation, fixed seed); CI's long
run sets it to 100 with `REVCYCLE_SCHEMATHESIS_SECONDS` as the time bound (.ci/run)."""

from __future__ import annotations

import os
import time

import schemathesis
from api_setup import api_world
from hypothesis import HealthCheck, Phase, given, settings

EXAMPLES = int(os.environ.get("REVCYCLE_SCHEMATHESIS_EXAMPLES", "5"))
SECONDS = float(os.environ.get("REVCYCLE_SCHEMATHESIS_SECONDS", "25"))
# signing out would end the session the run uses (both are covered in test_sign_in.py)
SIGN_OUTS = {("DELETE", "/api/auth/token"), ("DELETE", "/api/auth/session")}


def _server_errors(operation, headers: dict[str, str], deadline: float) -> list[tuple]:
    found: list[tuple] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 10,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
    def call(case) -> None:
        if time.monotonic() > deadline:
            return
        response = case.call(headers=headers)
        if response.status_code >= 500:
            found.append((case.method, case.formatted_path, case.query, str(case.body)[:300], response.text[:300]))

    call()
    return found


def test_no_operation_of_the_openapi_document_answers_a_server_error(engine):
    # given a small practice and an admin's token
    world = api_world(engine)
    headers = world.headers("admin")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", world.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if (op.method.upper(), op.path) not in SIGN_OUTS]
    share = SECONDS / len(operations)  # each operation its part of the time bound
    # when each operation is called with generated values, within the time bound
    errors, checked = [], 0
    for operation in operations:
        errors += _server_errors(operation, headers, time.monotonic() + share)
        checked += 1
    # then every operation was reached, and none answered 5xx
    assert errors == []
    assert (checked, len(operations) > 80) == (len(operations), True)
    # and the token still works (nothing the run did signed it out)
    assert world.client.get("/api/auth/me", headers=headers).status_code == 200

