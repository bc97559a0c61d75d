"""`revcycle claims correct` and `revcycle claims void`: corrected (frequency 7) and void (8) claims.

    revcycle claims correct CLAIM_ID [--dx CODE ...] [--line N [--code C] [--modifier M ...] [--units U]
                            [--charge 120.00] [--pointer P ...]] [--remove-line N ...] [--recode] --user U [--json]
    revcycle claims void CLAIM_ID --reason TEXT --user U [--json]

The new claim is a draft: scrub it (`revcycle claims scrub ID`) and submit it like any claim.
Exit codes: 0 done, 2 refused (a RevcycleError: not adjudicated, no payer claim number, bad change).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.claims.corrections import ClaimChanges, LineEdit
from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, dollars_to_cents, one_line_errors, open_as
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.services.claim_corrections import Correction, correct_claim, void_claim

console = Console(highlight=False)


@one_line_errors
def correct_command(
    user: UserOption,
    claim_id: Annotated[int, typer.Argument(help="the adjudicated claim's id")],
    dx: Annotated[
        list[str] | None, typer.Option("--dx", help="the claim's diagnoses, in order (replaces them)")
    ] = None,
    line: Annotated[
        int | None, typer.Option("--line", help="the line to change (its number on the claim)")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="the line's new CPT/HCPCS code")] = None,
    modifier: Annotated[
        list[str] | None, typer.Option("--modifier", help="the line's modifiers (replace them)")
    ] = None,
    units: Annotated[int | None, typer.Option("--units")] = None,
    charge: Annotated[
        str | None, typer.Option("--charge", help="the line's charge in dollars, e.g. 120.00")
    ] = None,
    pointer: Annotated[
        list[int] | None, typer.Option("--pointer", help="the line's diagnosis pointers")
    ] = None,
    remove_line: Annotated[list[int] | None, typer.Option("--remove-line")] = None,
    recode: Annotated[
        bool, typer.Option("--recode", help="take codes from the encounter's coding decisions")
    ] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replace an adjudicated claim by a corrected claim (frequency 7) with REF*F8 of the payer's claim number."""
    edit = LineEdit(line, code, tuple(modifier) if modifier is not None else None, units, _cents(charge),
                    tuple(pointer) if pointer else None) if line is not None else None  # fmt: skip
    if edit is None and any(v is not None for v in (code, modifier, units, charge, pointer)):
        raise RevcycleError(
            ErrorCode.VALIDATION, "--code/--modifier/--units/--charge/--pointer need --line N"
        )
    changes = ClaimChanges(
        tuple(dx) if dx else None, (edit,) if edit else (), tuple(remove_line or ()), (), recode
    )
    _show(correct_claim(*open_as(database, user), claim_id, changes), as_json)


@one_line_errors
def void_command(
    user: UserOption,
    claim_id: Annotated[int, typer.Argument(help="the adjudicated claim's id")],
    reason: Annotated[str, typer.Option("--reason", help="why (no patient names: it goes to the audit log)")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cancel an adjudicated claim with a void claim (frequency 8) naming the payer's claim number."""
    _show(void_claim(*open_as(database, user), claim_id, reason), as_json)


def _cents(charge: str | None) -> int | None:
    if charge is None:
        return None
    try:
        return dollars_to_cents(charge)
    except RevcycleError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"--charge {charge!r}: {error.message}") from error


def _show(correction: Correction, as_json: bool) -> None:
    original, new = correction.original, correction.replacement
    if as_json:
        print(json.dumps({"original": {"id": original.id, "claim": original.claim_id, "status": original.status.value},
                          "claim": {"id": new.id, "claim": new.claim_id, "frequency": new.frequency.value,
                                    "status": new.status.value, "total_charge_cents": new.total_charge_cents},
                          "payer_claim_control_number": correction.payer_claim_control_number,
                          "source": correction.source}))  # fmt: skip
        return
    kind = "void" if new.frequency.value == "8" else "corrected"
    table = Table(title=f"{original.claim_id} {original.status.value}: {kind} claim {new.claim_id}")
    for column in ("id", "claim", "frequency (CLM05-3)", "REF*F8", "heard in", "diagnoses", "status"):
        table.add_column(column)
    table.add_row(str(new.id), new.claim_id, new.frequency.value, correction.payer_claim_control_number,
                  correction.source, " ".join(new.diagnoses), new.status.value)  # fmt: skip
    console.print(table)
    lines = Table(title="lines")
    for column in ("line", "code", "modifiers", "units", "pointers", "charge"):
        lines.add_column(column)
    for item in new.lines:
        lines.add_row(str(item.line_number), item.procedure_code, " ".join(item.modifiers), str(item.units),
                      ",".join(map(str, item.diagnosis_pointers)), str(Money(item.charge_cents)))  # fmt: skip
    console.print(lines)
    console.print(f"next: revcycle claims scrub {new.id}, then submit it like any claim", markup=False)
