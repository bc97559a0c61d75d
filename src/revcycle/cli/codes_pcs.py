"""`revcycle codes pcs ...` — ICD-10-PCS by date of service: look-up, the builder, search.

    revcycle codes pcs CODE [--dos YYYY-MM-DD] [--json]          title, 7 axes, valid or why not
    revcycle codes pcs-build PREFIX [--dos D] [--json]           the next character's allowed values
    revcycle codes pcs-search "TEXT" [--dos D] [--limit N] [--json]

Exit codes: 0 found / valid, 1 the code is not valid on the date, 2 usage error.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.errors import one_line_errors
from revcycle.cli.options import DosOption, JsonOption, date_of_service
from revcycle.codesets import icd10pcs, icd10pcs_search

console = Console(highlight=False)
LimitOption = Annotated[int, typer.Option("--limit", min=1, max=100, help="at most this many hits")]


@one_line_errors
def pcs_command(code: str, dos: DosOption = None, as_json: JsonOption = False) -> None:
    """An ICD-10-PCS code on the date of service: title, the seven named axes, valid or the reason not."""
    found = icd10pcs.pcs_code(code, date_of_service(dos))
    if as_json:
        typer.echo(json.dumps(found.to_dict(), indent=2))
    else:
        _print_lookup(found)
    if not found.valid:
        raise typer.Exit(1)


def _print_lookup(found: icd10pcs.PcsLookup) -> None:
    state = "[green]valid[/green]" if found.valid else "[red]not valid[/red]"
    console.print(f"[bold]{found.code}[/bold] {state} on {found.dos.isoformat()} ({found.release.label})")
    if found.title:
        composed = " (composed from the table axes)" if found.title_composed else ""
        console.print(f"  {found.title}{composed}", markup=False)
    for axis in found.axes:
        console.print(
            f"  {axis.position} {axis.name:<15} {axis.value}  {axis.label or '-'}  [{axis.title}]",
            markup=False,
        )
    if found.operation_definition:
        console.print(f"  root operation: {found.operation_definition}", markup=False)
    for finding in found.findings:
        console.print(f"  [red]{finding.code}[/red]: ", end="")
        console.print(finding.message, markup=False)
    if not found.valid and found.valid_in:
        console.print(f"  valid in: {', '.join(found.valid_in)}")


@one_line_errors
def pcs_build_command(
    prefix: Annotated[str, typer.Argument(help="0 to 7 characters, e.g. 0SR")] = "",
    dos: DosOption = None,
    as_json: JsonOption = False,
) -> None:
    """The values allowed for the next character after PREFIX, the way a coder reads a PCS table."""
    step = icd10pcs.build(prefix, date_of_service(dos))
    if as_json:
        typer.echo(json.dumps(step.to_dict(), indent=2))
        return
    for axis in step.chosen:
        console.print(f"  {axis.position} {axis.title:<22} {axis.value}  {axis.label}", markup=False)
    if step.code_title:
        console.print(f"[bold]{step.prefix}[/bold] {step.code_title}")
        return
    table = Table(title=f"character {step.position}: {step.axis_title} ({step.release.label})")
    for column in ("value", "label", "codes"):
        table.add_column(column, justify="right" if column == "codes" else "left")
    for option in step.options:
        table.add_row(option.value, option.label or "-", f"{option.codes:,}")
    console.print(table)


@one_line_errors
def pcs_search_command(
    text: str, dos: DosOption = None, limit: LimitOption = 20, as_json: JsonOption = False
) -> None:
    """Index entries (FY2025 ICD-10-PCS index) and code titles matching every word of TEXT."""
    hits = icd10pcs_search.search(text, date_of_service(dos) if dos else None, limit)
    if as_json:
        typer.echo(json.dumps([hit.to_dict() for hit in hits], indent=2))
        return
    if not hits:
        console.print("no match")
    for hit in hits:
        target = f"{hit.kind} {hit.target}".strip() if hit.kind != "title" else hit.target
        note = f" ({hit.kind} {hit.note})" if hit.note else ""
        console.print(f"{hit.source:<6} {target:<14} {hit.text}{note}", markup=False)
