"""`revcycle eligibility ...` — ask the payer whether a patient is covered (270/271).

    revcycle eligibility check --patient ID [--dos DATE] --partner PARTNER.json --user U [--json]
    revcycle eligibility check --tomorrow | --date DATE  --partner PARTNER.json --user U [--json]

PARTNER.json is the trading partner (see `revcycle clearinghouse`); a `"kind": "simulator"` partner
answers in real time from its payer configuration. Each answer is stored with the encounter of
that date (the scrubber stops a claim whose coverage the payer said was inactive).
Exit codes: 0 every patient active, 1 some answer inactive or rejected, 2 usage error.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, timedelta
from typing import Annotated

import typer
from rich.console import Console

from revcycle.clearinghouse.partners import load_partner
from revcycle.cli.db import DatabaseOption, JsonOption, PartnerOption, UserOption, open_as
from revcycle.cli.errors import one_line_errors
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.payer.eligibility import Benefits
from revcycle.services.eligibility import EligibilityCheck, check_eligibility, check_encounters_on

app = typer.Typer(name="eligibility", help="Eligibility and benefits (270/271) before the visit.",
                  no_args_is_help=True)  # fmt: skip
console = Console(highlight=False, soft_wrap=True)


@app.command("check")
@one_line_errors
def check(
    partner: PartnerOption,
    user: UserOption,
    patient: Annotated[int | None, typer.Option("--patient", help="patient id")] = None,
    dos: Annotated[str | None, typer.Option("--dos", help="date of service (default: today)")] = None,
    tomorrow: Annotated[bool, typer.Option("--tomorrow", help="check every encounter tomorrow")] = False,
    on: Annotated[str | None, typer.Option("--date", help="check every encounter on this date")] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check one patient (--patient) or a day's encounters (--tomorrow / --date)."""
    if (patient is None) == (not tomorrow and on is None):
        raise RevcycleError(ErrorCode.VALIDATION, "give --patient ID, or --tomorrow / --date DATE for a day's encounters")
    uow, acting = open_as(database, user)
    clearinghouse = load_partner(partner)
    desk = clearinghouse.payer_desk()
    if patient is not None:
        day = parse_date(dos) if dos else uow.clock.today()
        checks, skipped = [check_eligibility(uow, acting, desk, clearinghouse.settings, patient, day)], []
    else:
        day = parse_date(on) if on else uow.clock.today() + timedelta(days=1)
        checks, skipped = check_encounters_on(uow, acting, desk, clearinghouse.settings, day)
    _show(checks, skipped, day, as_json)
    if any(c.benefits.active is not True for c in checks):
        raise typer.Exit(1)


def _show(checks: list[EligibilityCheck], skipped: list[tuple[int, str]], day: date, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"date": day.isoformat(), "checks": [_as_dict(c) for c in checks],
                          "skipped": [{"encounter_id": e, "reason": why} for e, why in skipped]}, default=str))  # fmt: skip
        return
    for found in checks:
        b = found.benefits
        parts = [b.plan_name, _left(b, "deductible", "deductible"), _left(b, "out_of_pocket", "out-of-pocket"),
                 ", ".join(f"copay {c.procedure_code or c.service_type} {Money(c.amount_cents)}" for c in b.copays),
                 _notes(b)]  # fmt: skip
        where = f" encounter {found.encounter_id}" if found.encounter_id else ""
        console.print(f"patient {found.patient_id}{where} on {b.date_of_service}: {_answer(b)} — "
                      + "; ".join(part for part in parts if part))  # fmt: skip
    for encounter_id, why in skipped:
        console.print(f"[yellow]encounter {encounter_id} not checked[/]: {why}")


def _as_dict(found: EligibilityCheck) -> dict:
    return {"check_id": found.check_id, "patient_id": found.patient_id, "encounter_id": found.encounter_id,
            "benefits": asdict(found.benefits)}  # fmt: skip


def _answer(benefits: Benefits) -> str:
    return {True: "active", False: "INACTIVE"}.get(benefits.active, "rejected")  # type: ignore[arg-type]


def _left(benefits: Benefits, kind: str, label: str) -> str:
    limit = benefits.limit(kind)
    if limit is None or limit.total_cents is None:
        return ""
    left = "" if limit.remaining_cents is None else f" ({Money(limit.remaining_cents)} left)"
    return f"{label} {Money(limit.total_cents)}{left}"


def _notes(benefits: Benefits) -> str:
    notes = [words for _code, words in benefits.rejections]
    if benefits.identity_changed:
        changed = f"payer has {benefits.member_id} {benefits.last_name}, {benefits.first_name}"
        notes.append(changed + (f" (was {benefits.prior_member_id})" if benefits.prior_member_id else ""))
    return "; ".join(notes)
