"""`revcycle interfaces ...` — HL7 v2 from the EHR and the interface error queue.

revcycle interfaces listen --port P --user U [--host 127.0.0.1] [--mapping FILE]   the MLLP listener (Ctrl-C stops)
revcycle interfaces import FILE --user U [--mapping FILE] [--json]                 a batch file, message by message
revcycle interfaces errors --user U [--json]                                       the error queue
revcycle interfaces replay ID --user U [--file FIXED.hl7] [--mapping FILE]         apply a queued message again
revcycle interfaces dismiss ID --user U                                            take one off the queue, unapplied
revcycle interfaces send FILE --port P [--host 127.0.0.1]                          send a file's messages over MLLP

The mapping (each sender's code tables, examples/interfaces/hl7_mapping.toml) is --mapping, else
$REVCYCLE_HL7_MAPPING. The listener answers every message with its ACK (AA applied, AE queued with an ERR naming
the field, AR not taken) after its transaction; each message runs in a worker thread so the listener keeps
reading. Message contents are never printed by the listener, only counts and control ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, open_as
from revcycle.cli.errors import one_line_errors, read_bytes
from revcycle.interfaces.hl7_segments import split_messages
from revcycle.interfaces.mllp import MllpClient, decoded, serve
from revcycle.services import interface_inbox
from revcycle.services.database import UnitOfWork
from revcycle.services.hl7_intake import ImportReport, ack_code, answer, hl7_reader_for, import_messages

app = typer.Typer(name="interfaces", help="HL7 v2 from the EHR (MLLP listener, batch files); the interface error queue.",
                  no_args_is_help=True)  # fmt: skip
console = Console(highlight=False, soft_wrap=True)
MappingOption = Annotated[Path | None, typer.Option("--mapping", help="the senders' code tables (TOML)")]
HostOption = Annotated[str, typer.Option("--host", help="the address to listen on / send to")]


def _text(file: Path) -> str:
    return decoded(read_bytes(file))


@app.command("listen")
@one_line_errors
def listen(port: Annotated[int, typer.Option("--port", help="the TCP port (2575 is HL7's)")], user: UserOption,
           host: HostOption = "127.0.0.1", mapping: MappingOption = None, database: DatabaseOption = None) -> None:  # fmt: skip
    """Listen for HL7 v2 over MLLP; each message is applied once and answered with its ACK."""
    base, acting = open_as(database, user)
    read = hl7_reader_for(mapping)
    counts = dict.fromkeys(("AA", "AE", "AR"), 0)

    def handle_now(text: str) -> str:
        receipt, ack = answer(UnitOfWork(base.engine, base.clock), acting, text, read)
        code = ack_code(receipt)
        counts[code] += 1
        if code != "AA":
            control_id = receipt.header.control_id if receipt.header else "-"
            console.print(f"{code} {control_id} {receipt.status} (message {receipt.message_id or '-'})")
        return ack

    async def handle(text: str) -> str:
        return await asyncio.to_thread(handle_now, text)

    async def run() -> None:
        server = await serve(host, port, handle)
        console.print(f"listening for HL7 v2 (MLLP) on {host}:{port} as {acting.username}; Ctrl-C stops")
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    console.print(
        f"stopped: {counts['AA']} accepted, {counts['AE']} in the error queue, {counts['AR']} rejected"
    )


@app.command("import")
@one_line_errors
def import_file(file: Path, user: UserOption, mapping: MappingOption = None, database: DatabaseOption = None,
                as_json: JsonOption = False) -> None:  # fmt: skip
    """Import FILE's HL7 messages (an FHS/BHS batch or messages one after another), each in its own transaction;
    exit 1 when any failed or was rejected."""
    text = _text(file)
    base, acting = open_as(database, user)
    read = hl7_reader_for(mapping)

    def new_uow() -> UnitOfWork:
        return UnitOfWork(base.engine, base.clock)

    if as_json:
        report = import_messages(new_uow, acting, text, read)
        print(json.dumps(_report_json(file, report)))
    else:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"importing {file.name}", total=None)
            report = import_messages(new_uow, acting, text, read,
                                     lambda done, total: progress.update(task, completed=done, total=total))  # fmt: skip
        _show_report(file, report)
    if report.failed or report.rejected:
        raise typer.Exit(1)


def _report_json(file: Path, report: ImportReport) -> dict:
    return {"file": file.name, "messages": report.total, "applied": report.applied, "duplicate": report.duplicate,
            "failed": report.failed, "rejected": report.rejected,
            "problems": [{"number": n, "control_id": c, "error": e} for n, c, e in report.problems]}  # fmt: skip


def _show_report(file: Path, report: ImportReport) -> None:
    console.print(f"{file.name}: {report.total} messages — {report.applied} applied, {report.duplicate} duplicate, "
                  f"{report.failed} failed (in the error queue), {report.rejected} rejected")  # fmt: skip
    for number, control_id, error in report.problems:
        console.print(f"  message {number} {control_id or '-'}: {error}")


@app.command("errors")
@one_line_errors
def errors(user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """The interface error queue: messages that could not be applied, newest first."""
    found, total = interface_inbox.failed_messages(*open_as(database, user), limit=500)
    if as_json:
        print(json.dumps([{"id": m.id, "channel": m.channel, "sender": m.sender, "control_id": m.control_id,
                           "message_type": m.message_type, "received_at": m.received_at.isoformat(),
                           "attempts": m.attempts, "error": m.error} for m in found]))  # fmt: skip
        return
    table = Table(title=f"{total} messages in the error queue")
    for column in ("id", "received", "sender", "type", "control id", "tries", "reason"):
        table.add_column(column)
    for m in found:
        table.add_row(str(m.id), m.received_at.strftime("%Y-%m-%d %H:%M"), m.sender, m.message_type, m.control_id,
                      str(m.attempts), m.error)  # fmt: skip
    console.print(table)


@app.command("replay")
@one_line_errors
def replay(message_id: int, user: UserOption,
           file: Annotated[Path | None, typer.Option("--file", help="the fixed message (same control id)")] = None,
           mapping: MappingOption = None, database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Apply a queued message again, as it was or as fixed in FILE; exit 1 when it fails again."""
    fixed = split_messages(_text(file))[0] if file is not None else None
    receipt = interface_inbox.replay(*open_as(database, user), message_id, hl7_reader_for(mapping), fixed)
    if as_json:
        print(json.dumps({"id": message_id, "status": receipt.status, "error": receipt.error}))
    elif receipt.status == "applied":
        console.print(f"message {message_id} applied")
    else:
        console.print(f"message {message_id} failed again: {receipt.error}")
    if receipt.status != "applied":
        raise typer.Exit(1)


@app.command("dismiss")
@one_line_errors
def dismiss(
    message_id: int, user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """Take a failed message off the queue without applying it (it is kept, dismissed)."""
    found = interface_inbox.dismiss(*open_as(database, user), message_id)
    if as_json:
        print(json.dumps({"id": found.id, "status": found.status}))
    else:
        console.print(f"message {found.id} dismissed")


@app.command("send")
@one_line_errors
def send(file: Path, port: Annotated[int, typer.Option("--port")], host: HostOption = "127.0.0.1") -> None:
    """Send FILE's messages to an MLLP listener, one at a time, and print each ACK's MSA (a test client)."""
    with MllpClient(host, port) as client:
        for text in split_messages(_text(file)):
            ack = client.send(text)
            console.print(next((s for s in ack.split("\r") if s.startswith("MSA")), "no MSA"))
