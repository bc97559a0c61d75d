"""`revcycle charges ...` — charge entry for an encounter (the superbill), through `services.charges` (audited).

    revcycle charges list ENCOUNTER --user U [--json]
    revcycle charges diagnoses ENCOUNTER E11.9 I10 --user U          # in this order, checked on the DOS
    revcycle charges add ENCOUNTER 96372 [--modifier 59] [--units 1] [--pointers 1,2]
                         [--fee 35.00 --reason "sliding scale"] [--ndc 0409-3795-01 --ndc-unit ML --ndc-quantity 2]
                         [--fees FEES.csv] [--check] --user U [--json]
    revcycle charges remove ENCOUNTER LINE --user U

`add` prices the line by the practice's Standard fee schedule (or `--fees`); a different `--fee` needs
`--reason`. `--check` shows what is wrong with the line and the scrubber's findings on the claim with it, and
stores nothing. Exit codes: 0 done, 1 `--check` found the line not addable, 2 usage error (a RevcycleError).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from revcycle.claims import FeeSchedule
from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, open_as
from revcycle.cli.errors import one_line_errors
from revcycle.kernel.money import Money
from revcycle.practice.charges import DrugIdentification, parse_pointers
from revcycle.practice.encounters import ServiceLine
from revcycle.services import charges as charge_services

app = typer.Typer(name="charges", help="Charge entry: an encounter's diagnoses and charge lines (the superbill).",
                  no_args_is_help=True)  # fmt: skip
console = Console(highlight=False)
EncounterArgument = Annotated[int, typer.Argument(help="the encounter (visit)")]


def _line_dict(line: ServiceLine) -> dict[str, Any]:
    drug = line.drug
    return {"line_number": line.line_number, "procedure_code": line.procedure_code, "modifiers": list(line.modifiers),
            "units": line.units, "pointers": list(line.diagnosis_pointers), "charge": str(Money(line.charge_cents).to_decimal()),
            "fee_override_reason": line.fee_override_reason,
            "ndc": None if drug is None else {"ndc": drug.ndc, "unit": drug.unit, "quantity": str(drug.quantity)}}  # fmt: skip


@app.command("list")
@one_line_errors
def list_command(encounter_id: EncounterArgument, user: UserOption, database: DatabaseOption = None,
                 as_json: JsonOption = False) -> None:  # fmt: skip
    """The encounter's diagnoses (titled on the date of service) and charge lines."""
    bill = charge_services.superbill(*open_as(database, user), encounter_id)
    if as_json:
        typer.echo(json.dumps({"encounter_id": encounter_id, "date_of_service": bill.encounter.date_of_service.isoformat(),
                               "diagnoses": [{"pointer": d.pointer, "code": d.code, "title": d.title} for d in bill.diagnoses],
                               "lines": [_line_dict(line) for line in bill.encounter.lines], "closed": bill.closed}, indent=2))  # fmt: skip
        return
    console.print(f"Encounter {encounter_id}, DOS {bill.encounter.date_of_service.isoformat()}")
    for diagnosis in bill.diagnoses:
        console.print(f"  {diagnosis.pointer:>2}  {diagnosis.code:<8} {diagnosis.title}")
    table = Table()
    for column in ("line", "code", "modifiers", "units", "pointers", "charge", "NDC", "fee note"):
        table.add_column(column)
    for line in bill.encounter.lines:
        drug = line.drug.n4 if line.drug else ""
        table.add_row(str(line.line_number), line.procedure_code, " ".join(line.modifiers), str(line.units),
                      ",".join(map(str, line.diagnosis_pointers)), str(Money(line.charge_cents)), drug,
                      line.fee_override_reason)  # fmt: skip
    console.print(table)
    if bill.closed:
        console.print(f"charges closed: {bill.closed}")


@app.command("diagnoses")
@one_line_errors
def diagnoses_command(encounter_id: EncounterArgument, codes: Annotated[list[str], typer.Argument(help="ICD-10-CM, in order")],
                      user: UserOption, database: DatabaseOption = None) -> None:  # fmt: skip
    """Set the encounter's diagnoses, in this order (up to 12); lines keep pointing at the same codes."""
    changed = charge_services.set_diagnoses(*open_as(database, user), encounter_id, codes)
    console.print(f"encounter {encounter_id} diagnoses: {', '.join(changed.diagnosis_codes)}")


@app.command("add")
@one_line_errors
def add_command(
    encounter_id: EncounterArgument,
    code: Annotated[str, typer.Argument(help="CPT or HCPCS code")],
    user: UserOption,
    modifier: Annotated[
        list[str] | None, typer.Option("--modifier", help="up to 4, repeat the option")
    ] = None,
    units: Annotated[int, typer.Option("--units", min=1, max=9999)] = 1,
    pointers: Annotated[
        str, typer.Option("--pointers", help="diagnosis pointers, e.g. 1,2 (1-4 of them)")
    ] = "1",
    fee: Annotated[
        str | None, typer.Option("--fee", help="unit fee in dollars (default: the fee schedule's)")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="why the fee differs from the schedule's")] = "",
    ndc: Annotated[str | None, typer.Option("--ndc", help="the drug's NDC (11 digits or hyphenated)")] = None,
    ndc_unit: Annotated[str, typer.Option("--ndc-unit", help="F2, GR, ME, ML or UN")] = "UN",
    ndc_quantity: Annotated[str, typer.Option("--ndc-quantity", help="the drug's quantity")] = "1",
    fees: Annotated[
        Path | None, typer.Option("--fees", help="fee schedule CSV instead of the stored one")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="show problems and scrubber findings; store nothing")
    ] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a charge line (priced by the fee schedule; an override needs --reason)."""
    drug = DrugIdentification.parse(ndc, ndc_unit, ndc_quantity) if ndc else None
    fee_cents = Money.from_decimal(fee).cents if fee is not None else None
    entry = charge_services.ChargeEntry(
        code, tuple(modifier or ()), units, parse_pointers(pointers), fee_cents, reason, drug
    )
    schedule = FeeSchedule.from_csv(fees) if fees else None
    if check:
        _show_preview(
            charge_services.preview_charge(*open_as(database, user), encounter_id, entry, schedule), as_json
        )
        return
    line = charge_services.add_charge(*open_as(database, user), encounter_id, entry, schedule)
    if as_json:
        typer.echo(json.dumps(_line_dict(line), indent=2))
        return
    console.print(
        f"line {line.line_number} {line.procedure_code} x{line.units} {Money(line.charge_cents)} added"
    )


def _show_preview(preview: charge_services.ChargePreview, as_json: bool) -> None:
    fee = preview.fee
    if as_json:
        typer.echo(json.dumps({"addable": preview.addable, "problems": list(preview.problems),
                               "fee": None if fee is None else {"unit": str(Money(fee.unit_cents).to_decimal()), "source": fee.source},
                               "findings": [finding.to_dict() for finding in preview.findings]}, indent=2))  # fmt: skip
    else:
        for problem in preview.problems:
            console.print(f"[red]problem[/red] {problem}")
        if fee is not None:
            console.print(f"fee {Money(fee.unit_cents)} a unit ({fee.source})")
        for finding in preview.findings:
            console.print(f"{finding.severity.value} {finding.code} {finding.location}: {finding.message}")
    if not preview.addable:
        raise typer.Exit(1)


@app.command("remove")
@one_line_errors
def remove_command(encounter_id: EncounterArgument, line: Annotated[int, typer.Argument(help="the line number")],
                   user: UserOption, database: DatabaseOption = None) -> None:  # fmt: skip
    """Remove a charge line; the lines after it are numbered up."""
    changed = charge_services.remove_charge(*open_as(database, user), encounter_id, line)
    console.print(f"line {line} removed; encounter {encounter_id} has {len(changed.lines)} line(s)")
