"""AR aging and KPIs from a real database: two claims billed, one 835 posted (a payment and a denial);
read through the service, the API and the CLI."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from remit_setup import answer, bill, set_up_practice
from services_setup import NOW, PASSWORD
from typer.testing import CliRunner

from revcycle.api import create_app
from revcycle.cli.main import app as cli
from revcycle.kernel import FixedClock
from revcycle.services import reports
from revcycle.services.remittances import post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.web.app import create_web_app

AS_OF = date(2026, 3, 31)


def posted_practice(engine):
    practice = set_up_practice(engine)
    paid = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    denied = example_claim("C3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000)))
    bill(practice, [paid, denied])
    post_remittance(practice.uow(), practice.biller, answer(PayerEngine(example_payer()), [paid, denied]))
    return practice


def test_aging_and_kpis_from_the_stored_journal_and_remittances(engine, database_url):
    # given two claims (DOS 2026-03-02) billed and adjudicated
    practice = posted_practice(engine)
    # when the manager reads the reports as of March 31
    aging = reports.ar_aging(practice.uow(), practice.manager, AS_OF)
    kpis = reports.kpis(practice.uow(), practice.manager, AS_OF)
    # then insurance still owes the denied $120.00, the patient owes deductible and coinsurance, all 29 days old
    assert ([(r.party_id, r.name, r.buckets) for r in aging.payers], [(r.party_id, r.buckets) for r in aging.patients]) == (
        [(practice.primary_payer_id, "Synthetic Health", (12000, 0, 0, 0, 0))], [(practice.patient_id, (7550, 0, 0, 0, 0))])
    assert (aging.total_cents, aging.percent_over_90) == (19550, 0)
    # and the KPIs: charges 470.00 = paid 149.50 + contractual 125.00 + patient 75.50 + denied 120.00
    summary = kpis.to_dict()
    assert summary["period"] == {"start": "2026-01-01", "end": "2026-03-31", "days": 90, "charges_cents": 47000,
                                 "contractual_cents": 12500, "payments_cents": 14950}
    assert {key: summary[key] for key in (
        "claims_scrubbed", "clean_claim_rate", "claims_adjudicated", "first_pass_resolution_rate", "denial_rate",
        "denial_rate_by_category", "ar_cents", "days_in_ar", "net_collection_rate", "percent_ar_over_90")} == {
        "claims_scrubbed": 0, "clean_claim_rate": None, "claims_adjudicated": 2, "first_pass_resolution_rate": "50.0",
        "denial_rate": "50.0", "denial_rate_by_category": {"bundling": "50.0"}, "ar_cents": 19550,
        "days_in_ar": "37.4", "net_collection_rate": "43.3", "percent_ar_over_90": "0.0"}
    # and each read is audited as a report read
    with practice.uow() as uow:
        assert [(e.username, e.entity_type, e.entity_id) for e in uow.audit.events("report")] == [
            ("manager1", "report", "ar_aging"), ("manager1", "report", "kpis")]


def test_reports_through_the_api_and_the_cli(engine, database_url):
    # given the same practice
    posted_practice(engine)
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="k"))
    token = client.post("/api/auth/token", json={"username": "manager1", "password": PASSWORD}).json()["access_token"]
    # when the API and the CLI are asked
    aging = client.get("/api/reports/aging?as_of=2026-03-31", headers={"Authorization": f"Bearer {token}"})
    kpis = client.get("/api/reports/kpis?as_of=2026-03-31&period_days=30",
                      headers={"Authorization": f"Bearer {token}"})
    result = CliRunner().invoke(cli, ["reports", "aging", "--user", "manager1", "--as-of", "2026-03-31",
                                      "--database-url", database_url, "--json"])
    table = CliRunner().invoke(cli, ["reports", "kpis", "--user", "biller1", "--as-of", "2026-03-31",
                                     "--database-url", database_url])
    # then the same numbers
    assert (aging.json()["total"]["0-30"], aging.json()["payers"][0]["total_cents"]) == (19550, 12000)
    assert (kpis.json()["period"]["start"], kpis.json()["days_in_ar"]) == ("2026-03-02", "12.5")
    assert (result.exit_code, json.loads(result.output)["total_cents"]) == (0, 19550)
    assert table.exit_code == 0 and "denials: bundling" in table.output and "43.3%" in table.output


def test_kpis_before_any_claim_have_no_rates_in_the_cli_and_on_the_dashboard(engine, database_url):
    # given the two claims billed and adjudicated in March 2026
    practice = posted_practice(engine)
    # when the KPIs are asked as of 2025-12-01, before any claim existed
    kpis = reports.kpis(practice.uow(), practice.manager, date(2025, 12, 1))
    table = CliRunner().invoke(cli, ["reports", "kpis", "--user", "biller1", "--as-of", "2025-12-01",
                                     "--database-url", database_url])  # fmt: skip
    client = TestClient(create_web_app(engine, FixedClock(NOW), secret_key="k"), follow_redirects=False)
    login = client.get("/login").text
    token = login.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"username": "manager1", "password": PASSWORD, "csrf_token": token})
    page = client.get("/dashboard?as_of=2025-12-01").text
    # then no claim was scrubbed or adjudicated by then, and no rate is given (not the later figures)
    assert (kpis.claims_scrubbed, kpis.claims_adjudicated) == (0, 0)
    assert (kpis.clean_claim_rate, kpis.first_pass_resolution_rate, kpis.denial_rate) == (None, None, None)
    assert kpis.denial_rate_by_category == {}
    assert table.exit_code == 0, table.output
    assert "claims scrubbed through 2025-12-01: 0, adjudicated 0" in table.output
    assert "50.0%" not in table.output and table.output.count("no data") == 6
    # and the dashboard's label names the day its claim rates run to, with the same n/a figures
    assert "claims scrubbed and adjudicated through 2025-12-01" in page
    assert "<b>n/a</b><small>0 adjudicated</small>" in page
    assert "<b>n/a</b><small>0 scrubbed</small>" in page
