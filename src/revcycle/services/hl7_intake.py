"""HL7 v2 through the interface inbox: a message answered with its ACK, a batch file imported message by message,
and the senders' mapping file found.

    read = hl7_reader_for(path)                                  # the mapping file (else $REVCYCLE_HL7_MAPPING)
    receipt, ack = answer(UnitOfWork(engine, clock), user, raw, read)     # one message, one transaction
    report = import_messages(lambda: UnitOfWork(engine, clock), user, file_text, read, on_progress)

The ACK: AA when the message was applied (or received before and applied), AE when it is in the error queue (or
is the re-send of one that is), AR when it cannot be taken (no MSH or control id, a message type revcycle does not
apply, the database unreachable: the sender keeps it and sends it again).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from revcycle.interfaces.hl7_ack import build_ack
from revcycle.interfaces.hl7_mapping import load_mapping
from revcycle.interfaces.hl7_read import hl7_reader
from revcycle.interfaces.hl7_segments import split_messages
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import User
from revcycle.services import interface_inbox
from revcycle.services.interface_inbox import Reader, Receipt, receive
from revcycle.store.uow import UnitOfWork

MAPPING_VARIABLE = "REVCYCLE_HL7_MAPPING"
log = logging.getLogger("revcycle.interfaces")


def hl7_reader_for(path: str | Path | None = None) -> Reader:
    """The HL7 reader with the mapping file at `path` (else $REVCYCLE_HL7_MAPPING; neither: built-in tables)."""
    chosen = path or os.environ.get(MAPPING_VARIABLE)
    if not chosen:
        return hl7_reader()
    file = Path(chosen)
    try:
        stamp = file.stat()
        return _file_reader(str(file.resolve()), stamp.st_mtime_ns, stamp.st_size)
    except OSError as error:
        raise RevcycleError(
            ErrorCode.NOT_FOUND, f"cannot read the HL7 mapping {file}: {error.strerror}"
        ) from error


@functools.lru_cache(maxsize=8)
def _file_reader(path: str, _mtime_ns: int, _size: int) -> Reader:
    """The mapping file read and parsed once per version (each API message and replay asks for the reader)."""
    file = Path(path)
    return hl7_reader(load_mapping(file.read_text(encoding="utf-8"), file.name))


def ack_code(receipt: Receipt) -> str:
    if receipt.accepted:
        return "AA"
    return "AR" if receipt.status == "rejected" else "AE"


def answer(uow: UnitOfWork, user: User, raw: str, read: Reader) -> tuple[Receipt, str]:
    """Receive the message and build its ACK (a database failure is an AR: nothing was kept, send it again)."""
    try:
        receipt = receive(uow, user, "hl7", raw, read)
    except RevcycleError as error:  # the listener's user may not receive (FORBIDDEN): nothing kept, AR
        receipt = Receipt("rejected", None, error=error.message, error_code=error.code)
    except SQLAlchemyError as error:
        log.error("HL7 message not received: the database failed (%s)", type(error).__name__)
        receipt = Receipt("rejected", None, error="the database is unavailable; send the message again",
                          error_code=ErrorCode.BUSY)  # fmt: skip
    code = ack_code(receipt)
    error = "" if code == "AA" else receipt.error
    return receipt, build_ack(raw, code, uow.clock.now(), error, receipt.error_code)


@dataclass
class ImportReport:
    """What a batch file did: how many messages were applied, duplicates, failed (queued) and rejected."""

    applied: int = 0
    duplicate: int = 0
    failed: int = 0
    rejected: int = 0
    problems: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (number in the file, control id, error)

    @property
    def total(self) -> int:
        return self.applied + self.duplicate + self.failed + self.rejected

    def add(self, number: int, receipt: Receipt) -> None:
        setattr(self, receipt.status, getattr(self, receipt.status) + 1)
        if receipt.status in ("failed", "rejected") or not receipt.accepted:
            control_id = receipt.header.control_id if receipt.header else ""
            self.problems.append((number, control_id, receipt.error))


def import_messages(new_uow: Callable[[], UnitOfWork], user: User, text: str, read: Reader,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:  # fmt: skip
    """Each message of a file (FHS/BHS batch or one after another) received in its own transaction."""
    messages = split_messages(text)
    report = ImportReport()
    for number, message in enumerate(messages, start=1):
        report.add(number, receive(new_uow(), user, "hl7", message, read))
        if progress is not None:
            progress(number, len(messages))
    return report


def reader_for_channel(channel: str) -> Reader:
    """The reader of a queued message's channel: HL7 with $REVCYCLE_HL7_MAPPING, FHIR Bundles."""
    if channel == "fhir":
        from revcycle.interfaces.fhir_read import (
            read_bundle,
        )  # the FHIR reader, loaded only for FHIR messages

        return read_bundle
    return hl7_reader_for(None)


def replay_queued(uow: UnitOfWork, user: User, message_id: int, fixed_raw: str | None = None) -> Receipt:
    """`interface_inbox.replay` with the reader of the message's own channel (the API's and web page's replay)."""
    queued = interface_inbox.message(uow, user, message_id)
    return interface_inbox.replay(uow, user, message_id, reader_for_channel(queued.channel), fixed_raw)
