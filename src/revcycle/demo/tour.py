"""The demo as it stands: a tour of what revcycle does today, on the embedded default (SQLite).

Stages: the coder's code-set search and validation by date of service, an E/M level with its
reasons, then the $150 office-visit story posted through the services to a fresh SQLite
database (charge → payer pays and adjusts → coinsurance to the patient → patient pays).
All data is synthetic. Issue 9 grows this into the whole cycle.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from revcycle.codesets import icd10cm
from revcycle.codesets.search import search
from revcycle.coding.em import DataReviewed, EmInput, level_visit
from revcycle.kernel import FixedClock, Money
from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Patient, Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.store import UnitOfWork, make_engine, upgrade

SEARCHES = (
    ("type 2 diabetes with neuropathy", date(2026, 3, 2)),
    ("aspiration pneumonia", date(2026, 3, 2)),
    ("fx distal radius", date(2026, 3, 2)),
    ("pnuemonia", date(2026, 3, 2)),
    ("htn with ckd", date(2026, 3, 2)),
)
VALIDATIONS = (
    (("S52.521A",), date(2026, 3, 2), None, None),
    (("S52.521",), date(2026, 3, 2), None, None),
    (("J02",), date(2026, 3, 2), None, None),
    (("E11.A",), date(2025, 6, 1), None, None),
    (("E11.A",), date(2025, 10, 1), None, None),
    (("O80",), date(2026, 3, 2), 70, "F"),
)
DEMO_PASSWORD = "demo-password-not-secret"


def show_searches(console: Console) -> list[dict[str, str]]:
    table = Table(title="Search: term → codes (by date of service)")
    for column in ("query", "DOS", "top code", "title", "matched path"):
        table.add_column(column)
    rows = []
    for text, dos in SEARCHES:
        hits = search(text, dos, limit=1)
        top = hits[0] if hits else None
        row = {"query": text, "dos": dos.isoformat(), "code": top.code if top else "",
               "title": top.title if top else "(nothing)", "path": top.path if top else ""}
        rows.append(row)
        table.add_row(text, row["dos"], row["code"], row["title"], row["path"])
    console.print(table)
    return rows


def show_validations(console: Console) -> list[dict[str, object]]:
    table = Table(title="Validate: codes against the release in force on the DOS")
    for column in ("codes", "DOS", "age/sex", "release", "result"):
        table.add_column(column)
    rows: list[dict[str, object]] = []
    for codes, dos, age, sex in VALIDATIONS:
        findings = icd10cm.validate(list(codes), dos, age=age, sex=sex)
        verdict = "valid" if not findings else "; ".join(f"{f.code}: {f.message}" for f in findings)
        rows.append({"codes": list(codes), "dos": dos.isoformat(), "findings": [f.to_dict() for f in findings]})
        table.add_row(" ".join(codes), dos.isoformat(), f"{age or ''} {sex or ''}".strip(),
                      icd10cm.release_for(dos).name, verdict)
    console.print(table)
    return rows


def show_em(console: Console) -> dict[str, object]:
    visit = EmInput(
        patient="established",
        problems=["chronic_exacerbation"],
        data=DataReviewed(tests_reviewed=2, tests_ordered=1),
        risks=["prescription_drug_management"],
        total_minutes=25,
    )
    result = level_visit(visit)
    console.print(f"[bold]E/M:[/bold] established patient, 25 minutes, one worsening chronic illness, "
                  f"3 data points, prescription drug management → [bold]{result.code}[/bold] by {result.basis}")
    return {"code": result.code, "basis": result.basis}


def post_ledger_story(console: Console, out_dir: Path) -> dict[str, int]:
    database = out_dir / "revcycle-demo.db"
    database.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    clock = FixedClock(datetime(2026, 4, 2, 9, 0, tzinfo=UTC))

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, clock)

    admin = users.add_user(uow(), "admin", "admin", DEMO_PASSWORD)
    biller = users.add_user(uow(), "biller", "biller", DEMO_PASSWORD, actor=admin)
    payer = practice.add_payer(uow(), admin, Payer("87726", "Synthetic Health", "CI", 90))
    person = Patient("Demo", "Patient", date(1980, 1, 1), "F", Address("100 Elm St", "Springfield", "IL", "62701"))
    patient_id = patients.register_patient(uow(), biller, person).id
    ref = ChargeRef(patient_id, claim_id=1, service_line_id=1)
    ledger.post_charge(uow(), biller, "demo-charge", ref, 15000, payer_id=payer.id, on=date(2026, 3, 4))
    ledger.post_insurance_payment(uow(), biller, "demo-era-paid", ref, payer.id, 8000)
    ledger.post_contractual_adjustment(uow(), biller, "demo-era-co45", ref, payer.id, 4000)
    ledger.transfer_to_patient(uow(), biller, "demo-era-pr2", ref, payer.id, 3000)
    ledger.post_patient_payment(uow(), biller, "demo-receipt", ref, 3000)
    trial = ledger.trial_balance(uow(), biller)
    table = Table(title=f"Ledger: trial balance after the $150 visit story ({database})")
    table.add_column("account")
    table.add_column("balance", justify="right")
    for account, cents in trial.items():
        table.add_row(account, str(Money(cents)))
    console.print(table)
    return trial


def run_tour(out_dir: Path, console: Console | None = None) -> dict[str, object]:
    console = console or Console()
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {}
    with console.status("searching and validating codes…"):
        summary["searches"] = show_searches(console)
        summary["validations"] = show_validations(console)
    summary["em"] = show_em(console)
    with console.status("posting the ledger story to SQLite…"):
        summary["trial_balance"] = post_ledger_story(console, out_dir)
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    console.print(f"[green]done[/green] — files in {out_dir}")
    return summary
