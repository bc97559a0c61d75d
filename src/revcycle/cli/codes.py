"""`revcycle codes ...` — look up and validate codes by date of service.

    revcycle codes show CODE [--dos YYYY-MM-DD] [--json]
    revcycle codes validate CODE [CODE...] [--dos DATE] [--age N] [--sex F|M] [--json]
    revcycle codes search "TEXT" [--dos DATE] [--system icd10cm|hcpcs|cpt] [--limit N] [--json]
    revcycle codes releases [--json]
    revcycle codes pcs CODE | pcs-build PREFIX | pcs-search "TEXT" [--dos DATE] [--json]   (ICD-10-PCS)
    revcycle codes import-cpt FILE

Exit codes: 0 valid / done, 1 a code is invalid, 2 usage error (a RevcycleError).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.codes_pcs import pcs_build_command, pcs_command, pcs_search_command
from revcycle.cli.codes_search import search_codes
from revcycle.cli.errors import one_line_errors
from revcycle.cli.options import DosOption, JsonOption, date_of_service
from revcycle.codesets import code_systems, cpt, icd10cm
from revcycle.codesets.icd10cm import Icd10Code, Icd10Release
from revcycle.kernel.findings import Finding

app = typer.Typer(name="codes", help="Code sets: look up and validate ICD-10-CM, HCPCS, CPT, modifiers, POS.",
                  no_args_is_help=True)
console = Console(highlight=False)

SystemOption = Annotated[str | None, typer.Option("--system", help="icd10cm|hcpcs|cpt|modifier|pos (default: by shape)")]


app.command("search")(one_line_errors(search_codes))  # term -> codes (revcycle.cli.codes_search)
app.command("pcs")(pcs_command)  # ICD-10-PCS look-up (revcycle.cli.codes_pcs)
app.command("pcs-build")(pcs_build_command)
app.command("pcs-search")(pcs_search_command)


@app.command("show")
@one_line_errors
def show(code: str, dos: DosOption = None, as_json: JsonOption = False, system: SystemOption = None) -> None:
    """Title, billable, hierarchy and every note (with where it is inherited from)."""
    service_date = date_of_service(dos)
    found_system = system or code_systems.detect(code, service_date)
    if found_system != "icd10cm":
        _show_other(found_system, code, service_date, as_json)
        return
    release = icd10cm.release_for(service_date)
    found = release.get(code)
    if found is None:
        findings = icd10cm.validate([code], service_date)
        _print_findings(findings, as_json, service_date)
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(icd10_payload(release, found, service_date), indent=2))
    else:
        _print_icd10(release, found, service_date)


def icd10_payload(release: Icd10Release, found: Icd10Code, dos: date) -> dict[str, Any]:
    from revcycle.codesets import mce

    return {
        "system": "icd10cm",
        "dos": dos.isoformat(),
        "release": {"name": release.name, "label": release.info.label, "served": release.info.describe(),
                    "source": release.info.source,
                    "effective_from": release.effective_from.isoformat(),
                    "effective_through": release.effective_through.isoformat() if release.effective_through else None,
                    "note": release.info.staleness_note(dos)},
        "code": found.code,
        "title": found.title,
        "billable": found.billable,
        "chapter": {"number": found.chapter, "title": found.chapter_title},
        "block": {"id": found.block, "title": found.block_title},
        "parent": found.parent,
        "children": list(found.children),
        "hierarchy": _hierarchy(release, found),
        "seven_chr_required": found.seven_chr_required,
        "seven_chr_definitions": dict(found.seven_chr_definitions),
        "seven_chr_defined_at": found.seven_chr_defined_at,
        "placeholder_stem": found.placeholder_stem,
        "notes": [{"kind": note.kind, "text": note.text, "codes_referenced": list(note.codes_referenced),
                   "inherited_from": note.inherited_from} for note in release.notes(found.code)],
        "mce": mce.describe(found.code, dos),
    }


def _hierarchy(release: Icd10Release, found: Icd10Code) -> list[dict[str, str]]:
    chain: list[dict[str, str]] = []
    current: Icd10Code | None = found
    while current is not None:
        chain.insert(0, {"code": current.code, "title": current.title})
        current = release.get(current.parent) if current.parent else None
    chain.insert(0, {"code": found.block, "title": found.block_title})
    chain.insert(0, {"code": f"Chapter {found.chapter}", "title": found.chapter_title})
    return chain


def _print_icd10(release: Icd10Release, found: Icd10Code, dos: date) -> None:
    payload = icd10_payload(release, found, dos)
    console.print(f"[bold]{found.code}[/bold]  {found.title}")
    console.print(f"ICD-10-CM release: {release.info.describe()}  (date of service {dos.isoformat()})")
    if payload["release"]["note"]:
        console.print(f"[yellow]note:[/yellow] {payload['release']['note']}")
    status = "yes" if found.billable else ("no: needs a 7th character" if found.seven_chr_required else "no: header")
    console.print(f"billable: {status}")
    for depth, level in enumerate(payload["hierarchy"]):
        console.print(f"{'  ' * depth}{level['code']}  {level['title']}", markup=False)
    if found.children:
        console.print(f"children: {', '.join(found.children)}")
    if found.placeholder_stem:
        console.print(f"placeholder: {found.placeholder_stem[:3]}.{found.placeholder_stem[3:]} + 7th character")
    for line in payload["mce"]:
        console.print(f"MCE: {line}", markup=False)
    table = Table("kind", "note", "inherited from", title="Tabular notes", show_lines=False)
    for note in payload["notes"]:
        table.add_row(note["kind"], note["text"], note["inherited_from"] or "(this code)")
    console.print(table)


def _show_other(system: str, code: str, dos: date, as_json: bool) -> None:
    entry = code_systems.lookup(system, code, dos)
    if entry is None:
        _print_findings(code_systems.validate(system, code, dos), as_json, dos)
        raise typer.Exit(1)
    payload = {"system": system, "dos": dos.isoformat(), **code_systems.entry_payload(entry)}
    if as_json:
        print(json.dumps(payload, indent=2))
        return
    console.print(f"[bold]{payload['code']}[/bold]  {payload['title']}  ({system})")
    for key, value in payload.items():
        if key not in ("code", "title", "system") and value not in (None, "", []):
            console.print(f"{key}: {value}", markup=False)


@app.command("validate")
@one_line_errors
def validate(
    codes: list[str],
    dos: DosOption = None,
    age: Annotated[int | None, typer.Option("--age", help="patient age in years (MCE age edit)")] = None,
    sex: Annotated[str | None, typer.Option("--sex", help="F or M (MCE sex list)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Exit 0 when every code is valid on the date of service, 1 when any is not."""
    service_date = date_of_service(dos)
    findings = code_systems.validate_mixed(codes, service_date, age=age, sex=sex)
    _print_findings(findings, as_json, service_date)
    if findings:
        raise typer.Exit(1)


def _print_findings(findings: list[Finding], as_json: bool, dos: date) -> None:
    if as_json:
        print(json.dumps({"dos": dos.isoformat(), "valid": not findings,
                          "findings": [finding.to_dict() for finding in findings]}, indent=2))
        return
    if not findings:
        console.print(f"[green]valid[/green] on {dos.isoformat()}")
        return
    for finding in findings:
        colour = "red" if finding.severity == "error" else "yellow"
        console.print(f"[{colour}]{finding.severity}[/{colour}] {finding.location}: {finding.code}", highlight=False)
        console.print(f"  {finding.message}", markup=False)
        if finding.hint:
            console.print(f"  hint: {finding.hint}", markup=False)


@app.command("releases")
@one_line_errors
def list_releases(as_json: JsonOption = False) -> None:
    """The ICD-10-CM releases held, with the dates of service each serves."""
    held = icd10cm.releases()
    if as_json:
        print(json.dumps([{"name": info.name, "label": info.label, "effective_from": info.effective_from.isoformat(),
                           "effective_through": info.effective_through.isoformat() if info.effective_through else None,
                           "source": info.source} for info in held], indent=2))
        return
    table = Table("release", "serves", "source", title="ICD-10-CM releases")
    for info in held:
        table.add_row(info.label, info.describe().split(", serves ")[1], info.source)
    console.print(table)


@app.command("import-cpt")
@one_line_errors
def import_cpt(file: Path) -> None:
    """Import a licensed CPT CSV (code, description[, valid_from, valid_through]) into the local override file."""
    result = cpt.import_licensed_csv(file)
    typer.echo(f"imported {result.imported} CPT codes into {result.path}")


@app.command("import-ncci")
@one_line_errors
def import_ncci(file: Path) -> None:
    """Import a CMS NCCI PTP or MUE file (tab or comma separated, optionally .gz) for the claim scrubber."""
    from revcycle.codesets.ncci_import import import_ncci_file

    result = import_ncci_file(file)
    console.print(f"imported {result.rows} NCCI {result.kind.upper()} rows into {result.path}", markup=False)
