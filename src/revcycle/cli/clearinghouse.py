"""`revcycle clearinghouse ...` — send claims batches and bring the answers back.

    revcycle clearinghouse submit --batch ID --partner PARTNER.json --user USERNAME [--json]
    revcycle clearinghouse collect --partner PARTNER.json --user USERNAME [--json]

PARTNER.json names the trading partner and its envelope (ISA/GS ids and qualifiers, usage T/P),
its directory (outbox/inbox) and `"kind": "simulator"` to have the payer simulator answer
(every field in `revcycle.clearinghouse.partners.load_partner`; examples with each field explained in
`examples/partners/`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console

from revcycle.clearinghouse.partners import load_partner
from revcycle.cli.db import DatabaseOption, JsonOption, PartnerOption, UserOption, one_line_errors, open_as
from revcycle.practice.organization import Submitter
from revcycle.services.clearinghouse import collect, submit_batch

app = typer.Typer(
    name="clearinghouse",
    help="Submit 837P batches; collect 999, 277CA and 835 answers.",
    epilog="--partner FILE.json describes the clearinghouse: its name, kind (directory: outbox/inbox folders; simulator: the local payer simulator), "
    "folder and envelope ids. Examples with every field explained: examples/partners/ (README.md, "
    "directory.json, simulator.json).",
    no_args_is_help=True,
)
console = Console(highlight=False, soft_wrap=True)


@app.command("submit")
@one_line_errors
def submit(
    batch: Annotated[int, typer.Option("--batch", help="claims batch id (from `revcycle claims`)")],
    partner: PartnerOption,
    user: UserOption,
    submitter_name: Annotated[str, typer.Option(help="1000A submitter name")] = "SPRINGFIELD FAMILY MEDICINE",
    contact: Annotated[str, typer.Option(help="1000A contact name")] = "BILLING OFFICE",
    phone: Annotated[str, typer.Option(help="1000A contact phone (10 digits)")] = "2175550100",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export batch ID as an 837P under the partner's next interchange number and drop it in the outbox."""
    clearinghouse = load_partner(partner)
    submitter = Submitter(submitter_name, clearinghouse.settings.sender_id, contact, phone)
    number, file_name = submit_batch(*open_as(database, user), clearinghouse, batch, submitter)
    if as_json:
        print(json.dumps({"interchange_control_number": number, "file": clearinghouse.where_submitted(file_name)}))
        return
    console.print(f"submitted batch {batch} as {clearinghouse.where_submitted(file_name)} (ISA13 {number:09d})")


@app.command("collect")
@one_line_errors
def collect_command(
    partner: PartnerOption, user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """Read the inbox: 999s move batches, 277CAs move claims (reasons in plain words), 835s are posted."""
    clearinghouse = load_partner(partner)
    report = collect(*open_as(database, user), clearinghouse)
    if as_json:
        print(json.dumps(asdict(report)))
        return
    console.print(f"{len(report.files)} files")
    for number, words in report.batches.items():
        console.print(f"batch ISA13 {number:09d}: {words}")
    for claim, words in report.claims.items():
        console.print(f"claim {claim}: {words}")
    for posted in report.remittances:
        console.print(
            f"835 {posted['file']}: {posted['status']}, {posted['claims_posted']} claims posted, {posted['exceptions']} exceptions"
        )
    for item in report.unmatched:
        console.print(f"[yellow]unmatched[/]: {item}")
