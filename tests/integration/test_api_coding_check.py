"""POST /api/coding/check: the guideline rules of issue 16 through the REST API (real database and server app)."""

from __future__ import annotations

import pytest
from api_setup import api_world


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_the_check_route_names_the_hypertensive_ckd_code_and_the_integral_symptom(world):
    # when the coder checks the wrong set
    checked = world.client.post(
        "/api/coding/check",
        json={"codes": ["I10", "E11.22", "N18.31", "M17.11", "M25.561"], "date_of_service": "2026-01-15"},
        headers=world.headers("coder"),
    )
    # then the errors name the fix and the section, and the set has errors
    body = checked.json()
    errors = [(f["code"], f["message"]) for f in body["findings"] if f["severity"] == "error"]
    assert (checked.status_code, body["has_errors"]) == (200, True)
    assert errors == [
        ("guideline_combination", "I10 with N18.31: use I12.9 + N18.31 (I.C.9.a.2)"),
        ("guideline_symptom", "M25.561 with M17.11: do not code M25.561, a sign or symptom routinely part of M17.11 (I.B.5)"),
    ]


def test_the_check_route_accepts_the_right_set(world):
    checked = world.client.post(
        "/api/coding/check",
        json={"codes": ["I12.9", "N18.31", "E11.22", "M17.11", "Z79.4"], "date_of_service": "2026-01-15"},
        headers=world.headers("coder"),
    ).json()
    assert checked["has_errors"] is False
