"""`revcycle coding drg ...` — the MS-DRG of an inpatient stay, what drove it, and the what-if.

    revcycle coding drg --age 67 --sex M --discharge-status 01 --pdx I50.23[:Y] --sdx N17.9:Y --sdx ...
                        --proc 02HV33Z --discharge-date 2026-05-02 [--admission-date D] [--what-if] [--json]

Exit codes: 0 grouped without error findings, 1 grouped with error findings (or ungroupable), 2 usage.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from revcycle.cli.errors import one_line_errors
from revcycle.cli.options import JsonOption
from revcycle.drg.grouping import DrgAssignment, DrgResult, group
from revcycle.drg.stay import Stay, parse_diagnosis
from revcycle.kernel.clock import parse_date
from revcycle.kernel.findings import has_errors

console = Console(highlight=False)


@one_line_errors
def drg_command(
    age: Annotated[int, typer.Option("--age", help="age in years at admission")],
    sex: Annotated[str, typer.Option("--sex", help="M, F or U")],
    pdx: Annotated[
        str, typer.Option("--pdx", help="principal diagnosis, CODE or CODE:POA (POA defaults to Y)")
    ],
    discharge_date: Annotated[
        str, typer.Option("--discharge-date", help="YYYY-MM-DD: picks the grouper version")
    ],
    discharge_status: Annotated[str, typer.Option("--discharge-status", help="patient status code")] = "01",
    sdx: Annotated[
        list[str] | None, typer.Option("--sdx", help="secondary diagnosis CODE:POA (repeat)")
    ] = None,
    proc: Annotated[list[str] | None, typer.Option("--proc", help="ICD-10-PCS procedure (repeat)")] = None,
    admission_date: Annotated[str | None, typer.Option("--admission-date", help="YYYY-MM-DD")] = None,
    what_if: Annotated[
        bool, typer.Option("--what-if", help="the DRG without each secondary diagnosis")
    ] = False,
    poa_exempt_hospital: Annotated[bool, typer.Option("--poa-exempt-hospital")] = False,
    as_json: JsonOption = False,
) -> None:
    """Group an inpatient stay: DRG, MDC, FY2026 weight and mean stays, CC/MCC per secondary, findings."""
    principal = parse_diagnosis(pdx if ":" in pdx else f"{pdx}:Y")
    stay = Stay(
        age,
        sex.upper(),
        discharge_status,
        parse_date(discharge_date),
        principal,
        tuple(parse_diagnosis(text) for text in sdx or []),
        tuple(code.strip() for code in proc or []),
        parse_date(admission_date) if admission_date else None,
        poa_exempt_hospital,
    )
    result = group(stay, what_if=what_if)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _print(result)
    if has_errors(list(result.findings)) or result.return_code != "OK":
        raise typer.Exit(1)


def _describe(assignment: DrgAssignment) -> str:
    weight = assignment.weight
    numbers = (
        f"weight {weight.relative_weight}, GMLOS {weight.geometric_mean_los}, AMLOS {weight.arithmetic_mean_los}"
        if weight and weight.relative_weight
        else "no FY weight held for this discharge date"
    )
    return f"DRG {assignment.drg:03d} {assignment.title} (MDC {assignment.mdc}; {numbers})"


def _print(result: DrgResult) -> None:
    console.print(f"[bold]{_describe(result.final)}[/bold]", markup=True)
    console.print(
        f"  grouper {result.version.label} (FY{result.version.fiscal_year}), return code {result.return_code}"
    )
    if result.initial_drg != result.final.drg:
        console.print(f"  before the HAC rule: DRG {result.initial_drg:03d}")
    console.print(
        f"  principal diagnosis drove it: {'yes' if result.principal_drove else 'no'}; "
        f"procedures that drove it: {', '.join(result.procedures_drove) or 'none'}"
    )
    for impact in result.secondaries:
        notes = [impact.level]
        if impact.excluded:
            notes.append("excluded as a CC of the principal")
        if impact.drove:
            notes.append("drove the DRG")
        if impact.hac:
            notes.append(impact.hac)
        console.print(
            f"  sdx[{impact.index}] {impact.code:<9} POA {impact.poa or '-'}  {'; '.join(notes)}",
            markup=False,
        )
    for case in result.what_if:
        console.print(f"  without {case.without_code}: {_describe(case.assignment)}", markup=False)
    for finding in result.findings:
        console.print(
            f"  {finding.severity.value:<7} {finding.code:<30} {finding.location:<8} {finding.message}",
            markup=False,
        )
