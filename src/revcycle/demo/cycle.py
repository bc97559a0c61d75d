"""`revcycle demo`: a practice's revenue cycle, end to end, on a fresh database (synthetic data).

Stages, each timed with a progress bar: the synthetic practice → eligibility (270/271) → suggested
codes → coder decisions (auto-accept above a threshold, the rest left in the queue) → claims →
scrub → weekly 837P batches → payer simulator → 999/277CA → 835 posting → secondary claims and
their 835 → claim status (276/277) for claims still open → denials with appeal letters →
underpayments → statements → a CMS-1500 sample → AR aging and KPIs. Every file lands in `out`; `summary.json`
holds the counts, the KPIs and the stage timings. SQLite in `out` by default; a PostgreSQL URL
gets a schema of its own (`revcycle_demo`, recreated).
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.demo import billing, follow_up, front_desk, hospital, outputs
from revcycle.demo.database import DemoDatabase, open_database
from revcycle.demo.partners import DemoClearinghouse, DemoClock, RecordingDesk, RoutingDesk
from revcycle.demo.practice_gen import (
    PRIMARY_ID,
    SECONDARY_ID,
    make_patients,
    make_visits,
    primary_payer,
    secondary_payer,
)
from revcycle.demo.setup import DEMO_PASSWORD, Practice, record_visits, register_patients, set_up_staff
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.realtime_desk import SimulatedPayerDesk
from revcycle.store import UnitOfWork

FIRST_DAY = date(2026, 1, 5)
DAYS = 90
AS_OF = datetime(2026, 4, 15, 17, 0, tzinfo=UTC)
ENCOUNTERS_PER_PATIENT = 4  # ~500 patients for 2,000 encounters
CODING_CHUNK = 200  # notes suggested, then decided, at a time (within services.coding_suggestions.KEPT)
REALTIME = EnvelopeSettings("realtime", "CLINIC01", PRIMARY_ID, usage="T")
OWN_FOLDERS = ("clearinghouse", "x12", "statements", "appeals", "cms1500", "ub04")
Uow = Callable[[], UnitOfWork]


@dataclass
class CycleRun:
    progress: Progress
    timings: dict[str, float] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[..., None]]:
        """Time a stage (entered again, its time adds up) and show its progress bar."""
        if name not in self.tasks:
            self.tasks[name] = self.progress.add_task(name, total=total)
        task = self.tasks[name]
        started = time.perf_counter()

        def tick(count: int = 1) -> None:
            self.progress.advance(task, count)

        yield tick
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - started, 3)
        described = f"{name} ({self.timings[name]:.1f} s)"
        if total is None:  # counted as it went: what it did is its total
            done = self.progress.tasks[task].completed or 1
            self.progress.update(task, total=done, completed=done, description=described)
        else:
            self.progress.update(task, description=described)


@dataclass
class Payers:
    primary: DemoClearinghouse
    secondary: DemoClearinghouse
    eligibility: RecordingDesk
    status: RecordingDesk


def _payers(out: Path, seed: int, people: list, clock: DemoClock) -> Payers:
    engines = {
        PRIMARY_ID: PayerEngine(primary_payer(people, seed)),
        SECONDARY_ID: PayerEngine(secondary_payer(people, seed)),
    }
    mailbox = out / "clearinghouse"
    primary = DemoClearinghouse(EnvelopeSettings("acme", "CLINIC01", PRIMARY_ID, usage="T"), mailbox / "acme",
                                engines[PRIMARY_ID])  # fmt: skip
    secondary = DemoClearinghouse(EnvelopeSettings("second", "CLINIC01", SECONDARY_ID, usage="T"), mailbox / "second",
                                  engines[SECONDARY_ID])  # fmt: skip
    desks = {
        payer_id: SimulatedPayerDesk(engine, REALTIME.reversed(), clock)
        for payer_id, engine in engines.items()
    }
    return Payers(primary, secondary, RecordingDesk(RoutingDesk(desks)), RecordingDesk(RoutingDesk(desks)))


def _practice(
    run: CycleRun, uow: Uow, engine_ready: Callable[[], None], people: list, visits: list
) -> Practice:
    with run.stage("practice", len(people) + len(visits)) as tick:
        engine_ready()
        clinic = set_up_staff(uow)
        for _ in register_patients(uow, clinic, people):
            tick()
        for _ in record_visits(uow, clinic, visits):
            tick()
    return clinic


def _front_desk(
    run: CycleRun, uow: Uow, clinic: Practice, payers: Payers, clock: DemoClock
) -> front_desk.FrontDesk:
    desk = front_desk.FrontDesk()
    with run.stage("eligibility 270/271", len(clinic.encounters)) as tick:
        front_desk.check_eligibility(uow, clinic, payers.eligibility, REALTIME, clock, desk, tick)
    ids = list(clinic.encounters)
    with ExitStack() as stack:
        with run.stage("suggest codes", len(ids)):
            readers = stack.enter_context(front_desk.note_readers())  # forked warm: counted as suggesting
        for start in range(0, len(ids), CODING_CHUNK):
            chunk = ids[start : start + CODING_CHUNK]
            clock.move_to(clinic.visit(chunk[-1]).date_of_service + timedelta(days=1), 10)
            with run.stage("suggest codes", len(ids)) as tick:
                found = front_desk.suggest_codes(uow, clinic, chunk, readers, desk, tick)
            with run.stage("coder decisions", len(ids)) as tick:
                front_desk.decide(uow, clinic, found, desk, tick)
    return desk


def _bill(run: CycleRun, uow: Uow, clinic: Practice, payers: Payers, coded: list[int],
          clock: DemoClock) -> billing.Billing:  # fmt: skip
    bill = billing.Billing()
    with run.stage("claims", len(coded)) as tick:
        by_day = billing.build_claims(uow, clinic, coded, clock, bill, tick)
    with run.stage("scrub", sum(len(ids) for ids in by_day.values())) as tick:
        batches = billing.scrub(uow, clinic, by_day, clock, bill, tick)
    with run.stage("837P batches", len(batches)) as tick:
        billing.submit(uow, clinic, payers.primary, batches, clock, bill.submitted, tick)
    with run.stage("payer simulator", len(bill.submitted)) as tick:
        billing.adjudicate(payers.primary, bill.submitted, tick)
    with run.stage("999/277CA", 1) as tick:
        billing.acknowledge(uow, clinic, payers.primary, bill)
        tick()
    due = sum(1 for answer in payers.primary.answered if answer.paid_on <= AS_OF.date())
    with run.stage("835 posting", due) as tick:
        billing.post_due(uow, clinic, payers.primary, AS_OF.date(), clock, bill, tick)
    _bill_secondary(run, uow, clinic, payers, clock, bill)
    return bill


def _bill_secondary(run: CycleRun, uow: Uow, clinic: Practice, payers: Payers, clock: DemoClock,
                    bill: billing.Billing) -> None:  # fmt: skip
    """Second Health's claims (built by posting the primary's 835s): scrub, send, adjudicate, post."""
    with run.stage("secondary claims") as tick:
        drafts = {
            day: ids for day, ids in billing.secondary_drafts(uow, clinic).items() if day <= AS_OF.date()
        }
        bill.secondary_claims = sum(len(ids) for ids in drafts.values())
        if drafts:
            batches = billing.scrub(uow, clinic, drafts, clock, billing.Billing(), tick)
            billing.submit(uow, clinic, payers.secondary, batches, clock, bill.secondary_submitted, _no_tick)
            billing.adjudicate(payers.secondary, bill.secondary_submitted, _no_tick)
            billing.acknowledge(uow, clinic, payers.secondary, bill)
            billing.post_due(uow, clinic, payers.secondary, AS_OF.date(), clock, bill, _no_tick)


def _no_tick(count: int = 1) -> None:
    return None


def _follow_up(
    run: CycleRun, uow: Uow, clinic: Practice, payers: Payers, out: Path, clock: DemoClock
) -> tuple:
    follow = follow_up.FollowUp()
    clock.instant = AS_OF
    with run.stage("claim status 276/277", 1) as tick:
        follow_up.ask_claim_status(uow, clinic, payers.status, REALTIME, follow)
        tick()
    with run.stage("denials and appeals") as tick:
        follow_up.work_denials(uow, clinic, out / "appeals", follow, tick)
    with run.stage("underpayments", 1) as tick:
        contract = payers.primary.engine.config.contract  # the practice's copy: the rates it signed
        follow_up.find_underpayments(uow, clinic, PRIMARY_ID, contract, follow)
        tick()
    with run.stage("statements", 1) as tick:
        follow_up.send_statements(uow, clinic, out / "statements", follow)
        tick()
    with run.stage("CMS-1500 sample", follow_up.CMS1500_SAMPLE) as tick:
        follow_up.print_forms(uow, clinic, out / "cms1500", follow, tick)
    with run.stage("AR aging and KPIs", 1) as tick:
        aging, kpis = follow_up.age_and_measure(uow, clinic)
        tick()
    return follow, aging, kpis


def _hospital(run: CycleRun, uow: Uow, clinic: Practice, partner: DemoClearinghouse, stays: hospital.Hospital,
              out: Path, clock: DemoClock) -> None:  # fmt: skip
    """Springfield General's stays and visits after the practice's numbers are measured (`demo.hospital`)."""
    with run.stage("hospital 837I", len(stays.cases)) as tick:
        by_day = hospital.build(uow, clinic, stays, clock, tick)
    with run.stage("hospital 835 posting") as tick:
        hospital.bill(uow, clinic, partner, by_day, AS_OF.date(), clock, stays, tick)
        hospital.print_ub04(uow, clinic, stays, out / "ub04")
    clock.instant = AS_OF


def _files(out: Path, payers: Payers, hospital_partner: DemoClearinghouse) -> list[str]:
    x12 = out / "x12"
    return (outputs.copy_batches(payers.primary, "batch", x12) + outputs.copy_batches(payers.secondary, "secondary", x12)
            + outputs.copy_batches(hospital_partner, "hospital", x12, "837I")
            + outputs.write_exchanges(payers.eligibility, "eligibility", ("270", "271"), x12)
            + outputs.write_exchanges(payers.status, "claim-status", ("276", "277"), x12))  # fmt: skip


def run_cycle(out: Path, encounters: int = 2000, seed: int = 7, console: Console | None = None,
              database_url: str | None = None, schema: str = "revcycle_demo") -> dict[str, Any]:  # fmt: skip
    """Run the whole cycle on a fresh database; return (and write) the summary. The summary's
    `database_url` (not written to summary.json) is what `revcycle serve` is given."""
    console = console or Console()
    out.mkdir(parents=True, exist_ok=True)
    for folder in OWN_FOLDERS:
        shutil.rmtree(out / folder, ignore_errors=True)
    started = time.perf_counter()
    database = open_database(out, database_url, schema)
    clock = DemoClock(datetime.combine(FIRST_DAY - timedelta(days=3), datetime.min.time(), tzinfo=UTC))

    def uow() -> UnitOfWork:
        return UnitOfWork(database.engine, clock)

    rng = random.Random(seed)
    people = make_patients(rng, max(8, encounters // ENCOUNTERS_PER_PATIENT))
    visits = make_visits(rng, people, encounters, FIRST_DAY, DAYS)
    payers = _payers(out, seed, people, clock)
    hospital_partner = hospital.hospital_partner(out, people, seed)
    stays = hospital.make_hospital(seed, people, encounters)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console) as progress:  # fmt: skip
        run = CycleRun(progress)
        clinic = _practice(run, uow, database.create, people, visits)
        desk = _front_desk(run, uow, clinic, payers, clock)
        bill = _bill(run, uow, clinic, payers, desk.auto_coded, clock)
        follow, aging, kpis = _follow_up(run, uow, clinic, payers, out, clock)
        _hospital(run, uow, clinic, hospital_partner, stays, out, clock)
    summary = {
        "seed": seed, "encounters": encounters, "patients": len(people), "as_of": AS_OF.date().isoformat(),
        "database": database.kind, "stages": list(run.timings), "timings_s": run.timings,
        "total_s": round(time.perf_counter() - started, 3),
        **desk.facts(), **bill.facts(), **follow.facts(), "kpis": kpis.to_dict(),
        "aging": {"insurance_cents": list(aging.insurance_buckets), "patient_cents": list(aging.patient_buckets)},
        "hospital": stays.facts(), "x12_files": _files(out, payers, hospital_partner),
    }  # fmt: skip
    _report(console, out, summary, aging, database)
    return {**summary, "database_url": database.url, "partner": web_partner(out, payers)}


def web_partner(out: Path, payers: Payers) -> Clearinghouse:
    """The clearinghouse the served app submits to and collects from: Acme's simulator with the demo's
    own plan (its members, fees, denials), answering at once in `clearinghouse/acme-web/` as of the
    practice's last day (each file is adjudicated afresh: no accumulators carried from the run)."""
    return SimulatorClearinghouse(
        payers.primary.settings,
        out / "clearinghouse" / "acme-web",
        payers.primary.engine.config,
        received_on=AS_OF.date(),
    )


def _report(console: Console, out: Path, summary: dict[str, Any], aging: Any, database: DemoDatabase) -> None:
    outputs.write_summary(out, summary)
    outputs.print_report(console, summary, aging, {
        "files": f"{out} (x12/, statements/, appeals/, cms1500/ — CMS-1500 for the first "
                 f"{follow_up.CMS1500_SAMPLE} claims only —, ub04/ — one UB-04 —, clearinghouse/, summary.json)",
        "database": database.shown, "log in": f"biller / {DEMO_PASSWORD} (also coder, manager, auditor, admin)",
    })  # fmt: skip
