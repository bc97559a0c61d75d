"""X12 5010 files as the `revcycle x12` commands see them: read (a summary per transaction set and the loop
trees), validate (our checks, then pyx12's when it is installed), acknowledge with a 999.

    parsed = parse_file(data)                        # parsed.summaries, parsed.trees, parsed.problems
    checked = validate_file(data, strict=False)      # checked.errors (ours), checked.pyx12 (None: not installed)
    ack = acknowledge_file(data, sender="CLINIC")    # ack.text: the 999; ack.statuses: its IK5/AK9 segments

Pure functions of the file's bytes: no database, no user, nothing audited (a file handed to the command is
not the practice's record). `pyx12_errors(text)` is also what the tests use to hold our written files to pyx12.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.x12 import AckHeader, X12Error, X12File, acknowledge, read_x12


@dataclass(frozen=True, slots=True)
class ParsedFile:
    summaries: list[dict[str, Any]]  # per transaction set: type, version, control number, segments, totals
    trees: list[dict[str, Any] | None]  # per transaction set: its loop tree (None when no guide read it)
    problems: list[dict[str, object]]  # every problem found, located (severity, message, segment, ...)
    problem_lines: list[tuple[str, str]]  # (severity, located message) per problem, for people


@dataclass(frozen=True, slots=True)
class Validation:
    errors: list[str]  # our checks' errors, located
    pyx12: list[str] | None  # pyx12's findings; None when it was not run (not installed, or strict and ours failed)

    @property
    def valid(self) -> bool:
        return not self.errors and not self.pyx12


@dataclass(frozen=True, slots=True)
class Acknowledgment:
    text: str  # the 999
    statuses: list[str]  # its IK5 and AK9 segments: accepted or rejected, per set and in all


def parse_file(data: bytes) -> ParsedFile:
    """Read the file (X12_SYNTAX when it is no X12 at all)."""
    result = read_x12(data)
    return ParsedFile(summarize(result), [parsed.tree.to_dict() if parsed.tree else None for parsed in result.transactions],
                      [problem.to_dict() for problem in result.problems],
                      [(problem.severity, str(problem)) for problem in result.problems])  # fmt: skip


def validate_file(data: bytes, strict: bool = False) -> Validation:
    """Our checks (envelopes, loops, segments, elements; `strict`: stop at the first), then pyx12's (skipped
    when `strict` and ours failed)."""
    if not data.strip():
        raise RevcycleError(ErrorCode.X12_SYNTAX, "the file is empty: an X12 file starts with an ISA segment")
    try:
        ours = [str(problem) for problem in read_x12(data, strict=strict, validate=True).errors]
    except X12Error as error:
        ours = [str(problem) for problem in error.problems]
    theirs = pyx12_errors(data.decode("utf-8", errors="replace")) if not (strict and ours) else None
    return Validation(ours, theirs)


def acknowledge_file(data: bytes, sender: str = "RECEIVER", control_number: int = 1, source: str = "",
                     created: dt.datetime | None = None) -> Acknowledgment:  # fmt: skip
    """A 999 accepting or rejecting (with IK3/IK4 details) every transaction set of the file, from `sender`
    (ISA06/GS02) to the file's sender, numbered `control_number` (ISA13/GS06), made `created` (default now,
    UTC). A file with no transaction set is X12_SYNTAX (`source` names it in the message)."""
    result = read_x12(data, validate=True)
    if not result.transactions:
        found = "; ".join(str(problem) for problem in result.errors[:3])
        raise RevcycleError(ErrorCode.X12_SYNTAX, f"{source}: no transaction set to acknowledge ({found})")
    sent_by = next((ic.sender_id for ic in result.document.interchanges if ic.sender_id), "SENDER")
    when = created or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    text = acknowledge(result, AckHeader(sender, sent_by, control_number, created=when))
    return Acknowledgment(text, [line for line in text.splitlines() if line.startswith(("IK5", "AK9"))])


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
    return totals


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
    logged_messages = [_STREAM.sub("the file", message) for message in logged.messages]
    errors = _flatten(json.loads(report.getvalue() or "{}")) + logged_messages  # ISA/GS errors are only logged
    return errors if errors or valid else ["pyx12 reports the file invalid"]


_STREAM = re.compile(r'"?<_io\.StringIO object at 0x[0-9a-fA-F]+>"?')  # pyx12 names its input by its repr


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
