"""Ledger throughput: postings per second through the services (one transaction, one audit row
each), and how long balance reads take, on SQLite and — when REVCYCLE_TEST_DATABASE_URL is set —
PostgreSQL (in a throw-away schema).

    .venv/bin/python benchmarks/ledger.py [--postings 500]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from _databases import scratch_databases
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from rich.console import Console
from rich.table import Table

from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Patient, Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.store import UnitOfWork, make_engine, upgrade
from revcycle.store.testing import postgres_base_url

PATIENTS = 50


def _seed(engine):
    users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    admin = users.add_user(UnitOfWork(engine), "bench", "admin", "benchmark password")
    payer = practice.add_payer(UnitOfWork(engine), admin, Payer("BENCH", "Benchmark Health", "CI", 90))
    address = Address("1 Bench St", "Springfield", "IL", "62701")
    for number in range(PATIENTS):
        synthetic = Patient(f"Bench{number}", "Patient", date(1980, 1, 1), "U", address)
        patients.register_patient(UnitOfWork(engine), admin, synthetic)
    return admin, payer.id


def _measure(url: str, postings: int) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    admin, payer_id = _seed(engine)
    started = time.perf_counter()
    for number in range(postings):
        ref = ChargeRef(1 + number % PATIENTS, claim_id=number // 4)
        ledger.post_charge(UnitOfWork(engine), admin, f"bench-{number}", ref, 10_000 + number, payer_id=payer_id)
    posting_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for number in range(postings // 10):
        ledger.post_charge(UnitOfWork(engine), admin, f"bench-{number}", ChargeRef(1 + number % PATIENTS, claim_id=number // 4), 10_000 + number, payer_id=payer_id)  # fmt: skip
    replay_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for patient_id in range(1, PATIENTS + 1):
        ledger.patient_balance(UnitOfWork(engine), admin, patient_id)
    balance_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ledger.trial_balance(UnitOfWork(engine), admin)
    trial_seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "postings/s": postings / posting_seconds,
        "replays/s": (postings // 10) / replay_seconds,
        "patient balance ms": balance_seconds / PATIENTS * 1000,
        "trial balance ms": trial_seconds * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=500)
    args = parser.parse_args()
    results = {name: _measure(url, args.postings) for name, url in scratch_databases(postgres_base_url())}
    table = Table(title=f"ledger: {args.postings} charges through services.ledger.post_charge (one transaction each)")
    table.add_column("database")
    for metric in next(iter(results.values())):
        table.add_column(metric, justify="right")
    for name, metrics in results.items():
        table.add_row(name, *(f"{value:,.1f}" for value in metrics.values()))
    Console().print(table)


if __name__ == "__main__":
    main()
