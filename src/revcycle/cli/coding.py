"""`revcycle coding ...` — the coder's desk: suggestions from the note, E/M level, combination rules.

    revcycle coding suggest NOTE.txt [--dos DATE] [--age N] [--sex F|M] [--setting outpatient|inpatient]
                            [--payer commercial|medicare] [--json]
    revcycle coding rank-dir DIR --out PREDICTIONS.tsv [--system icd10cm] [--dos DATE] [--billable]
    revcycle coding em --input FILE.json [--json]
    revcycle coding check CODE... [--dos DATE] [--age N] [--sex F|M] [--json]
    revcycle coding decide ENCOUNTER_ID [--accept CODE]... [--reject CODE]... [--edit OLD=NEW]... [--add CODE]...
                           [--reason TEXT] --user U [--json]
    revcycle coding finalize ENCOUNTER_ID [--force] [--fees FEES.csv] --user U [--json]

Exit codes: 0 done (check: no error finding), 1 check found an error, 2 usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.claims import FeeSchedule
from revcycle.cli.codes import one_line_errors
from revcycle.cli.coding_drg import drg_command
from revcycle.cli.db import DatabaseOption, UserOption, open_as
from revcycle.cli.options import DosOption, JsonOption, date_of_service
from revcycle.coding.batch import rank_directory, write_predictions
from revcycle.coding.em import em_input_from_dict, level_visit
from revcycle.coding.rules import check
from revcycle.coding.sequence import pointers_from_text
from revcycle.coding.suggest import Suggestions, suggest
from revcycle.coding.workflow import Action
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import has_errors
from revcycle.practice.encounters import Encounter
from revcycle.services import coding as coding_services
from revcycle.services.coding import CoderDecision, CodingWorklist

app = typer.Typer(
    name="coding",
    help="The coder's desk: code suggestions, E/M leveling, code-combination rules.",
    no_args_is_help=True,
)
console = Console(highlight=False)

AgeOption = Annotated[int | None, typer.Option("--age", help="patient age in years")]
SexOption = Annotated[str | None, typer.Option("--sex", help="F or M")]


def _read(path: Path) -> str:
    if not path.is_file():
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no such file: {path}")
    return path.read_text(encoding="utf-8")


@app.command("suggest")
@one_line_errors
def suggest_command(
    note: Annotated[Path, typer.Argument(help="the note, a text file")],
    dos: DosOption = None,
    age: AgeOption = None,
    sex: SexOption = None,
    setting: Annotated[str, typer.Option("--setting", help="outpatient or inpatient")] = "outpatient",
    payer: Annotated[str | None, typer.Option("--payer", help="commercial or medicare (QW, G0008/G0009)")] = None,
    as_json: JsonOption = False,
) -> None:
    """ICD-10-CM codes in reporting order and CPT/HCPCS lines (modifiers, units, pointers) for a note."""
    result = suggest(_read(note), date_of_service(dos), age=age, sex=sex, setting=setting, payer=payer)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_suggestions(result)


def _print_suggestions(result: Suggestions) -> None:
    table = Table(title=f"Diagnoses ({result.release}, DOS {result.dos.isoformat()})")
    for column in ("#", "code", "title", "conf.", "evidence", "why / prompts"):
        table.add_column(column)
    for rank, item in enumerate(result.diagnoses, 1):
        evidence = "; ".join(f"[{e.start}:{e.end}] {e.text}" for e in item.evidence[:3])
        table.add_row(
            str(rank),
            item.code,
            item.title,
            f"{item.confidence:.2f}",
            evidence,
            "\n".join(item.why + item.prompts),
        )
    console.print(table)
    procedures = Table(title="Procedures, labs, injections, supplies")
    for column in ("code", "modifiers", "units", "pointers", "title", "evidence", "why"):
        procedures.add_column(column)
    for item in result.procedures:
        procedures.add_row(
            item.code, "-".join(item.modifiers), str(item.units), ", ".join(item.pointers), item.title,
            f"[{item.start}:{item.end}] {item.text}", item.why,
        )  # fmt: skip
    console.print(procedures)
    if result.modifier_25:
        console.print("E/M visit: modifier 25 (a separately identifiable service beside the procedure)")
    for aside in result.set_aside:
        console.print(f"not coded: {aside.code} — {aside.reason}")


@app.command("rank-dir")
@one_line_errors
def rank_dir_command(
    folder: Annotated[Path, typer.Argument(help="a directory of *.txt notes")],
    out: Annotated[Path, typer.Option("--out", help="predictions file (case_id TAB code)")],
    system: Annotated[str, typer.Option("--system", help="code system (icd10cm)")] = "icd10cm",
    dos: DosOption = None,
    billable: Annotated[
        bool, typer.Option("--billable", help="only codes billable on the DOS, context rules applied")
    ] = False,
) -> None:
    """Rank every note of DIR; write the CodiEsp submission format (best first, at most 30 per case)."""
    if system != "icd10cm":
        raise RevcycleError(
            ErrorCode.UNKNOWN_CODE_SYSTEM, f"rank-dir ranks ICD-10-CM diagnoses only, not {system!r}"
        )
    cases = write_predictions(rank_directory(folder, date_of_service(dos), billable), out)
    console.print(f"wrote {sum(len(c.codes) for c in cases)} codes for {len(cases)} cases to {out}")


@app.command("em")
@one_line_errors
def em_command(
    input_file: Annotated[Path, typer.Option("--input", help="the visit as JSON (see coding/docs.md)")],
    as_json: JsonOption = False,
) -> None:
    """Level an office/outpatient visit (99202-99205, 99211-99215) by MDM or total time."""
    try:
        raw = json.loads(_read(input_file))
    except json.JSONDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"{input_file} is not JSON: {error}") from error
    result = level_visit(em_input_from_dict(raw))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    console.print(f"[bold]{result.code}[/bold] by {result.basis}")
    for line in result.explanation:
        console.print(f"  {line}")
    for item in result.prolonged:
        console.print(f"  prolonged: {item.code} x{item.units} ({item.why})")


app.command("drg")(drg_command)  # MS-DRG grouping of an inpatient stay (revcycle.cli.coding_drg)


@app.command("check")
@one_line_errors
def check_command(
    codes: Annotated[list[str], typer.Argument(help="ICD-10-CM codes in reporting order")],
    dos: DosOption = None,
    age: AgeOption = None,
    sex: SexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Code-combination rules: Excludes1, manifestation order, use-additional, first-listed, age/sex, duplicates."""
    findings = check(codes, date_of_service(dos), age=age, sex=sex)
    if as_json:
        typer.echo(json.dumps([f.to_dict() for f in findings], indent=2))
    elif not findings:
        console.print("no findings")
    for finding in [] if as_json else findings:
        console.print(
            f"{finding.severity.value:<7} {finding.code:<28} {finding.location:<9} {finding.message}"
        )
        if finding.hint:
            console.print(f"        hint: {finding.hint}")
    if has_errors(findings):
        raise typer.Exit(1)


CodesOption = Annotated[
    list[str] | None, typer.Option(help="codes (repeat the option, or separate by commas)")
]


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def _decisions(
    accept: list[str], reject: list[str], edit: list[str], add: list[str], reason: str
) -> list[CoderDecision]:
    decisions = [CoderDecision(Action.ACCEPT, code, reason=reason) for code in accept]
    decisions += [CoderDecision(Action.REJECT, code, reason=reason) for code in reject]
    for pair in edit:
        old, _, new = pair.partition("=")
        if not old.strip() or not new.strip():
            raise RevcycleError(ErrorCode.VALIDATION, f"--edit takes SUGGESTED=NEW, got {pair!r}")
        decisions.append(CoderDecision(Action.EDIT, old, new, reason=reason))
    decisions += [CoderDecision(Action.ADD, final_code=code, reason=reason) for code in add]
    return decisions


def _worklist_dict(worklist: CodingWorklist) -> dict[str, object]:
    return {
        "encounter_id": worklist.encounter_id,
        "date_of_service": worklist.date_of_service.isoformat(),
        "decisions": [
            {
                "system": d.code_system,
                "action": d.decision.action.value,
                "suggested_code": d.decision.suggested_code,
                "final_code": d.decision.final_code,
                "coder": d.decision.coder_id,
                "decided_at": d.decision.decided_at.isoformat(),
                "reason": d.decision.reason,
            }
            for d in worklist.decisions
        ],
        "final_diagnoses": worklist.final_diagnoses,
        "final_procedures": worklist.final_procedures,
        "pending": worklist.pending,
    }


def _print_worklist(worklist: CodingWorklist) -> None:
    table = Table(
        title=f"Encounter {worklist.encounter_id} (DOS {worklist.date_of_service.isoformat()}): decisions"
    )
    for column in ("system", "action", "suggested", "final", "coder", "when", "reason"):
        table.add_column(column)
    for item in worklist.decisions:
        d = item.decision
        table.add_row(
            item.code_system,
            d.action.value,
            d.suggested_code or "",
            d.final_code or "",
            d.coder_id,
            d.decided_at.isoformat(timespec="seconds"),
            d.reason,
        )
    console.print(table)
    console.print(f"final diagnoses: {', '.join(worklist.final_diagnoses) or '-'}")
    console.print(f"final procedures: {', '.join(worklist.final_procedures) or '-'}")
    console.print(f"not yet decided: {', '.join(worklist.pending) or '-'}")


@app.command("decide")
@one_line_errors
def decide_command(
    encounter_id: Annotated[int, typer.Argument(help="the encounter whose suggestions are decided")],
    user: UserOption,
    accept: CodesOption = None,
    reject: CodesOption = None,
    edit: Annotated[list[str] | None, typer.Option(help="SUGGESTED=NEW: replace a suggestion's code")] = None,
    add: CodesOption = None,
    reason: Annotated[str, typer.Option("--reason", help="why (stored with each decision)")] = "",
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            help="the final diagnoses in claim order, e.g. "
            "I10,E11.9 (after this call's decisions); finalizing keeps it",
        ),
    ] = None,
    pointers: Annotated[
        list[str] | None,
        typer.Option(
            "--pointers",
            help="LINE=POINTERS into --order, e.g. 1=2,1 (lines numbered as after coding; repeat per line)",
        ),
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Accept, reject, edit or add codes on an encounter's suggestions, and set the diagnosis order and line
    pointers (one transaction, audited)."""
    decisions = _decisions(_codes(accept), _codes(reject), _codes(edit), _codes(add), reason)
    if not decisions and order is None:
        raise RevcycleError(
            ErrorCode.VALIDATION, "give at least one --accept, --reject, --edit, --add or --order"
        )
    if pointers and order is None:
        raise RevcycleError(
            ErrorCode.VALIDATION, "--pointers go with --order (the diagnoses they point into)"
        )
    uow, actor = open_as(database, user)
    ordered = None
    with uow:
        for decision in decisions:
            coding_services.record_decision(uow, actor, encounter_id, decision)
        if order is not None:
            line_pointers = pointers_from_text(";".join(pointers or []))
            ordered = coding_services.set_coding_order(
                uow, actor, encounter_id, _codes([order]), line_pointers
            )
    worklist = coding_services.coding_worklist(uow, actor, encounter_id)
    if as_json:
        typer.echo(json.dumps(_worklist_dict(worklist) | _order_dict(ordered), indent=2))
        return
    _print_worklist(worklist)
    if ordered is not None:
        console.print(f"diagnosis order: {', '.join(ordered.diagnosis_codes)}")
        for line in ordered.lines:
            console.print(
                f"  line {line.line_number} {line.procedure_code} -> {','.join(map(str, line.diagnosis_pointers))}"
            )


def _order_dict(ordered: Encounter | None) -> dict[str, object]:
    if ordered is None:
        return {}
    return {
        "order": {
            "diagnoses": list(ordered.diagnosis_codes),
            "pointers": {str(line.line_number): list(line.diagnosis_pointers) for line in ordered.lines},
        }
    }


@app.command("finalize")
@one_line_errors
def finalize_command(
    encounter_id: Annotated[int, typer.Argument(help="the encounter to finalize")],
    user: UserOption,
    force: Annotated[
        bool, typer.Option("--force", help="keep codes with error findings (managers only)")
    ] = False,
    fees: Annotated[
        Path | None, typer.Option("--fees", help="fee schedule CSV pricing added procedure lines")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the final code set onto the encounter (checked on its date of service); claims then bill it."""
    schedule = FeeSchedule.from_csv(fees) if fees else None
    codes = coding_services.finalize_coding(
        *open_as(database, user), encounter_id, force=force, fees=schedule
    )
    if as_json:
        typer.echo(json.dumps({"encounter_id": encounter_id, "diagnoses": codes}))
        return
    console.print(f"encounter {encounter_id} coded: {', '.join(codes)}")
