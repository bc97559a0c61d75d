"""`revcycle clearinghouse ...` — send claims batches and bring the answers back.

    revcycle clearinghouse submit --batch ID --partner PARTNER.toml --user USERNAME [--json]
    revcycle clearinghouse resubmit --partner PARTNER.toml --user USERNAME [--interchange N] [--json]
    revcycle clearinghouse collect --partner PARTNER.toml --user USERNAME [--watch [--runs N]] [--json]
    revcycle clearinghouse test-connection PARTNER.toml

PARTNER (JSON or TOML, by its suffix) names the trading partner, its kind (a local `directory`, the payer
`simulator`, an `sftp` server), where its files go and come from, and our envelope to it (ISA/GS ids and
qualifiers, usage T/P): every field in `revcycle.clearinghouse.partners.load_partner`, examples with each field
explained in `examples/partners/`.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from revcycle.clearinghouse.partners import load_partner
from revcycle.cli.db import DatabaseOption, JsonOption, PartnerOption, UserOption, one_line_errors, open_as
from revcycle.kernel.errors import RevcycleError
from revcycle.practice.organization import Submitter
from revcycle.services.clearinghouse import CollectReport, collect, resubmit, submit_batch

PARTNER_FILE_HELP = (
    "--partner FILE describes the clearinghouse, in JSON or TOML (by the file's suffix): its name (it numbers our "
    "interchanges and names our files), its kind (directory: outbox/inbox folders; simulator: the local payer "
    "simulator; sftp: an SFTP server — host, port, user, key_path or password_env, known_hosts, remote folders, "
    "naming pattern, polling interval, timeouts), and our envelope (sender_id/receiver_id with their qualifiers, "
    "gs_sender/gs_receiver, usage T or P). Secrets are never in the file: a key by its path, a password by the "
    "name of the environment variable holding it. Examples with every field explained: examples/partners/ "
    "(README.md, sftp.toml, directory.toml, simulator.toml, directory.json, simulator.json)."
)
app = typer.Typer(
    name="clearinghouse",
    help="Submit 837P batches; collect TA1, 999, 277CA and 835 answers; check a partner's connection.",
    epilog=PARTNER_FILE_HELP,
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
    """Export batch ID as an 837P under the partner's next interchange number and hand it to the partner
    (its outbox, or its SFTP server's outbound folder). If the upload fails the batch stays submitted and the
    file is kept: `resubmit` sends it again."""
    clearinghouse = load_partner(partner)
    submitter = Submitter(submitter_name, clearinghouse.settings.sender_id, contact, phone)
    number, file_name = submit_batch(*open_as(database, user), clearinghouse, batch, submitter)
    if as_json:
        print(
            json.dumps(
                {"interchange_control_number": number, "file": clearinghouse.where_submitted(file_name)}
            )
        )
        return
    console.print(
        f"submitted batch {batch} as {clearinghouse.where_submitted(file_name)} (ISA13 {number:09d})"
    )


@app.command("resubmit")
@one_line_errors
def resubmit_command(
    partner: PartnerOption,
    user: UserOption,
    interchange: Annotated[
        int | None, typer.Option(help="the ISA13 to send again (default: every undelivered one)")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send again, byte for byte, an 837 whose upload failed (or every one to this partner not yet delivered).
    One delivered before is refused: a file is never sent twice."""
    clearinghouse = load_partner(partner)
    delivered = resubmit(*open_as(database, user), clearinghouse, interchange)
    if as_json:
        print(json.dumps([asdict(one) for one in delivered]))
        return
    for one in delivered:
        console.print(f"interchange {one.interchange_control_number:09d} delivered as {one.where}")
    if not delivered:
        console.print(
            f"nothing to resubmit: every interchange to {clearinghouse.settings.name} was delivered"
        )


@app.command("collect")
@one_line_errors
def collect_command(
    partner: PartnerOption,
    user: UserOption,
    watch: Annotated[
        bool, typer.Option("--watch", help="keep collecting, every poll interval of the partner file")
    ] = False,
    runs: Annotated[
        int, typer.Option(help="with --watch: stop after this many collections (0: until stopped)")
    ] = 0,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read the partner's inbound files: TA1s and 999s move batches, 277CAs move claims (reasons in plain words),
    835s are posted. Each file is applied once (a file seen before changes nothing) and archived after."""
    clearinghouse = load_partner(partner)
    uow, acting = open_as(database, user)  # one engine for every run of --watch, not a new pool per poll
    if not watch:
        _show(collect(uow, acting, clearinghouse), as_json)
        return
    interval = getattr(clearinghouse, "poll_seconds", 300)
    done = 0
    while runs == 0 or done < runs:
        if done:
            time.sleep(interval)
        try:
            _show(collect(uow, acting, clearinghouse), as_json, stamp=True)
        except RevcycleError as error:  # a partner down for a while: say so and try at the next interval
            typer.echo(f"{time.strftime('%H:%M:%S')} error: {error}", err=True)
        done += 1


def _show(report: CollectReport, as_json: bool, stamp: bool = False) -> None:
    if as_json:
        print(json.dumps(asdict(report)))
        return
    console.print((f"{time.strftime('%H:%M:%S')} " if stamp else "") + f"{len(report.files)} files")
    for number, words in report.batches.items():
        console.print(f"batch ISA13 {number:09d}: {words}")
    for claim, words in report.claims.items():
        console.print(f"claim {claim}: {words}")
    for posted in report.remittances:
        console.print(
            f"835 {posted['file']}: {posted['status']}, {posted['claims_posted']} claims posted, {posted['exceptions']} exceptions"
        )
    for item in report.already_collected:
        console.print(f"already collected: {item}")
    for item in report.unmatched:
        console.print(f"[yellow]unmatched[/]: {item}")
    for item in report.failed:
        console.print(f"[red]not applied (left waiting)[/]: {item}")


@app.command("test-connection")
def test_connection(
    partner_file: Annotated[Path | None, typer.Argument(metavar="PARTNER", help="the partner file")] = None,
    partner: Annotated[Path | None, typer.Option("--partner", help="the partner file (JSON or TOML)")] = None,
) -> None:
    """Reach the partner, list its folders, write and remove a probe file where our 837s go; say plainly what
    failed (refused, authentication failed, host key unknown, folder missing) and exit 1."""
    path = partner or partner_file
    if path is None:
        typer.echo("error: name the partner file (PARTNER or --partner FILE)", err=True)
        raise typer.Exit(2)
    try:
        clearinghouse = load_partner(path)
        lines = clearinghouse.check()
    except RevcycleError as error:
        typer.echo(f"connection test failed: {error.message}", err=True)
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"connection test failed: {error.strerror or error} ({error.filename or path})", err=True)
        raise typer.Exit(1) from None
    for line in lines:
        console.print(line)
    console.print(f"ok: {clearinghouse.settings.name} is reachable and accepts our files")
