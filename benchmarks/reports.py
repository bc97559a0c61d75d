"""Reports, statements and the API on a seeded practice: how long AR aging, KPIs, a statement run
and a few API calls take, on SQLite and — when REVCYCLE_TEST_DATABASE_URL is set — PostgreSQL.

    .venv/bin/python benchmarks/reports.py [--patients 500]

Each patient gets an insured visit (paid, adjusted, coinsurance to the patient), a second insured
visit still open, and a self-pay lab: 6 journal entries a patient, services 21-170 days old.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _databases import scratch_databases
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

from revcycle.api import create_app
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef, postings
from revcycle.practice import Address, BillingProvider, Patient, Payer
from revcycle.services import reports, statements, users
from revcycle.store import UnitOfWork, make_engine, upgrade
from revcycle.store.testing import postgres_base_url

TODAY = date(2026, 6, 30)
CLOCK = FixedClock(datetime(2026, 6, 30, 12, tzinfo=UTC))
ADDRESS = Address("1 Bench St", "Springfield", "IL", "627011234")


def _entries(patient_id: int, payer_id: int, number: int):
    seen = TODAY - timedelta(days=21 + number % 150)  # paid 20 days later, never after TODAY
    visit = ChargeRef(patient_id, claim_id=number * 2, service_line_id=None)
    open_visit = ChargeRef(patient_id, claim_id=number * 2 + 1)
    lab = ChargeRef(patient_id, service_line_id=None)
    return [
        postings.charge(f"v{number}", seen, visit, 15000, payer_id),
        postings.insurance_payment(f"v{number}-paid", seen + timedelta(days=20), visit, payer_id, 8000),
        postings.contractual_adjustment(f"v{number}-co", seen + timedelta(days=20), visit, payer_id, 4000),
        postings.transfer_to_patient(f"v{number}-pr", seen + timedelta(days=20), visit, payer_id, 3000),
        postings.charge(f"o{number}", seen, open_visit, 12000, payer_id),
        postings.charge(f"l{number}", seen, lab, 2500),
    ]


def seed(engine, patients: int):
    users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    admin = users.add_user(UnitOfWork(engine, CLOCK), "bench", "admin", "benchmark password")
    with UnitOfWork(engine, CLOCK) as uow:
        uow.practice.add_billing_provider(BillingProvider("Bench Clinic", "1234567893", "12-3456789", "207Q00000X", ADDRESS))
        payer_ids = [uow.practice.add_payer(Payer(f"B{n}", f"Bench Payer {n}", "CI", 90)).id for n in range(3)]
        for number in range(patients):
            patient = uow.patients.add(Patient(f"Bench{number}", "Patient", date(1980, 1, 1), "F", ADDRESS))
            for entry in _entries(patient.id, payer_ids[number % 3], number):
                uow.journal.record(entry, CLOCK.now(), admin.id)
    return admin


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def measure(url: str, patients: int) -> list[tuple[str, str]]:
    engine = make_engine(url)
    upgrade(engine)
    admin = seed(engine, patients)
    uow = lambda: UnitOfWork(engine, CLOCK)  # noqa: E731
    aging, aging_s = timed(lambda: reports.ar_aging(uow(), admin, TODAY))
    _, kpis_s = timed(lambda: reports.kpis(uow(), admin, TODAY))
    with tempfile.TemporaryDirectory() as out:
        batch, run_s = timed(lambda: statements.run_statements(uow(), admin, Path(out)))
    client = TestClient(create_app(engine, CLOCK, secret_key="bench"))
    token = client.post("/api/auth/token", json={"username": "bench", "password": "benchmark password"}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    _, page_s = timed(lambda: [client.get("/api/patients?limit=50", headers=headers) for _ in range(10)])
    _, api_aging_s = timed(lambda: client.get(f"/api/reports/aging?as_of={TODAY}", headers=headers))
    engine.dispose()
    written = len(batch.written)
    return [("AR aging", f"{aging_s * 1000:.0f} ms ({len(aging.patients)} patients)"),
            ("KPIs", f"{kpis_s * 1000:.0f} ms"),
            ("statement run", f"{run_s:.1f} s ({written} PDFs, {run_s / max(written, 1) * 1000:.0f} ms each)"),
            ("GET /api/patients?limit=50", f"{page_s * 100:.0f} ms"),
            ("GET /api/reports/aging", f"{api_aging_s * 1000:.0f} ms")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=500)
    args = parser.parse_args()
    results = {name: measure(url, args.patients) for name, url in scratch_databases(postgres_base_url())}
    table = Table(title=f"reports, statements and API on {args.patients} patients ({args.patients * 6} entries)")
    table.add_column("operation")
    for name in results:
        table.add_column(name, justify="right")
    for index, (operation, _) in enumerate(results["SQLite"]):
        table.add_row(operation, *(rows[index][1] for rows in results.values()))
    Console().print(table)


if __name__ == "__main__":
    main()
