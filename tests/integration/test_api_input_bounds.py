"""API inputs out of bounds are a 422 naming the value, never a 500: huge ids and offsets, dates far in the
past, NUL characters; and a search's LIKE wildcards are searched for, not obeyed."""

from __future__ import annotations

import pytest
from api_setup import api_world

PATIENT = {
    "first_name": "Nova", "last_name": "Tester", "birth_date": "1990-05-17", "sex": "F",
    "address": {"line1": "7 Pine Rd", "city": "Springfield", "state": "IL", "zip_code": "62704"},
}  # fmt: skip


@pytest.fixture
def world(engine):
    return api_world(engine)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/api/patients/99999999999999999999999", "path.99999999999999999999: expected an id from 1 to 2,147,483,647"),
        ("/api/patients/2147483648", "path.2147483648: expected an id from 1 to 2,147,483,647"),
        ("/api/patients/-83840034825984513287476846429995008/coverages",
         "path.-8384003482598451328: expected an id from 1 to 2,147,483,647"),  # schemathesis found it (a 500)
        ("/api/patients/-2147483649", "path.-2147483649: expected an id from 1 to 2,147,483,647"),
        ("/api/claims?patient_id=9223372036854775808", "query.patient_id: expected a whole number up to 2,147,483,647"),
        ("/api/patients?offset=2147483648", "query.offset: expected a whole number up to 2,147,483,647"),
        ("/api/coding/queue?min_age_days=933740424",
         "query.min_age_days: expected a number of days up to 109,572"),  # schemathesis found it (today - it: a 500)
        ("/api/reports/aging?as_of=0001-04-30", "query.as_of: expected a date between 1900-01-01 and 2199-12-31"),
        ("/api/reports/kpis?as_of=9999-12-31", "query.as_of: expected a date between 1900-01-01 and 2199-12-31"),
        ("/api/patients?last_name=Do%00e", "query.last_name: expected a value without NUL characters"),
    ],
)
def test_a_query_or_path_value_out_of_bounds_is_a_422_naming_it(world, target, message):
    # when the value is sent by a signed-in biller
    answer = world.client.get(target, headers=world.headers("biller"))
    # then 422 with the field and what was expected, and the security headers still on
    assert (answer.status_code, answer.json()["error"]["message"]) == (422, message)
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_name": "No\u0000va"}, "Value error, first_name: expected a text without NUL characters"),
        ({"birth_date": "0001-04-30"}, "Value error, birth_date: expected a date between 1900-01-01 and 2199-12-31"),
    ],
)
def test_a_body_value_out_of_bounds_is_a_422(world, change, message):
    # when a patient is sent with a NUL in a name, or born in year 1
    answer = world.client.post("/api/patients", json=PATIENT | change, headers=world.headers("biller"))
    # then 422 naming it, and nothing stored
    assert (answer.status_code, answer.json()["error"]["message"]) == (422, f"body: {message}")
    assert world.client.get("/api/patients", headers=world.headers("biller")).json()["total"] == 1


def test_an_id_in_a_body_beyond_32_bits_is_a_422(world):
    # when a coverage names a payer id past the column's range
    body = {"payer_id": 2**40, "member_id": "M1", "effective_from": "2026-01-01"}
    answer = world.client.post(
        f"/api/patients/{world.practice.patient_id}/coverages", json=body, headers=world.headers("biller")
    )
    # then 422
    assert (answer.status_code, answer.json()["error"]["message"]) == (
        422, "body: Value error, payer_id: expected a whole number up to 2,147,483,647")  # fmt: skip


@pytest.mark.parametrize("wildcard", ["%", "_", "%_", ","])
def test_a_last_name_search_of_wildcards_matches_nobody(world, wildcard):
    # given one patient / when searching by LIKE wildcards only
    found = world.client.get("/api/patients", params={"last_name": wildcard}, headers=world.headers("biller"))
    # then the search is refused as having no letters (before: everyone matched)
    assert (found.status_code, found.json()["error"]["message"]) == (
        422, f"name {wildcard + ',' if wildcard != ',' else ',,'!r}: search by the letters of a name")  # fmt: skip


@pytest.mark.parametrize("wildcard", ["D%", "%e", "T_s"])
def test_a_wildcard_inside_a_name_is_no_wildcard(world, wildcard):
    # when a name with a wildcard in it is searched / then it is read as its letters only, never as a pattern
    found = world.client.get("/api/patients", params={"last_name": wildcard}, headers=world.headers("biller"))
    letters = world.client.get("/api/patients", params={"last_name": wildcard.replace("%", "").replace("_", "")},
                               headers=world.headers("biller"))  # fmt: skip
    assert found.status_code == 200 and found.json()["total"] == letters.json()["total"]


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/fhir/ExplanationOfBenefit?claim=%C2%B3", 404),  # '³' is a digit to str.isdigit, not to int(): schemathesis
        ("/fhir/Claim/%C2%B2%C2%B3", 404),
        ("/api/claims?payer_id=%C2%B9", 422),
    ],
)
def test_a_superscript_digit_is_no_number_and_no_500(world, target, status):
    # when a value of superscript digits is sent where an id or a number goes
    answer = world.client.get(target, headers=world.headers("biller"))
    # then it is read as text (no such claim) or refused, never a server error
    assert answer.status_code == status
