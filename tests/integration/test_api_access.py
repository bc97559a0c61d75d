"""Every route of the app against every role: 401 without a token, 403 for a wrong role, through for the right one.

The table below is the expected access per route, written out by hand (not derived from the code's
permissions), so a route with the wrong permission fails, and a new route without an entry fails.
"""

from __future__ import annotations

import pytest
from api_setup import ROLES, USERNAMES, api_world
from services_setup import PASSWORD

from revcycle.api.app import app_routes

PUBLIC = "public"
ALL = frozenset(ROLES)
READ_PATIENTS = ALL
EDIT_PATIENTS = frozenset({"biller", "manager", "admin"})
EDIT_ENCOUNTERS = frozenset({"coder", "biller", "manager", "admin"})
POST_LEDGER = frozenset({"biller", "manager", "admin"})
READ_LEDGER = frozenset({"biller", "manager", "admin", "auditor"})
READ_AUDIT = frozenset({"manager", "admin", "auditor"})
ADMIN_ONLY = frozenset({"admin"})
MANAGERS = frozenset({"manager", "admin"})
MANAGE_INTERFACES = frozenset({"biller", "manager", "admin"})

EXPECTED_ACCESS = {
    ("GET", "/api/openapi.json"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/api/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/api/redoc"): PUBLIC,
    ("POST", "/api/auth/token"): PUBLIC,
    ("POST", "/api/auth/session"): PUBLIC,
    ("DELETE", "/api/auth/session"): PUBLIC,
    ("DELETE", "/api/auth/token"): PUBLIC,
    ("POST", "/api/sign-in-locks/unlock"): MANAGERS,
    ("GET", "/api/auth/me"): ALL,
    ("GET", "/api/audit"): READ_AUDIT,
    ("GET", "/api/users"): ADMIN_ONLY,
    ("POST", "/api/users"): ADMIN_ONLY,
    ("GET", "/api/patients"): READ_PATIENTS,
    ("POST", "/api/patients"): EDIT_PATIENTS,
    ("GET", "/api/patients/{patient_id}"): READ_PATIENTS,
    ("GET", "/api/patients/{patient_id}/coverages"): READ_PATIENTS,
    ("POST", "/api/patients/{patient_id}/coverages"): EDIT_PATIENTS,
    ("GET", "/api/encounters"): READ_PATIENTS,
    ("POST", "/api/patients/{patient_id}/encounters"): EDIT_ENCOUNTERS,
    ("GET", "/api/encounters/{encounter_id}"): READ_PATIENTS,
    ("POST", "/api/encounters/{encounter_id}/suggestions"): EDIT_ENCOUNTERS,
    ("POST", "/api/coding/em"): EDIT_ENCOUNTERS,
    ("POST", "/api/coding/check"): EDIT_ENCOUNTERS,
    ("POST", "/api/coding/drg"): EDIT_ENCOUNTERS,
    ("GET", "/api/codes/pcs/{code}"): ALL,
    ("GET", "/api/codes/pcs-build"): ALL,
    ("GET", "/api/codes/pcs-search"): ALL,
    ("GET", "/api/claims"): READ_PATIENTS,
    ("GET", "/api/claims/{claim_id}"): READ_PATIENTS,
    ("POST", "/api/encounters/{encounter_id}/claims"): EDIT_ENCOUNTERS,
    ("POST", "/api/claims/scrub"): EDIT_ENCOUNTERS,
    ("GET", "/api/claims/{claim_id}/cms1500.pdf"): READ_PATIENTS,
    ("POST", "/api/claims/batches/{batch_id}/837"): POST_LEDGER,
    ("GET", "/api/patients/{patient_id}/balance"): READ_LEDGER,
    ("GET", "/api/patients/{patient_id}/journal"): READ_LEDGER,
    ("POST", "/api/patients/{patient_id}/payments"): POST_LEDGER,
    ("GET", "/api/patients/{patient_id}/statement.pdf"): READ_LEDGER,
    ("GET", "/api/reports/aging"): READ_LEDGER,
    ("GET", "/api/reports/kpis"): READ_LEDGER,
    ("GET", "/api/encounters/{encounter_id}/coding"): EDIT_ENCOUNTERS,
    ("POST", "/api/encounters/{encounter_id}/coding/decisions"): EDIT_ENCOUNTERS,
    ("POST", "/api/encounters/{encounter_id}/coding/finalize"): EDIT_ENCOUNTERS,
    ("GET", "/api/encounters/{encounter_id}/charges"): EDIT_ENCOUNTERS,
    ("POST", "/api/encounters/{encounter_id}/charges"): EDIT_ENCOUNTERS,
    ("POST", "/api/encounters/{encounter_id}/charges/preview"): EDIT_ENCOUNTERS,
    ("DELETE", "/api/encounters/{encounter_id}/charges/{line_number}"): EDIT_ENCOUNTERS,
    ("PUT", "/api/encounters/{encounter_id}/diagnoses"): EDIT_ENCOUNTERS,
    ("PUT", "/api/encounters/{encounter_id}/coding/order"): EDIT_ENCOUNTERS,
    ("GET", "/api/coding/queue"): EDIT_ENCOUNTERS,
    ("POST", "/api/coding/queue/assign"): EDIT_ENCOUNTERS,
    ("POST", "/api/claims/batches/{batch_id}/submit"): POST_LEDGER,
    ("POST", "/api/clearinghouse/collect"): POST_LEDGER,
    ("GET", "/api/clearinghouse/batches"): READ_LEDGER,
    ("POST", "/api/remittances/preview"): POST_LEDGER,
    ("POST", "/api/remittances"): POST_LEDGER,
    ("GET", "/api/remittances"): READ_LEDGER,
    ("GET", "/api/remittances/exceptions"): READ_LEDGER,
    ("GET", "/api/remittances/{remittance_id}"): READ_LEDGER,
    ("POST", "/api/remittances/exceptions/{exception_id}/resolve"): POST_LEDGER,
    ("GET", "/api/denials"): READ_LEDGER,
    ("POST", "/api/patients/{patient_id}/eligibility"): EDIT_PATIENTS,
    ("PUT", "/api/patients/{patient_id}"): EDIT_PATIENTS,
    ("POST", "/api/patients/{patient_id}/merge"): EDIT_PATIENTS,
    ("PUT", "/api/coverages/{coverage_id}"): EDIT_PATIENTS,
    ("POST", "/api/coverages/{coverage_id}/end"): EDIT_PATIENTS,
    ("POST", "/api/patients/{patient_id}/coverages/order"): EDIT_PATIENTS,
    ("POST", "/api/coverages/{coverage_id}/eligibility"): EDIT_PATIENTS,
    ("POST", "/api/patients/{patient_id}/check-ins"): EDIT_PATIENTS,
    ("POST", "/api/eligibility/day"): EDIT_PATIENTS,
    ("POST", "/api/claims/status-checks"): POST_LEDGER,
    ("POST", "/api/statements/runs"): POST_LEDGER,
    ("GET", "/api/appeals"): READ_LEDGER,
    ("POST", "/api/claims/{claim_id}/appeals"): POST_LEDGER,
    ("GET", "/api/appeals/{appeal_id}"): READ_LEDGER,
    ("GET", "/api/appeals/{appeal_id}/letter.pdf"): READ_LEDGER,
    ("POST", "/api/appeals/{appeal_id}/sent"): POST_LEDGER,
    ("POST", "/api/appeals/{appeal_id}/outcome"): POST_LEDGER,
    ("POST", "/api/claims/{claim_id}/corrections"): EDIT_ENCOUNTERS,
    ("POST", "/api/claims/{claim_id}/void"): POST_LEDGER,
    ("GET", "/api/payment-plans"): READ_LEDGER,
    ("POST", "/api/patients/{patient_id}/payment-plans"): POST_LEDGER,
    ("GET", "/api/payment-plans/missed"): READ_LEDGER,
    ("POST", "/api/payment-plans/missed"): POST_LEDGER,
    ("GET", "/api/payment-plans/{plan_id}"): READ_LEDGER,
    ("POST", "/api/payment-plans/{plan_id}/payments"): POST_LEDGER,
    ("POST", "/api/payment-plans/{plan_id}/cancel"): POST_LEDGER,
    ("GET", "/api/underpayments"): READ_LEDGER,
    ("POST", "/api/underpayments/find"): POST_LEDGER,
    ("POST", "/api/underpayments/{underpayment_id}/resolve"): POST_LEDGER,
    ("POST", "/api/remittances/paper-eobs"): POST_LEDGER,
    ("POST", "/api/write-offs"): POST_LEDGER,
    ("POST", "/api/transfers"): POST_LEDGER,
    ("POST", "/api/patients/{patient_id}/receipts"): POST_LEDGER,
    ("POST", "/api/patients/{patient_id}/refunds"): MANAGERS,
    ("POST", "/api/patients/{patient_id}/credits/apply"): POST_LEDGER,
    ("POST", "/api/deposits"): POST_LEDGER,
    ("GET", "/api/deposits/{day}"): READ_LEDGER,
    # practice set-up (api/routes/setup.py): read by anyone signed in, changed by managers and admins
    ("GET", "/api/setup"): ALL,
    ("PUT", "/api/setup/practice"): MANAGERS,
    ("POST", "/api/setup/billing-providers"): MANAGERS,
    ("PUT", "/api/setup/billing-providers/{provider_id}"): MANAGERS,
    ("POST", "/api/setup/rendering-providers"): MANAGERS,
    ("PUT", "/api/setup/rendering-providers/{provider_id}"): MANAGERS,
    ("POST", "/api/setup/referring-providers"): MANAGERS,
    ("PUT", "/api/setup/referring-providers/{provider_id}"): MANAGERS,
    ("POST", "/api/setup/facilities"): MANAGERS,
    ("PUT", "/api/setup/facilities/{facility_id}"): MANAGERS,
    ("POST", "/api/setup/payers"): MANAGERS,
    ("PUT", "/api/setup/payers/{payer_code}"): MANAGERS,
    ("POST", "/api/setup/payers/{payer_code}/plans"): MANAGERS,
    ("GET", "/api/setup/payers/{payer_code}/contract"): READ_LEDGER,
    ("POST", "/api/setup/payers/{payer_code}/contract/rates"): MANAGERS,
    ("GET", "/api/setup/fee-schedules"): ALL,
    ("GET", "/api/setup/fee-schedules/{schedule}/fees"): ALL,
    ("POST", "/api/setup/fee-schedules/{schedule}/fees"): MANAGERS,
    ("POST", "/api/setup/fee-schedules/{schedule}/import"): MANAGERS,
    ("GET", "/api/setup/fee-schedules/{schedule}/export"): ALL,
    ("GET", "/api/setup/fee"): ALL,
    ("POST", "/api/setup/import"): MANAGERS,
    ("GET", "/api/setup/export"): MANAGERS,
    ("PATCH", "/api/users/{username}"): ADMIN_ONLY,
    # FHIR R4 (api/routes/fhir.py): the roles of the matching /api reads; the CapabilityStatement to anyone
    ("GET", "/fhir/metadata"): PUBLIC,
    ("GET", "/fhir/Patient/{patient_id}"): READ_PATIENTS,
    ("GET", "/fhir/Coverage"): READ_PATIENTS,
    ("GET", "/fhir/Claim/{claim_id}"): READ_PATIENTS,
    ("GET", "/fhir/ClaimResponse"): READ_LEDGER,
    ("GET", "/fhir/ExplanationOfBenefit"): READ_LEDGER,
    ("POST", "/fhir"): POST_LEDGER,  # manage_interfaces: a Bundle from the EHR (biller, manager, admin)
    # the interface inbox (api/routes/interfaces.py): manage_interfaces (biller, manager, admin)
    ("POST", "/api/interfaces/hl7"): MANAGE_INTERFACES,
    ("GET", "/api/interfaces/messages"): MANAGE_INTERFACES,
    ("GET", "/api/interfaces/messages/{message_id}"): MANAGE_INTERFACES,
    ("POST", "/api/interfaces/messages/{message_id}/replay"): MANAGE_INTERFACES,
    ("POST", "/api/interfaces/messages/{message_id}/dismiss"): MANAGE_INTERFACES,
}


def error_code(response) -> str:
    """A refusal's error code: the JSON error's, or an OperationOutcome's (the /fhir routes answer in FHIR)."""
    body = response.json()
    if body.get("resourceType") == "OperationOutcome":
        return body["issue"][0]["details"]["coding"][0]["code"]
    return body["error"]["code"]


def served_routes(app) -> set[tuple[str, str]]:
    return {(method, path) for path, route in app_routes(app)
            for method in getattr(route, "methods", None) or () if method != "HEAD"}


def concrete(path: str, world) -> str:
    return (path.replace("{patient_id}", str(world.practice.patient_id))
            .replace("{encounter_id}", str(world.encounter_id))
            .replace("{claim_id}", "999").replace("{coverage_id}", "999").replace("{batch_id}", "999").replace("{exception_id}", "999")
            .replace("{appeal_id}", "999").replace("{plan_id}", "999").replace("{underpayment_id}", "999")
            .replace("{remittance_id}", "999").replace("{message_id}", "999").replace("{day}", "2026-03-10"))


def call(world, method: str, path: str, headers: dict[str, str] | None = None):
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return world.client.request(method, concrete(path, world), json=body, headers=headers or {})


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_every_served_route_has_an_expected_access_entry(world):
    # given the app's routes, flattened through its routers
    served = served_routes(world.client.app)
    # then the table names exactly those routes (a new route without an entry fails here)
    assert served - EXPECTED_ACCESS.keys() == set()
    assert EXPECTED_ACCESS.keys() - served == set()


def test_each_role_gets_exactly_the_routes_the_table_grants(world):
    # given a signed-in client per role
    refused = {}
    for method, path in sorted(served_routes(world.client.app)):
        expected = EXPECTED_ACCESS[(method, path)]
        # when the route is called without credentials
        anonymous = call(world, method, path)
        # then a protected route answers 401 with the JSON error, a public one does not
        if expected == PUBLIC:
            assert anonymous.status_code not in (401, 403), (method, path, anonymous.text)
            continue
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert error_code(anonymous) == "unauthenticated"
        for role in ROLES:
            response = call(world, method, path, world.headers(role))
            if role in expected:
                assert response.status_code not in (401, 403), (role, method, path, response.text)
                assert response.status_code < 500, (role, method, path, response.text)
            else:
                assert response.status_code == 403, (role, method, path, response.text)
                assert error_code(response) == "forbidden"
                refused.setdefault(role, 0)
                refused[role] += 1
    # and the wrong roles were refused where the house rules say (counts from the table above)
    assert refused == {"coder": 86, "biller": 23, "manager": 3, "auditor": 83}


# The web pages, served with the API by `create_web_app` (what `revcycle serve` runs): an anonymous
# visitor is sent to /login (303), a wrong role gets 403, the right one neither.
WEB_EXPECTED_ACCESS = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/"): ALL,
    ("GET", "/coding"): EDIT_ENCOUNTERS,
    ("GET", "/coding/{encounter_id}"): EDIT_ENCOUNTERS,
    ("POST", "/coding/{encounter_id}/decisions"): EDIT_ENCOUNTERS,
    ("POST", "/coding/{encounter_id}/finalize"): EDIT_ENCOUNTERS,
    ("POST", "/coding/{encounter_id}/claims"): EDIT_ENCOUNTERS,
    ("POST", "/coding/assign"): EDIT_ENCOUNTERS,
    ("POST", "/coding/{encounter_id}/order"): EDIT_ENCOUNTERS,
    # the inpatient coder desk (web/pcs_pages.py, web/drg_pages.py): code look-ups for anyone signed in,
    # the DRG worksheet for coders (edit_encounters)
    ("GET", "/coding/pcs"): ALL,
    ("GET", "/coding/pcs/step"): ALL,
    ("GET", "/coding/pcs/search"): ALL,
    ("GET", "/coding/drg"): EDIT_ENCOUNTERS,
    ("GET", "/charges/{encounter_id}"): EDIT_ENCOUNTERS,
    ("POST", "/charges/{encounter_id}/diagnoses"): EDIT_ENCOUNTERS,
    ("POST", "/charges/{encounter_id}/lines"): EDIT_ENCOUNTERS,
    ("POST", "/charges/{encounter_id}/lines/{line_number}/remove"): EDIT_ENCOUNTERS,
    ("GET", "/charges/{encounter_id}/preview"): EDIT_ENCOUNTERS,
    ("GET", "/charges/{encounter_id}/diagnosis-search"): EDIT_ENCOUNTERS,
    ("GET", "/claims"): READ_PATIENTS,
    ("GET", "/claims/{claim_id}"): READ_PATIENTS,
    ("GET", "/claims/{claim_id}/837"): READ_PATIENTS,
    ("POST", "/claims/{claim_id}/lines/{line_number}"): EDIT_ENCOUNTERS,
    ("POST", "/claims/{claim_id}/diagnoses"): EDIT_ENCOUNTERS,
    ("POST", "/claims/{claim_id}/scrub"): EDIT_ENCOUNTERS,
    ("POST", "/claims/{claim_id}/correct"): EDIT_ENCOUNTERS,
    ("POST", "/claims/{claim_id}/void"): POST_LEDGER,
    ("POST", "/claims/batches/{batch_id}/submit"): POST_LEDGER,
    ("GET", "/patients"): READ_LEDGER,
    ("GET", "/front-desk"): READ_PATIENTS,
    ("GET", "/front-desk/new"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients"): EDIT_PATIENTS,
    ("GET", "/front-desk/patients/{patient_id}"): READ_PATIENTS,
    ("GET", "/front-desk/patients/{patient_id}/edit"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients/{patient_id}"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients/{patient_id}/coverages"): EDIT_PATIENTS,
    ("GET", "/front-desk/coverages/{coverage_id}/edit"): EDIT_PATIENTS,
    ("POST", "/front-desk/coverages/{coverage_id}"): EDIT_PATIENTS,
    ("POST", "/front-desk/coverages/{coverage_id}/end"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients/{patient_id}/coverages/order"): EDIT_PATIENTS,
    ("POST", "/front-desk/coverages/{coverage_id}/eligibility"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients/{patient_id}/check-in"): EDIT_PATIENTS,
    ("POST", "/front-desk/patients/{patient_id}/merge"): EDIT_PATIENTS,
    ("GET", "/patients/{patient_id}"): READ_LEDGER,
    ("POST", "/patients/{patient_id}/payments"): POST_LEDGER,
    ("GET", "/dashboard"): READ_LEDGER,
    # the interface error queue (web/interface_pages.py): manage_interfaces
    ("GET", "/interfaces"): MANAGE_INTERFACES,
    ("POST", "/interfaces/{message_id}/replay"): MANAGE_INTERFACES,
    ("POST", "/interfaces/{message_id}/dismiss"): MANAGE_INTERFACES,
    ("GET", "/remittances"): READ_LEDGER,
    ("POST", "/remittances/preview"): POST_LEDGER,
    ("POST", "/remittances/post"): POST_LEDGER,
    ("POST", "/remittances/collect"): POST_LEDGER,
    ("POST", "/remittances/exceptions/{exception_id}/resolve"): POST_LEDGER,
    ("GET", "/denials"): READ_LEDGER,
    ("POST", "/denials/appeals"): POST_LEDGER,
    ("GET", "/denials/appeals/{appeal_id}/letter.pdf"): READ_LEDGER,
    ("POST", "/denials/appeals/{appeal_id}/sent"): POST_LEDGER,
    ("GET", "/underpayments"): READ_LEDGER,
    ("POST", "/underpayments/find"): POST_LEDGER,
    ("POST", "/underpayments/{underpayment_id}/resolve"): POST_LEDGER,
    # manual posting (web/posting_pages.py, payment_pages.py): EOB entry, a remittance, deposits, adjustments
    ("GET", "/eobs/new"): POST_LEDGER,
    ("POST", "/eobs"): POST_LEDGER,
    ("GET", "/remittances/{remittance_id}"): READ_LEDGER,
    ("GET", "/deposits"): READ_LEDGER,
    ("POST", "/deposits"): POST_LEDGER,
    ("POST", "/patients/{patient_id}/write-offs"): POST_LEDGER,
    ("POST", "/patients/{patient_id}/transfers"): POST_LEDGER,
    ("POST", "/patients/{patient_id}/refunds"): MANAGERS,
    ("POST", "/patients/{patient_id}/credits/apply"): POST_LEDGER,
    ("POST", "/claims/rebill"): EDIT_ENCOUNTERS,
    ("POST", "/underpayments/resolve"): POST_LEDGER,
    # practice set-up pages (web/setup_pages.py, setup_payer_pages.py): managers and admins; users: admins
    ("GET", "/setup"): MANAGERS,
    ("POST", "/setup/practice"): MANAGERS,
    ("POST", "/setup/billing-providers"): MANAGERS,
    ("POST", "/setup/rendering-providers"): MANAGERS,
    ("POST", "/setup/referring-providers"): MANAGERS,
    ("POST", "/setup/facilities"): MANAGERS,
    ("POST", "/setup/payers"): MANAGERS,
    ("GET", "/setup/payers/{payer_code}"): MANAGERS,
    ("POST", "/setup/payers/{payer_code}"): MANAGERS,
    ("POST", "/setup/payers/{payer_code}/plans"): MANAGERS,
    ("POST", "/setup/payers/{payer_code}/rates"): MANAGERS,
    ("POST", "/setup/payers/{payer_code}/terms"): MANAGERS,
    ("GET", "/setup/fees"): MANAGERS,
    ("POST", "/setup/fees"): MANAGERS,
    ("POST", "/setup/fees/import"): MANAGERS,
    ("GET", "/setup/fees/export"): MANAGERS,
    ("GET", "/setup/users"): ADMIN_ONLY,
    ("POST", "/setup/users"): ADMIN_ONLY,
    ("POST", "/setup/users/{username}"): ADMIN_ONLY,
}


@pytest.fixture
def web(engine):
    from fastapi.testclient import TestClient
    from services_setup import NOW

    from revcycle.kernel import FixedClock
    from revcycle.web.app import create_web_app

    world = api_world(engine)
    client = TestClient(create_web_app(engine, FixedClock(NOW), secret_key="test-secret"), follow_redirects=False)
    cookies = {}
    for role in ROLES:
        answer = client.post("/api/auth/session", json={"username": USERNAMES[role], "password": PASSWORD})
        cookies[role] = answer.cookies["revcycle_session"]
        client.cookies.clear()
    return world, client, cookies


def web_call(web, method: str, path: str, role: str | None = None):
    from revcycle.web.session import csrf_for_session

    world, client, cookies = web
    headers = {"Cookie": f"revcycle_session={cookies[role]}"} if role else {}
    form = None
    if method == "POST":
        token = csrf_for_session("test-secret", cookies[role]) if role else ""
        form = {"action": "accept", "code": "E11.9", "csrf_token": token}
    answer = client.request(method, concrete(path, world), data=form, headers=headers)
    client.cookies.clear()
    return answer


def sent_to_login(response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/login")


def test_every_route_of_the_web_app_has_an_expected_access_entry(web):
    # given the web app's routes (the API's and the pages')
    served = served_routes(web[1].app)
    # then the two tables name exactly those routes
    expected = EXPECTED_ACCESS.keys() | WEB_EXPECTED_ACCESS.keys()
    assert served - expected == set()
    assert expected - served == set()


def test_each_role_gets_exactly_the_pages_the_table_grants(web):
    refused = {}
    for (method, path), expected in sorted(WEB_EXPECTED_ACCESS.items()):
        # when the page is opened without signing in
        anonymous = web_call(web, method, path)
        # then a protected page sends the visitor to sign in; a public one answers
        if expected == PUBLIC:
            assert anonymous.status_code not in (401, 403), (method, path)
            continue
        assert sent_to_login(anonymous), (method, path, anonymous.status_code)
        for role in ROLES:
            response = web_call(web, method, path, role)
            if role in expected:
                assert response.status_code not in (401, 403) and not sent_to_login(response), (role, method, path)
                assert response.status_code < 500, (role, method, path, response.text)
            else:
                assert response.status_code == 403, (role, method, path, response.status_code)
                refused[role] = refused.get(role, 0) + 1
    # and the wrong roles were refused where the house rules say (counts from the table above)
    assert refused == {"coder": 62, "biller": 20, "manager": 3, "auditor": 72}
