"""`revcycle codes search "TEXT" [--dos DATE] [--system icd10cm|hcpcs|cpt] [--limit N] [--json]`.

Registered on the `codes` group by revcycle.cli.codes. Prints a Rich table (code, billable,
title from the release in force, the index path or wording that matched, source, score) or,
with --json, `{"query", "dos", "system", "release", "hits": [...], "read_as": [...]}` (how
each typed word was read: exact, synonym, prefix of a word being typed, typo, or ignored). Exit code 0 when
something was found, 1 when nothing was.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from revcycle.cli.options import DosOption, JsonOption, date_of_service
from revcycle.codesets import icd10cm
from revcycle.codesets.search import SearchHit, search
from revcycle.codesets.search.engine import icd10cm_index
from revcycle.codesets.search.entries import SOURCE_LABELS
from revcycle.codesets.search.query import explain, parse_query

console = Console(highlight=False)

TextArgument = Annotated[str, typer.Argument(help='what the coder types, e.g. "type 2 dm with neuropathy"')]
SearchSystemOption = Annotated[str, typer.Option("--system", help="icd10cm|hcpcs|cpt")]
LimitOption = Annotated[int, typer.Option("--limit", help="at most this many codes")]


def search_codes(
    text: TextArgument,
    dos: DosOption = None,
    system: SearchSystemOption = "icd10cm",
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Term -> codes valid on the date of service, best first, with the index path that matched."""
    service_date = date_of_service(dos)
    hits = search(text, service_date, system=system, limit=limit)
    release = _release_text(system, service_date)
    read_as = _read_as(text) if system == "icd10cm" else []
    if as_json:
        print(json.dumps({**_payload(text, service_date, system, release, hits), "read_as": read_as}, indent=2))
    else:
        _print_table(text, release, hits)
        for line in read_as:
            console.print(f"  [dim]{escape(line)}[/dim]", soft_wrap=True)
    if not hits:
        raise typer.Exit(1)


def _read_as(text: str) -> list[str]:
    """How each typed word was read: exact, synonym, prefix, fuzzy, or ignored."""
    index = icd10cm_index()
    return explain(parse_query(text, index), index)


def _release_text(system: str, dos: date) -> str:
    if system == "icd10cm":
        return icd10cm.release_for(dos).info.describe()
    return f"{system.upper()} codes in force on {dos.isoformat()}"


def _hit_payload(hit: SearchHit) -> dict[str, Any]:
    payload = asdict(hit)
    payload["seventh_characters"] = [{"char": char, "meaning": meaning} for char, meaning in hit.seventh_characters]
    return payload


def _payload(text: str, dos: date, system: str, release: str, hits: list[SearchHit]) -> dict[str, Any]:
    return {"query": text, "dos": dos.isoformat(), "system": system, "release": release,
            "hits": [_hit_payload(hit) for hit in hits]}


def _status(hit: SearchHit) -> str:
    if hit.billable:
        return "yes"
    if hit.seventh_characters:
        return "add 7th char"
    return "header"


def _matched(hit: SearchHit) -> str:
    matched = "(the title)" if hit.path == hit.title else hit.path
    if hit.column:
        matched += f" [{hit.column}]"
    if hit.see:
        matched += f" (see {hit.see})"
    return matched


def _print_table(text: str, release: str, hits: list[SearchHit]) -> None:
    console.print(f"[bold]{escape(text)}[/bold]  ->  {release}", soft_wrap=True)
    if not hits:
        console.print("no codes found")
        return
    table = Table(show_lines=False)
    for column in ("#", "code", "billable", "title", "matched", "source", "score"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        table.add_row(str(rank), hit.code, _status(hit), hit.title, _matched(hit),
                      SOURCE_LABELS.get(hit.source, hit.source), f"{hit.score:.3f}")
    console.print(table)
    for hit in hits:
        if hit.note:
            console.print(f"  {hit.code}: {hit.note}", markup=False, soft_wrap=True)
