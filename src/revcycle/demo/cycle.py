"""`revcycle demo`: a practice's revenue cycle, end to end, on the embedded default (SQLite).

Stages: set up a synthetic practice → code each encounter from its note (auto-accept suggestions
above a confidence threshold; the rest stay in the coder's queue) → build claims → scrub → 837P
batch → payer simulator (999, 277CA, 835) → post the 835 → patient statements → AR aging and KPIs.
Every file lands in `--out`; `summary.json` holds the KPIs and the stage timings.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from revcycle.coding import suggest
from revcycle.demo.practice_gen import SyntheticPatient, make_patients, make_visits, payer_for
from revcycle.edi.claim_to_837 import Submitter
from revcycle.edi.clearinghouse import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock, Money
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)  # fmt: skip
from revcycle.practice.users import User
from revcycle.reports.aging import BUCKETS
from revcycle.services import claims, patients, practice, reports, statements, users
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.store import UnitOfWork, make_engine, upgrade

CLINIC = Address("100 Main St", "Springfield", "IL", "627011234")
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
FIRST_DAY = date(2026, 1, 5)
AS_OF = datetime(2026, 4, 15, 17, 0, tzinfo=UTC)
AUTO_ACCEPT = 0.5  # suggestions at or above this confidence are accepted without a coder
DEMO_PASSWORD = "demo-password-not-secret"


@dataclass
class CycleRun:
    out: Path
    timings: dict[str, float] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def stage(self, console: Console, name: str) -> Iterator[None]:
        started = time.perf_counter()
        with console.status(f"{name}…"):
            yield
        self.timings[name] = round(time.perf_counter() - started, 3)
        console.print(f"[green]✓[/green] {name} ({self.timings[name]:.2f} s)")


def _setup_practice(uow: Callable[[], UnitOfWork], people: list[SyntheticPatient]) -> tuple[User, list[int], dict]:
    admin = users.add_user(uow(), "admin", "admin", DEMO_PASSWORD)
    biller = users.add_user(uow(), "biller", "biller", DEMO_PASSWORD, actor=admin)
    users.add_user(uow(), "coder", "coder", DEMO_PASSWORD, actor=admin)
    users.add_user(uow(), "manager", "manager", DEMO_PASSWORD, actor=admin)
    billing = practice.add_billing_provider(uow(), admin, BillingProvider(
        "Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", CLINIC))
    doctors = [practice.add_rendering_provider(uow(), admin, RenderingProvider(*names, "207Q00000X"))
               for names in (("John", "Smith", "1987654328"), ("Ana", "Lopez", "1245319599"))]
    office = practice.add_facility(uow(), admin, Facility("Main office", CLINIC))
    payer = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 180))
    coverage_ids = []
    for person in people:
        patient = patients.register_patient(uow(), biller, Patient(
            person.first, person.last, person.birth_date, person.sex,
            Address(person.street, "Springfield", "IL", "627025678")))
        coverage_ids.append((patient.id, patients.add_coverage(uow(), biller, Coverage(
            patient.id, payer.id, person.member_id, CoverageOrder.PRIMARY, date(2025, 1, 1))).id))
    ids = {"billing": billing.id, "doctors": [d.id for d in doctors], "office": office.id, "coverages": coverage_ids}
    return biller, [admin.id], ids


def _code_note(note: str, dos: date, age: int, sex: str) -> tuple[str, ...]:
    """The codes a coder would accept without reading: top suggestions above the threshold."""
    found = suggest(note, dos, age=age, sex=sex)
    return tuple(item.code for item in found.diagnoses if item.confidence >= AUTO_ACCEPT)[:4]


def _record_visits(uow: Callable[[], UnitOfWork], biller: User, ids: dict, people: list[SyntheticPatient],
                   encounters: int, rng: random.Random) -> dict[str, int]:
    coded = queued = 0
    for visit in make_visits(rng, len(people), encounters, FIRST_DAY, 70):
        person = people[visit.patient_index]
        age = (visit.date_of_service - person.birth_date).days // 365
        codes = _code_note(visit.note, visit.date_of_service, age, person.sex)
        if not codes:
            queued += 1  # nothing confident enough: it waits for a coder
            continue
        patient_id, coverage_id = ids["coverages"][visit.patient_index]
        lines = tuple(ServiceLine(n, code, cents, diagnosis_pointers=(1,))
                      for n, (code, cents) in enumerate(visit.lines, start=1))
        patients.record_encounter(uow(), biller, Encounter(
            patient_id, visit.date_of_service, "11", ids["billing"], ids["doctors"][visit.rendering_index],
            codes, lines, facility_id=ids["office"], coverage_id=coverage_id, note_text=visit.note))
        coded += 1
    return {"encounters_coded": coded, "encounters_in_coder_queue": queued}


def _bill(run: CycleRun, uow: Callable[[], UnitOfWork], biller: User, payer_seed: int,
          people: list[SyntheticPatient]) -> None:
    built = claims.build_ready_claims(uow(), biller)
    scrub = claims.scrub_claims(uow(), biller)
    partner = SimulatorClearinghouse(EnvelopeSettings("acme", "CLINIC01", "87726", usage="T"),
                                     run.out / "clearinghouse", payer_for(people, payer_seed),
                                     received_on=AS_OF.date() - timedelta(days=20))  # fmt: skip
    number, _ = submit_batch(uow(), biller, partner, scrub.batch_id, SUBMITTER)
    report = collect(uow(), biller, partner)
    run.facts.update({
        "claims_built": len(built),
        "clean_claim_rate_percent": str(scrub.result.clean_claim_rate),
        "interchange": number,
        "batches": report.batches,
        "remittances": report.remittances,
    })


def _follow_up(run: CycleRun, uow: Callable[[], UnitOfWork], biller: User) -> tuple[Any, Any]:
    batch = statements.run_statements(uow(), biller, run.out / "statements")
    aging = reports.ar_aging(uow(), biller, AS_OF.date())
    kpis = reports.kpis(uow(), biller, AS_OF.date())
    run.facts["statements_written"] = len(batch.written)
    run.facts["kpis"] = {key: str(value) for key, value in kpis.to_dict().items()}
    return aging, kpis


def _print_results(console: Console, run: CycleRun, aging: Any) -> None:
    table = Table(title=f"AR aging (as of {AS_OF.date().isoformat()})")
    table.add_column("responsibility")
    for bucket in BUCKETS:
        table.add_column(bucket, justify="right")
    table.add_row("insurance", *(str(Money(c)) for c in aging.insurance_buckets))
    table.add_row("patient", *(str(Money(c)) for c in aging.patient_buckets))
    console.print(table)
    kpis = Table(title="KPIs")
    kpis.add_column("measure")
    kpis.add_column("value", justify="right")
    for key, value in run.facts["kpis"].items():
        if not isinstance(value, dict):
            kpis.add_row(key, value)
    console.print(kpis)
    console.print(f"files: {run.out} (X12 under clearinghouse/, statements/, summary.json); "
                  f"database: {run.out / 'revcycle-demo.db'}; log in as biller / {DEMO_PASSWORD}")


def run_cycle(out: Path, encounters: int = 60, seed: int = 7, console: Console | None = None) -> dict[str, Any]:
    """Run the whole cycle on a fresh SQLite database in `out`; return (and write) the summary."""
    console = console or Console()
    out.mkdir(parents=True, exist_ok=True)
    database = out / "revcycle-demo.db"
    database.unlink(missing_ok=True)
    run, rng = CycleRun(out), random.Random(seed)
    engine = make_engine(f"sqlite:///{database}")
    clock = FixedClock(AS_OF)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, clock)

    people = make_patients(rng, max(3, encounters // 3))
    with run.stage(console, "create the database and a synthetic practice"):
        upgrade(engine)
        biller, _, ids = _setup_practice(uow, people)
    with run.stage(console, f"code {encounters} encounters from their notes"):
        run.facts.update(_record_visits(uow, biller, ids, people, encounters, rng))
    with run.stage(console, "build, scrub and submit claims; payer answers 999, 277CA, 835; post"):
        _bill(run, uow, biller, seed, people)
    with run.stage(console, "statements, AR aging and KPIs"):
        aging, _ = _follow_up(run, uow, biller)
    _print_results(console, run, aging)
    summary = {"seed": seed, "encounters": encounters, "timings_s": run.timings, **run.facts}
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    return summary
