"""`revcycle patients ...` — the front desk: register, edit, find, merge, show; coverages; check-in; eligibility.

    revcycle patients add --first Zoe --last Nunez --dob 1990-04-02 --sex F --line1 "9 Oak Ave" --city Springfield
                          --state IL --zip 62704 [--line2 ..] [--phone ..] [--email ..]
                          [--guarantor spouse|parent|child|other --guarantor-first .. --guarantor-last ..
                           --guarantor-dob ..] --user U [--json]
    revcycle patients edit PATIENT [any of the add options: only those given change] --user U [--json]
    revcycle patients find [TEXT] [--name "Last, First"] [--dob D] [--account N] [--member-id M]
                           [--sort name|dob|account|newest] [--page 1] [--limit 50] [--include-merged] --user U
    revcycle patients show PATIENT --user U [--json]
    revcycle patients merge SURVIVOR --duplicate PATIENT --user U [--json]
    revcycle patients coverage add|edit|end|reorder ...        (see `revcycle patients coverage --help`)
    revcycle patients check-in PATIENT --provider NPI [--facility NAME] [--pos 11] [--dos D] [--coverage ID]
                               [--copay 25.00 --method cash|check|card --reference R] [--key K] --user U [--json]
    revcycle patients eligibility PATIENT [--coverage ID] [--dos D] --partner PARTNER.json --user U [--json]

PATIENT is an account number (8 digits, as printed) or a patient id. A check-in is made once per
`--key` (default: the patient, date of service and provider), so running the command again changes
nothing. Every read and change is audited with the user. Exit codes: 0 done, 2 refused (one line on stderr).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console

from revcycle.cli.db import (
    DatabaseOption,
    JsonOption,
    PartnerOption,
    UserOption,
    dollars,
    dollars_to_cents,
    one_line_errors,
    open_as,
)
from revcycle.cli.patient_coverages import app as coverage_app
from revcycle.cli.patient_coverages import choose, coverage_json, coverage_line, on_or_today
from revcycle.kernel.clock import parse_date
from revcycle.practice.organization import Address
from revcycle.practice.patient_search import PatientQuery, parse_birth_date
from revcycle.practice.patients import Guarantor, Patient, Person
from revcycle.services import front_desk, patients
from revcycle.services.front_desk import CheckInRequest
from revcycle.services.listings import page_of

app = typer.Typer(name="patients", help="The front desk: patients, coverages, check-in, eligibility.",
                  no_args_is_help=True)  # fmt: skip
app.add_typer(coverage_app, name="coverage")
console = Console(highlight=False, soft_wrap=True)

PatientArgument = Annotated[str, typer.Argument(help="account number (8 digits) or patient id")]
Text = Annotated[str | None, typer.Option()]


def patient_json(patient: Patient) -> dict[str, Any]:
    person = patient.guarantor.person
    return {
        "id": patient.id, "account_number": patient.account_number, "first_name": patient.first_name,
        "last_name": patient.last_name, "birth_date": patient.birth_date.isoformat(), "sex": patient.sex.value,
        "phone": patient.phone, "email": patient.email,
        "address": {"line1": patient.address.line1, "line2": patient.address.line2, "city": patient.address.city,
                    "state": patient.address.state, "zip_code": patient.address.zip_code},
        "guarantor": {"relationship": patient.guarantor.relationship.value,
                      "name": f"{person.last_name}, {person.first_name}" if person else ""},
        "merged_into_id": patient.merged_into_id,
    }  # fmt: skip


def _line(patient: Patient) -> str:
    merged = " (merged)" if patient.is_merged else ""
    return f"{patient.account_number}  {patient.display_name}  born {patient.birth_date.isoformat()}  {patient.sex.value}{merged}"


def _built(base: Patient | None, values: dict[str, Any]) -> Patient:
    """A patient from `base` (None: all required) with every option given applied."""

    def given(name: str, current: Any) -> Any:
        return values[name] if values.get(name) is not None else current

    if base is None:
        missing = [
            name
            for name in ("first", "last", "dob", "sex", "line1", "city", "state", "zip")
            if not values.get(name)
        ]
        if missing:
            raise typer.BadParameter("missing " + ", ".join(f"--{name}" for name in missing))
    address = Address(given("line1", base and base.address.line1), given("city", base and base.address.city),
                      given("state", base and base.address.state), given("zip", base and base.address.zip_code),
                      given("line2", base.address.line2 if base else ""))  # fmt: skip
    dob = parse_birth_date(values["dob"]) if values.get("dob") else base.birth_date  # type: ignore[union-attr]
    return Patient(
        given("first", base and base.first_name), given("last", base and base.last_name), dob,
        given("sex", base and base.sex), address, _guarantor(base, values),
        phone=given("phone", base.phone if base else ""), email=given("email", base.email if base else ""),
    )  # fmt: skip


def _guarantor(base: Patient | None, values: dict[str, Any]) -> Guarantor:
    relationship = values.get("guarantor")
    if relationship is None:
        return base.guarantor if base else Guarantor()
    if relationship == "self":
        return Guarantor()
    dob = parse_date(values["guarantor_dob"]) if values.get("guarantor_dob") else None
    person = Person(values.get("guarantor_first") or "", values.get("guarantor_last") or "", dob)
    return Guarantor(relationship, person)


def _show_patient(patient: Patient, as_json: bool) -> None:
    print(json.dumps(patient_json(patient))) if as_json else console.print(_line(patient))


@app.command("add")
@one_line_errors
def add(user: UserOption, first: Text = None, last: Text = None, dob: Text = None, sex: Text = None,
        line1: Text = None, line2: Text = None, city: Text = None, state: Text = None,
        zip_code: Annotated[str | None, typer.Option("--zip")] = None, phone: Text = None, email: Text = None,
        guarantor: Annotated[str | None, typer.Option(help="self|spouse|parent|child|other")] = None,
        guarantor_first: Text = None, guarantor_last: Text = None, guarantor_dob: Text = None,
        database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Register a patient; prints the account number."""
    values = {k: v for k, v in locals().items() if k not in ("user", "database", "as_json")} | {
        "zip": zip_code
    }
    uow, acting = open_as(database, user)
    _show_patient(patients.register_patient(uow, acting, _built(None, values)), as_json)


@app.command("edit")
@one_line_errors
def edit(patient: PatientArgument, user: UserOption, first: Text = None, last: Text = None, dob: Text = None,
         sex: Text = None, line1: Text = None, line2: Text = None, city: Text = None, state: Text = None,
         zip_code: Annotated[str | None, typer.Option("--zip")] = None, phone: Text = None, email: Text = None,
         guarantor: Annotated[str | None, typer.Option(help="self|spouse|parent|child|other")] = None,
         guarantor_first: Text = None, guarantor_last: Text = None, guarantor_dob: Text = None,
         database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Change what is given (the rest stays); the audit names the fields changed."""
    values = {k: v for k, v in locals().items() if k not in ("user", "database", "as_json", "patient")}
    values["zip"] = zip_code
    uow, acting = open_as(database, user)
    current = front_desk.resolve_patient(uow, acting, patient)
    _show_patient(patients.edit_patient(uow, acting, current.id or 0, _built(current, values)), as_json)


@app.command("find")
@one_line_errors
def find(user: UserOption, text: Annotated[str, typer.Argument(help="name, DOB, account or member id")] = "",
         name: str = "", dob: str = "", account: str = "", member_id: str = "", sort: str = "name",
         page: Annotated[int, typer.Option(min=1)] = 1, limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
         include_merged: bool = False, database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Search patients (accents and case do not matter); one page, in the order asked."""
    if text.strip():
        query = PatientQuery.from_text(text, sort)
    else:
        query = PatientQuery.build(name, dob, account, member_id, sort, include_merged)
    uow, acting = open_as(database, user)
    found, total = front_desk.find_patients(uow, acting, query, page_of(limit, (page - 1) * limit))
    if as_json:
        print(json.dumps({"total": total, "page": page, "items": [patient_json(p) for p in found]}))
        return
    for patient in found:
        console.print(_line(patient))
    console.print(f"{total} found; page {page} of {max(1, -(-total // limit))}")


@app.command("show")
@one_line_errors
def show(patient: PatientArgument, user: UserOption, database: DatabaseOption = None,
         as_json: JsonOption = False) -> None:  # fmt: skip
    """The patient, coverages (primary first), account balance and recent check-ins."""
    uow, acting = open_as(database, user)
    seen = front_desk.patient_overview(uow, acting, front_desk.resolve_patient(uow, acting, patient).id or 0)
    if as_json:
        print(json.dumps({**patient_json(seen.patient), "coverages": [
            {**coverage_json(c), "payer": seen.payer_names[c.payer_id]} for c in seen.coverages],
            "balance_cents": seen.balance.total_cents, "patient_owes_cents": seen.balance.patient_cents,
            "check_ins": [{"encounter_id": c.encounter_id, "date_of_service": c.date_of_service.isoformat(),
                           "copay_cents": c.copay_cents} for c in seen.check_ins]}))  # fmt: skip
        return
    console.print(_line(seen.patient))
    if seen.survivor:
        console.print(f"merged into {seen.survivor.account_number} {seen.survivor.display_name}")
    for coverage in seen.coverages:
        console.print("  " + coverage_line(coverage, seen.payer_names[coverage.payer_id]))
    console.print(
        f"balance {dollars(seen.balance.total_cents)} (patient owes {dollars(seen.balance.patient_cents)})"
    )
    for visit in seen.check_ins:
        console.print(f"  checked in {visit.date_of_service.isoformat()}  copay {dollars(visit.copay_cents)}")


@app.command("merge")
@one_line_errors
def merge(survivor: PatientArgument, user: UserOption,
          duplicate: Annotated[str, typer.Option(help="the duplicate record (account number or id)")],
          database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Merge the duplicate into the survivor: whole or not at all; the duplicate is kept, marked merged."""
    uow, acting = open_as(database, user)
    kept = front_desk.resolve_patient(uow, acting, survivor)
    gone = front_desk.resolve_patient(uow, acting, duplicate)
    result = front_desk.merge_patients(uow, acting, kept.id or 0, gone.id or 0)
    counts = {"coverages_moved": result.coverages_moved, "coverages_linked": result.coverages_linked,
              "encounters_moved": result.encounters_moved}  # fmt: skip
    if as_json:
        print(json.dumps({"survivor": result.survivor.account_number, "duplicate": result.duplicate.account_number,
                          **counts}))  # fmt: skip
        return
    console.print(f"{result.duplicate.account_number} merged into {result.survivor.account_number} "
                  f"{result.survivor.display_name}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))  # fmt: skip


@app.command("check-in")
@one_line_errors
def check_in(patient: PatientArgument, user: UserOption,
             provider: Annotated[str, typer.Option(help="rendering provider: NPI, name or id")],
             facility: Annotated[str | None, typer.Option(help="facility: name or id")] = None,
             pos: Annotated[str | None, typer.Option(help="place of service (default: the facility's, else 11)")] = None,
             dos: Annotated[str | None, typer.Option(help="date of service (default: today)")] = None,
             coverage: Annotated[int | None, typer.Option(help="coverage id (default: primary in force)")] = None,
             copay: Annotated[str | None, typer.Option(help="copay collected, dollars")] = None,
             method: str = "cash", reference: str = "", key: str | None = None,
             database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Check a visit in (an encounter without charges yet) and post the copay collected."""
    uow, acting = open_as(database, user)
    who = front_desk.resolve_patient(uow, acting, patient)
    choices = front_desk.form_choices(uow, acting)
    doctor = choose(choices.rendering_providers, provider, "rendering provider")
    place = choose(choices.facilities, facility, "facility") if facility else None
    day = on_or_today(uow, dos)
    request = CheckInRequest(
        key or f"cli:{who.id}:{day.isoformat()}:{doctor.id}", who.id or 0, day, doctor.id,
        pos or (place.detail if place else "11"), place.id if place else None, coverage, None,
        dollars_to_cents(copay) if copay else 0, method, reference,
    )  # fmt: skip
    visit = front_desk.check_in(uow, acting, request)
    answer = {"encounter_id": visit.encounter.id, "date_of_service": day.isoformat(), "provider": doctor.name,
              "copay_cents": visit.record.copay_cents, "replayed": visit.replayed}  # fmt: skip
    if as_json:
        print(json.dumps(answer))
        return
    again = " (already checked in: nothing changed)" if visit.replayed else ""
    console.print(f"{who.display_name} checked in {day.isoformat()} with {doctor.name}, visit E{visit.encounter.id}, "
                  f"copay {dollars(visit.record.copay_cents)}{again}")  # fmt: skip


@app.command("eligibility")
@one_line_errors
def eligibility(patient: PatientArgument, user: UserOption, partner: PartnerOption,
                coverage: Annotated[int | None, typer.Option(help="coverage id (default: primary in force)")] = None,
                dos: Annotated[str | None, typer.Option(help="date (default: today)")] = None,
                database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Ask the payer (270/271) and print the benefits in plain words. Exit 1 unless active."""
    from revcycle.clearinghouse.partners import load_partner

    uow, acting = open_as(database, user)
    who = front_desk.resolve_patient(uow, acting, patient)
    clearinghouse = load_partner(partner)
    found = front_desk.check_coverage(uow, acting, clearinghouse.payer_desk(), clearinghouse.settings, who.id or 0,
                                      on_or_today(uow, dos), coverage)  # fmt: skip
    if as_json:
        print(json.dumps({"payer": found.payer_name, "coverage_id": found.coverage_id,
                          "active": found.check.benefits.active, "office_copay_cents": found.office_copay_cents,
                          "words": [{"label": label, "words": words} for label, words in found.words]}))  # fmt: skip
    else:
        console.print(f"{who.display_name} — {found.payer_name}")
        for label, words in found.words:
            console.print(f"  {label}: {words}")
    if found.check.benefits.active is not True:
        raise typer.Exit(1)
