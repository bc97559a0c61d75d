"""`revcycle patients coverage ...` — a patient's insurance coverages.

    revcycle patients coverage add PATIENT --payer "Acme Health"|87726 --member-id W200 [--order primary]
                                   [--from 2026-01-01] [--to D] [--group G] [--relationship self|spouse|child|other
                                   --subscriber-first .. --subscriber-last .. --subscriber-dob ..] --user U
    revcycle patients coverage edit COVERAGE_ID [--member-id ..] [--group ..] [--from ..] [--to ..] [--order ..]
                                    [--payer ..] [--relationship .. --subscriber-first ..] --user U
    revcycle patients coverage end COVERAGE_ID --on 2026-06-30 --user U
    revcycle patients coverage reorder PATIENT COVERAGE_ID... [--on D] --user U    # first = primary

One primary, one secondary and one tertiary on any date: a change that would break it is refused with
the two periods that clash (exit 2).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patients import Coverage, CoverageOrder, Person, Relationship
from revcycle.services import front_desk, patients
from revcycle.services.database import UnitOfWork
from revcycle.services.front_desk import Choice

app = typer.Typer(
    name="coverage", help="A patient's coverages: add, edit, end, reorder.", no_args_is_help=True
)
console = Console(highlight=False, soft_wrap=True)
Text = Annotated[str | None, typer.Option()]
ORDERS = {order.name.lower(): order for order in CoverageOrder}


def on_or_today(uow: UnitOfWork, text: str | None) -> date:
    return parse_date(text) if text else uow.clock.today()


def choose(choices: list[Choice], wanted: str, what: str) -> Choice:
    """The choice named by id, name (any case) or its detail (a payer id, an NPI); NOT_FOUND naming them."""
    cleaned = wanted.strip().lower()
    for choice in choices:
        if cleaned in (
            str(choice.id),
            choice.name.lower(),
            choice.detail.lower(),
            choice.detail.lower().removeprefix("npi "),
        ):
            return choice
    known = "; ".join(f"{c.name} ({c.detail})" for c in choices) or "none on file"
    raise RevcycleError(ErrorCode.NOT_FOUND, f"no {what} {wanted!r}; on file: {known}")


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    subscriber = coverage.subscriber
    return {
        "id": coverage.id, "payer_id": coverage.payer_id, "member_id": coverage.member_id,
        "group_number": coverage.group_number, "order": coverage.order.name.lower(),
        "effective_from": coverage.effective_from.isoformat(),
        "effective_to": coverage.effective_to.isoformat() if coverage.effective_to else None,
        "relationship_to_subscriber": coverage.relationship_to_subscriber.value,
        "subscriber": f"{subscriber.last_name}, {subscriber.first_name}" if subscriber else "",
    }  # fmt: skip


def coverage_line(coverage: Coverage, payer_name: str) -> str:
    until = coverage.effective_to.isoformat() if coverage.effective_to else "open"
    who = "" if coverage.subscriber is None else (
        f", subscriber {coverage.subscriber.last_name}, {coverage.subscriber.first_name} "
        f"({coverage.relationship_to_subscriber.value})")  # fmt: skip
    linked = " (linked to the survivor's)" if coverage.merged_into_id else ""
    return (f"[{coverage.id}] {coverage.order.name.lower()}: {payer_name} member {coverage.member_id}"
            f"{' group ' + coverage.group_number if coverage.group_number else ''}, "
            f"{coverage.effective_from.isoformat()}..{until}{who}{linked}")  # fmt: skip


def _order(text: str) -> CoverageOrder:
    if text.lower() not in ORDERS:
        raise RevcycleError(ErrorCode.VALIDATION, f"order {text!r}: primary, secondary or tertiary")
    return ORDERS[text.lower()]


def _subscriber(relationship: str, first: str | None, last: str | None, dob: str | None) -> Person | None:
    if Relationship(relationship) is Relationship.SELF:
        return None
    return Person(first or "", last or "", parse_date(dob) if dob else None)


def _print(coverage: Coverage, payer_name: str, as_json: bool) -> None:
    print(json.dumps(coverage_json(coverage))) if as_json else console.print(
        coverage_line(coverage, payer_name)
    )


@app.command("add")
@one_line_errors
def add(patient: Annotated[str, typer.Argument(help="account number or patient id")], user: UserOption,
        payer: Annotated[str, typer.Option(help="payer name, payer id or our id")],
        member_id: Annotated[str, typer.Option()], order: str = "primary",
        effective_from: Annotated[str | None, typer.Option("--from")] = None,
        effective_to: Annotated[str | None, typer.Option("--to")] = None, group: str = "",
        relationship: str = "self", subscriber_first: Text = None, subscriber_last: Text = None,
        subscriber_dob: Text = None, database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Add a coverage to the patient."""
    uow, acting = open_as(database, user)
    who = front_desk.resolve_patient(uow, acting, patient)
    chosen = choose(front_desk.form_choices(uow, acting).payers, payer, "payer")
    coverage = Coverage(who.id or 0, chosen.id, member_id, _order(order), on_or_today(uow, effective_from),
                        parse_date(effective_to) if effective_to else None, relationship,
                        _subscriber(relationship, subscriber_first, subscriber_last, subscriber_dob), group)  # fmt: skip
    _print(patients.add_coverage(uow, acting, coverage), chosen.name, as_json)


@app.command("edit")
@one_line_errors
def edit(coverage_id: Annotated[int, typer.Argument(help="coverage id (as `patients show` prints it)")],
         user: UserOption, payer: Text = None, member_id: Text = None, order: Text = None,
         effective_from: Annotated[str | None, typer.Option("--from")] = None,
         effective_to: Annotated[str | None, typer.Option("--to")] = None, group: Text = None,
         relationship: Text = None, subscriber_first: Text = None, subscriber_last: Text = None,
         subscriber_dob: Text = None, database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Correct what is given; the rest stays."""
    uow, acting = open_as(database, user)
    current = patients.get_coverage(uow, acting, coverage_id)
    payers = front_desk.form_choices(uow, acting).payers
    chosen = choose(payers, payer, "payer") if payer else choose(payers, str(current.payer_id), "payer")
    subscriber = current.subscriber
    if relationship is not None:
        subscriber = _subscriber(relationship, subscriber_first, subscriber_last, subscriber_dob)
    changed = replace(
        current, payer_id=chosen.id, member_id=member_id or current.member_id,
        order=_order(order) if order else current.order,
        effective_from=parse_date(effective_from) if effective_from else current.effective_from,
        effective_to=parse_date(effective_to) if effective_to else current.effective_to,
        group_number=current.group_number if group is None else group,
        relationship_to_subscriber=relationship or current.relationship_to_subscriber, subscriber=subscriber,
    )  # fmt: skip
    _print(patients.change_coverage(uow, acting, coverage_id, changed), chosen.name, as_json)


@app.command("end")
@one_line_errors
def end(coverage_id: Annotated[int, typer.Argument(help="coverage id")], user: UserOption,
        on: Annotated[str, typer.Option("--on", help="its last day, YYYY-MM-DD")],
        database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """End the coverage on its last day (inclusive)."""
    uow, acting = open_as(database, user)
    ended = patients.end_coverage(uow, acting, coverage_id, parse_date(on))
    payer = choose(front_desk.form_choices(uow, acting).payers, str(ended.payer_id), "payer")
    _print(ended, payer.name, as_json)


@app.command("reorder")
@one_line_errors
def reorder(patient: Annotated[str, typer.Argument(help="account number or patient id")],
            coverage_ids: Annotated[list[int], typer.Argument(help="the coverages in force, primary first")],
            user: UserOption, on: Annotated[str | None, typer.Option("--on")] = None,
            database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Make the coverages in force on the date primary, secondary, tertiary in the order given."""
    uow, acting = open_as(database, user)
    who = front_desk.resolve_patient(uow, acting, patient)
    after = patients.reorder_coverages(uow, acting, who.id or 0, coverage_ids, on_or_today(uow, on))
    names = {c.id: c.name for c in front_desk.form_choices(uow, acting).payers}
    if as_json:
        print(json.dumps([coverage_json(c) for c in after]))
        return
    for coverage in after:
        console.print(coverage_line(coverage, names.get(coverage.payer_id, "")))
