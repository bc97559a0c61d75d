"""`revcycle claims ...` — build, scrub, export and print claims.

    revcycle claims build (--encounter ID | --all-ready) [--fees FEES.csv] --user U [--json]
    revcycle claims scrub (CLAIM_ID... | --all) --user U [--json]
    revcycle claims export-837 --batch ID --out FILE --user U  (submitter/receiver by option or env)
    revcycle claims print CLAIM_ID --out FILE.pdf [--data-only] --user U
    revcycle claims correct CLAIM_ID [--dx ...] [--line N --code/--modifier/--units/--charge] --user U
    revcycle claims void CLAIM_ID --reason TEXT --user U
    revcycle claims build-institutional STAY.yaml [--charge-master CM.csv] --user U   (cli/hospital_claims.py)
    revcycle claims export-837i --batch ID --out FILE --user U
    revcycle claims ub04 CLAIM_ID --out FILE.pdf [--data-only] --user U

Exit codes: 0 done (scrub: every claim clean), 1 scrub found errors, 2 usage error (a RevcycleError).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.claims import Claim, FeeSchedule
from revcycle.claims.serialize import claim_to_dict
from revcycle.cli.claim_corrections import correct_command, void_command
from revcycle.cli.claim_status import status_command
from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.cli.hospital_claims import build_institutional_command, export_837i_command, ub04_command
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services import claims as claim_services

app = typer.Typer(name="claims", help="Claims: build from encounters, scrub, export 837P, print CMS-1500.",
                  no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)  # a file path printed whole, never broken across lines
app.command("status")(status_command)  # revcycle claims status --stale-days N (cli/claim_status.py)
app.command("correct")(correct_command)  # frequency 7 (cli/claim_corrections.py)
app.command("void")(void_command)  # frequency 8
app.command("build-institutional")(build_institutional_command)  # hospital claims (cli/hospital_claims.py)
app.command("export-837i")(export_837i_command)
app.command("ub04")(ub04_command)


def _option(name: str, env: str, text: str) -> object:
    return typer.Option(name, envvar=env, help=text)


SubmitterName = Annotated[str, _option("--submitter-name", "REVCYCLE_SUBMITTER_NAME", "1000A submitter name")]
SubmitterId = Annotated[str, _option("--submitter-id", "REVCYCLE_SUBMITTER_ID", "ETIN the clearinghouse gave you")]
Contact = Annotated[str, _option("--contact", "REVCYCLE_SUBMITTER_CONTACT", "billing contact name")]
Phone = Annotated[str, _option("--phone", "REVCYCLE_SUBMITTER_PHONE", "billing contact phone, 10 digits")]
ReceiverName = Annotated[str, _option("--receiver-name", "REVCYCLE_RECEIVER_NAME", "clearinghouse or payer name")]
ReceiverId = Annotated[str, _option("--receiver-id", "REVCYCLE_RECEIVER_ID", "receiver ETIN")]


def _print_claims(claims: list[Claim], as_json: bool) -> None:
    if as_json:
        print(json.dumps([claim_to_dict(claim) for claim in claims], indent=1))
        return
    table = Table(title=f"{len(claims)} claim(s)")
    for column in ("id", "claim", "status", "payer", "lines", "charge"):
        table.add_column(column)
    for claim in claims:
        table.add_row(str(claim.id), claim.claim_id, claim.status.value, claim.payer.name, str(len(claim.lines)),
                      str(Money(claim.total_charge_cents)))
    console.print(table)


@app.command("build")
@one_line_errors
def build(user: UserOption, encounter: Annotated[int | None, typer.Option("--encounter")] = None,
          all_ready: Annotated[bool, typer.Option("--all-ready", help="every encounter with a coverage and no claim")] = False,
          fees: Annotated[Path | None, typer.Option("--fees", help="fee schedule CSV (code,modifier,charge,...)")] = None,
          database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Build and store the claims of one encounter, or of every encounter ready to bill."""
    if (encounter is None) == (not all_ready):
        raise RevcycleError(ErrorCode.VALIDATION, "give --encounter ID or --all-ready")
    schedule = FeeSchedule.from_csv(fees) if fees else None
    uow, actor = open_as(database, user)
    if encounter is not None:
        built = claim_services.build_encounter_claims(uow, actor, encounter, schedule)
    else:
        built = claim_services.build_ready_claims(uow, actor, schedule)
    _print_claims(built, as_json)


@app.command("scrub")
@one_line_errors
def scrub(user: UserOption, claim_ids: Annotated[list[int] | None, typer.Argument(help="claim ids")] = None,
          all_claims: Annotated[bool, typer.Option("--all", help="every draft or scrubbed claim")] = False,
          database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Scrub claims as one batch per claim kind; clean claims become ready. Exit 1 when any claim has an error."""
    if bool(claim_ids) == all_claims:
        raise RevcycleError(ErrorCode.VALIDATION, "give CLAIM_ID... or --all")
    run = claim_services.scrub_claims(*open_as(database, user), claim_ids or None)
    if as_json:
        print(json.dumps({"batch_id": run.batch_id, **run.result.to_dict(), "batches": [
            {"kind": b.kind.value, "batch_id": b.batch_id, "claims": len(b.claims), "clean_claims": b.result.clean_claims}
            for b in run.batches]}, indent=1))  # fmt: skip
    else:
        for result in run.result.results:
            console.print(f"{result.claim_id}: {'clean' if result.clean else 'NOT CLEAN'}", markup=False)
            for finding in result.findings:
                console.print(f"  {finding.severity} {finding.code} [{finding.location}] {finding.message}", markup=False)
                if finding.hint:
                    console.print(f"    fix: {finding.hint}", markup=False)
        for batch in run.batches:  # one per claim kind: an 837P and an 837I are exported apart
            kind = f" ({batch.kind.value})" if len(run.batches) > 1 else ""
            console.print(f"batch {batch.batch_id}{kind}: {batch.result.clean_claims}/"
                          f"{len(batch.result.results)} clean (clean-claim rate {batch.result.clean_claim_rate}%)",
                          markup=False)  # fmt: skip
    if run.result.clean_claims < len(run.result.results):
        raise typer.Exit(1)


@app.command("export-837")
@one_line_errors
def export_837(user: UserOption, batch: Annotated[int, typer.Option("--batch")], out: Annotated[Path, typer.Option("--out")],
               submitter_name: SubmitterName, submitter_id: SubmitterId, contact: Contact, phone: Phone,
               receiver_name: ReceiverName, receiver_id: ReceiverId, database: DatabaseOption = None,
               as_json: JsonOption = False) -> None:
    """Write the batch's ready claims as an 837P, mark them submitted and post their charges."""
    export = claim_services.export_batch_837(*open_as(database, user), batch, out,
                                             Submitter(submitter_name, submitter_id, contact, phone),
                                             Receiver(receiver_name, receiver_id))
    summary = {"batch_id": batch, "file": str(out), "claims": [c.claim_id for c in export.claims],
               "charges_posted": export.charges_posted}
    if as_json:
        print(json.dumps(summary))
    else:
        console.print(f"wrote {len(export.claims)} claim(s) to {out}; {export.charges_posted} charge(s) posted",
                      markup=False)


@app.command("print")
@one_line_errors
def print_claim(user: UserOption, claim_id: int, out: Annotated[Path, typer.Option("--out")],
                data_only: Annotated[bool, typer.Option("--data-only", help="for pre-printed red forms")] = False,
                database: DatabaseOption = None) -> None:
    """Render a claim on the CMS-1500 (02/12) as a PDF."""
    pages = claim_services.print_claim(*open_as(database, user), claim_id, out, background=not data_only)
    console.print(f"wrote {out} ({pages} page{'s' if pages > 1 else ''})", markup=False)
