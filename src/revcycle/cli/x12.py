"""`revcycle x12 ...` — read, validate and acknowledge X12 5010 files.

    revcycle x12 parse FILE [--json]          summary (type, counts, totals) or the loop tree as JSON
    revcycle x12 validate FILE [--strict]     our checks, then pyx12's when installed
    revcycle x12 ack FILE --out 999.x12       a 999 acknowledging FILE

Exit codes: 0 valid / done, 1 the file is invalid (`parse`: not X12, or read with errors), 2 usage error
(a RevcycleError, an empty file, a file that cannot be read or written). What each command does
is `services.x12_files`; this module parses the arguments and prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from revcycle.cli.errors import one_line_errors, read_bytes
from revcycle.services.x12_files import acknowledge_file, parse_file, validate_file

app = typer.Typer(
    name="x12", help="X12 5010: parse, validate (ours + pyx12), acknowledge with a 999.", no_args_is_help=True
)
console = Console(highlight=False, soft_wrap=True)
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output: the full loop tree")]


@app.command("parse")
@one_line_errors
def parse(file: Path, as_json: JsonOption = False) -> None:
    """Read FILE: a summary per transaction set, or (--json) the whole loop tree."""
    parsed = parse_file(read_bytes(file))
    if as_json:
        trees = [{"summary": row, "tree": tree} for row, tree in zip(parsed.summaries, parsed.trees, strict=True)]
        typer.echo(json.dumps({"transactions": trees, "problems": parsed.problems}, indent=1))
    else:
        for row in parsed.summaries:
            console.print("  ".join(f"{key}={value}" for key, value in row.items()))
        for severity, message in parsed.problem_lines:
            console.print(f"[yellow]{severity}[/]: {message}", markup=True)
    if not parsed.summaries or any(severity == "error" for severity, _message in parsed.problem_lines):
        raise typer.Exit(1)  # not X12, or X12 with errors (each located above): not a clean read


@app.command("validate")
@one_line_errors
def validate(
    file: Path,
    strict: Annotated[bool, typer.Option("--strict", help="stop at the first problem")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check FILE (envelopes, loops, segments, elements), then with pyx12 when installed. Exit 1 if invalid."""
    checked = validate_file(read_bytes(file), strict=strict)
    if as_json:
        typer.echo(json.dumps({"valid": checked.valid, "errors": checked.errors, "pyx12": checked.pyx12}, indent=1))
    else:
        for message in checked.errors:
            console.print(f"[red]error[/]: {message}")
        for message in checked.pyx12 or []:
            console.print(f"[red]pyx12[/]: {message}")
        if checked.valid:
            console.print("valid" + ("" if checked.pyx12 is not None else " (pyx12 not installed: our checks only)"))
    if not checked.valid:
        raise typer.Exit(1)


@app.command("ack")
@one_line_errors
def ack(
    file: Path,
    out: Annotated[Path, typer.Option("--out", help="where to write the 999")],
    sender: Annotated[str, typer.Option(help="our id (ISA06/GS02)")] = "RECEIVER",
    control_number: Annotated[int, typer.Option(help="ISA13/GS06 of the 999")] = 1,
) -> None:
    """Write a 999 accepting or rejecting (with IK3/IK4 details) every transaction set in FILE."""
    answer = acknowledge_file(read_bytes(file), sender, control_number, source=str(file))
    out.write_text(answer.text, encoding="utf-8")
    console.print(f"wrote {out}: " + " ".join(answer.statuses))
