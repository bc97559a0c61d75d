"""`revcycle x12 ...` — read, validate and acknowledge X12 5010 files.

    revcycle x12 parse FILE [--json]          summary (type, counts, totals) or the loop tree as JSON
    revcycle x12 validate FILE [--strict]     our checks, then pyx12's when installed
    revcycle x12 ack FILE --out 999.x12       a 999 acknowledging FILE

Exit codes: 0 valid / done, 1 the file is invalid, 2 usage error (a RevcycleError).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from revcycle.cli.errors import one_line_errors, read_bytes
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.x12 import AckHeader, X12Error, X12File, acknowledge, read_x12

app = typer.Typer(
    name="x12", help="X12 5010: parse, validate (ours + pyx12), acknowledge with a 999.", no_args_is_help=True
)
console = Console(highlight=False, soft_wrap=True)
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output: the full loop tree")]


def summarize(result: X12File) -> list[dict[str, Any]]:
    """Per transaction set: type, control number, counts and money totals (as strings)."""
    rows = []
    for parsed in result.transactions:
        row: dict[str, Any] = {
            "type": parsed.guide.key if parsed.guide else parsed.transaction.set_id,
            "version": parsed.transaction.version,
            "control_number": parsed.transaction.control_number,
            "segments": parsed.transaction.end - parsed.transaction.start + 1,
        }
        row |= _model_totals(parsed.model)
        rows.append(row)
    return rows


def _model_totals(model: object) -> dict[str, Any]:
    if hasattr(model, "summary"):  # 270/271, 276/277/277CA, 999/997 models summarise themselves
        return model.summary()
    claims = getattr(model, "claims", None)
    if claims is None:
        return {}
    totals: dict[str, Any] = {"claims": len(claims)}
    if hasattr(model, "total_paid"):  # 835
        totals["total_paid_bpr02"] = str(model.total_paid)
        totals["claims_paid"] = str(sum((claim.paid for claim in claims), Decimal(0)))
        totals["claims_charged"] = str(sum((claim.charge for claim in claims), Decimal(0)))
        totals["service_lines"] = sum(len(claim.service_lines) for claim in claims)
    else:  # 837
        totals["claims_charged"] = str(sum((claim.charge for claim in claims), Decimal(0)))
        totals["service_lines"] = sum(len(claim.service_lines) for claim in claims)
    return totals


@app.command("parse")
@one_line_errors
def parse(file: Path, as_json: JsonOption = False) -> None:
    """Read FILE: a summary per transaction set, or (--json) the whole loop tree."""
    result = read_x12(read_bytes(file))
    if as_json:
        trees = [
            {"summary": row, "tree": parsed.tree.to_dict() if parsed.tree else None}
            for row, parsed in zip(summarize(result), result.transactions, strict=True)
        ]
        problems = [problem.to_dict() for problem in result.problems]
        typer.echo(json.dumps({"transactions": trees, "problems": problems}, indent=1))
        return
    for row in summarize(result):
        console.print("  ".join(f"{key}={value}" for key, value in row.items()))
    for problem in result.problems:
        console.print(f"[yellow]{problem.severity}[/]: {problem}")


@app.command("validate")
@one_line_errors
def validate(
    file: Path,
    strict: Annotated[bool, typer.Option("--strict", help="stop at the first problem")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check FILE (envelopes, loops, segments, elements), then with pyx12 when installed. Exit 1 if invalid."""
    data = read_bytes(file)
    try:
        ours = [str(problem) for problem in read_x12(data, strict=strict, validate=True).errors]
    except X12Error as error:
        ours = [str(problem) for problem in error.problems]
    theirs = pyx12_errors(data.decode("utf-8", errors="replace")) if not (strict and ours) else None
    if as_json:
        typer.echo(json.dumps({"valid": not ours and not theirs, "errors": ours, "pyx12": theirs}, indent=1))
    else:
        for message in ours:
            console.print(f"[red]error[/]: {message}")
        for message in theirs or []:
            console.print(f"[red]pyx12[/]: {message}")
        if not ours and not theirs:
            console.print("valid" + ("" if theirs is not None else " (pyx12 not installed: our checks only)"))
    if ours or theirs:
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
    result = read_x12(read_bytes(file), validate=True)
    if not result.transactions:
        raise RevcycleError(
            ErrorCode.X12_SYNTAX,
            f"{file}: no transaction set to acknowledge ({'; '.join(str(p) for p in result.errors[:3])})",
        )
    sent_by = next((ic.sender_id for ic in result.document.interchanges if ic.sender_id), "SENDER")
    header = AckHeader(sender, sent_by, control_number, created=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    text = acknowledge(result, header)
    out.write_text(text, encoding="utf-8")
    statuses = [line for line in text.splitlines() if line.startswith(("IK5", "AK9"))]
    console.print(f"wrote {out}: " + " ".join(statuses))


def pyx12_errors(text: str) -> list[str] | None:
    """pyx12's findings as located strings; [] when valid; None when pyx12 is not installed."""
    if importlib.util.find_spec("pyx12") is None:
        return None
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    report, logged = io.StringIO(), _Collector()
    logger = logging.getLogger("pyx12")
    logger.addHandler(logged)
    try:
        valid = pyx12.x12n_document.x12n_document(
            pyx12.params.ParamsBase(), io.StringIO(text), None, None, None, report
        )
    except (
        pyx12.errors.X12Error,
        pyx12.errors.EngineError,
        KeyError,
        ValueError,
        IndexError,
        AttributeError,
    ) as error:
        return [f"pyx12 could not read the file: {type(error).__name__}: {error}"]
    finally:
        logger.removeHandler(logged)
    errors = (
        _flatten(json.loads(report.getvalue() or "{}")) + logged.messages
    )  # ISA/GS errors are only logged
    return errors if errors or valid else ["pyx12 reports the file invalid"]


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _flatten(node: object, where: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if "seg_id" in node:
            where = f"line {node.get('cur_line')} ({node.get('seg_id')})"
        elif "trn_set_id" in node:
            where = f"transaction {node.get('trn_set_id')} {node.get('trn_set_control_num')}"
        for error in node.get("errors") or []:
            if isinstance(error, dict):
                value = f" {error['err_val']!r}" if error.get("err_val") else ""
                found.append(f"{where}: {error.get('err_cde')} {error.get('err_str')}{value}".strip(": "))
        for key, value in node.items():
            if key != "errors" and isinstance(value, dict | list):
                found += _flatten(value, where)
    elif isinstance(node, list):
        for item in node:
            found += _flatten(item, where)
    return found
