"""The interface inbox: every message an EHR sends (HL7 v2, FHIR) received once, applied whole or kept in the
error queue with the reason, to be fixed and replayed or dismissed.

    receipt = receive(uow, user, "hl7", raw, read_hl7)       # read -> IntakeMessage, or IntakeReadError
    receipt.status                                           # applied | duplicate | failed | rejected
    failed, total = messages(uow, user, "failed")            # the error queue, newest first
    replay(uow, user, receipt.message_id, read_hl7, fixed_raw=corrected_text)
    dismiss(uow, user, message_id)

- One transaction applies the message and inserts its `interface_messages` row (applied): all of it or none.
- (channel, sender, control id) is unique: a message received before is a duplicate (nothing changes; its
  receipt says how the first one went), even when two listeners receive it at once (the insert decides).
- A message that cannot be applied is rolled back whole and recorded, in a transaction of its own, as failed
  with the reason (located: 'PID-7: ...'). One that cannot even be identified (no header) is rejected and kept
  nowhere.
- Every apply, failure, replay and dismissal is audited (entity `interface_message`, ids and message types only;
  the text and the reason are PHI and stay in the inbox row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from revcycle.interfaces.intake import IntakeMessage, IntakeReadError, MessageHeader
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.interface_apply import Applied, Raced, apply_message
from revcycle.store.repositories.interface_messages import InterfaceMessage
from revcycle.store.uow import UnitOfWork

Reader = Callable[[str], IntakeMessage]
STATUSES = ("applied", "failed", "dismissed")
MAX_RAW = 1_000_000  # characters of one message
RACE_TRIES = 3


@dataclass(frozen=True, slots=True)
class Receipt:
    """How a message went. `status`: applied, duplicate (received before: `prior_status` says how that one went),
    failed (in the error queue: `error` says where and why), rejected (not even identified: kept nowhere)."""

    status: str
    header: MessageHeader | None
    message_id: int | None = None
    error: str = field(default="", repr=False)
    error_code: ErrorCode | None = None
    prior_status: str = ""
    applied: Applied | None = None

    @property
    def accepted(self) -> bool:
        """True when the sender may forget the message: applied, or a duplicate of one that was."""
        return self.status == "applied" or (self.status == "duplicate" and self.prior_status != "failed")


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def receive(uow: UnitOfWork, user: User, channel: str, raw: str, read: Reader) -> Receipt:
    """Read and apply one message, once (see the module's docstring)."""
    user.require(Permission.MANAGE_INTERFACES)
    if len(raw) > MAX_RAW:
        return Receipt("rejected", None, error=f"the message is longer than {MAX_RAW:,} characters",
                       error_code=ErrorCode.VALIDATION)  # fmt: skip
    try:
        message = read(raw)
    except IntakeReadError as error:
        if not error.kept or error.header is None or error.header.channel != channel:
            return Receipt("rejected", error.header, error=error.message, error_code=error.code)
        return _record_failure(uow, user, error.header, raw, error)
    for _try in range(RACE_TRIES):
        try:
            return _apply_new(uow, user, message, raw)
        except Raced:
            continue
        except RevcycleError as error:
            return _record_failure(uow, user, message.header, raw, error)
    return _record_failure(uow, user, message.header, raw, RevcycleError(
        ErrorCode.CONFLICT, "other messages kept changing the same records; replay it"))  # fmt: skip


def _apply_new(uow: UnitOfWork, user: User, message: IntakeMessage, raw: str) -> Receipt:
    header = message.header
    with uow:
        message_id = uow.interface_messages.claim(_new_row(uow, user, header, raw, "applied"))
        if message_id is None:
            return _duplicate(uow, header)
        applied = apply_message(uow, user, message)
        audit.record(uow, user, audit.Action.CREATE, "interface_message", message_id,
                     f"applied {header.channel} {header.message_type}{_ids(applied)}")  # fmt: skip
        return Receipt("applied", header, message_id, applied=applied)


def _new_row(
    uow: UnitOfWork, user: User, header: MessageHeader, raw: str, status: str, error: str = ""
) -> dict:
    """The first `interface_messages` row of a message: applied (now) or failed with the reason."""
    now = uow.clock.now()
    return {"channel": header.channel, "sender": header.sender, "control_id": header.control_id,
            "message_type": header.message_type, "digest": digest(raw), "raw": raw, "status": status,
            "error": error, "attempts": 1, "received_at": now, "applied_at": now if status == "applied" else None,
            "user_id": user.id}  # fmt: skip


def _ids(applied: Applied) -> str:
    patients = ",".join(map(str, dict.fromkeys(applied.patient_ids)))
    encounters = ",".join(map(str, dict.fromkeys(applied.encounter_ids)))
    return (f" patient={patients}" if patients else "") + (f" encounter={encounters}" if encounters else "")


def _duplicate(uow: UnitOfWork, header: MessageHeader) -> Receipt:
    prior = uow.interface_messages.find(header.channel, header.sender, header.control_id)
    assert prior is not None  # the unique constraint refused our row: it is there
    return Receipt("duplicate", header, prior.id, prior.error, prior_status=prior.status)


def _record_failure(
    uow: UnitOfWork, user: User, header: MessageHeader, raw: str, error: RevcycleError
) -> Receipt:
    """The message in the error queue (its own transaction: nothing of it was applied)."""
    with uow:
        message_id = uow.interface_messages.claim(_new_row(uow, user, header, raw, "failed", error.message))
        if message_id is None:
            return _duplicate(uow, header)
        audit.record(uow, user, audit.Action.CREATE, "interface_message", message_id,
                     f"failed {header.channel} {header.message_type} ({error.code})")  # fmt: skip
        return Receipt("failed", header, message_id, error.message, error.code)


def replay(
    uow: UnitOfWork, user: User, message_id: int, read: Reader, fixed_raw: str | None = None
) -> Receipt:
    """Apply a failed message again, as it was or as fixed (the fixed text must keep its sender and control id).
    Applied: the row says so. Failed again: the row keeps the new reason (and the fixed text, to fix further)."""
    user.require(Permission.MANAGE_INTERFACES)
    queued = _failed(uow, message_id)
    raw = queued.raw if fixed_raw is None else fixed_raw
    try:
        message = _read_same(queued, raw, read)
        for _try in range(RACE_TRIES):
            try:
                return _apply_replay(uow, user, message_id, message, raw)
            except Raced:
                continue
        raise RevcycleError(
            ErrorCode.CONFLICT, "other messages kept changing the same records; replay it again"
        )
    except RevcycleError as error:
        if error.code in (ErrorCode.FORBIDDEN,) or isinstance(error, _NotFailed):
            raise
        return _record_retry_failure(uow, user, message_id, raw, error)


class _NotFailed(RevcycleError):
    """The message is no longer in the queue (applied or dismissed meanwhile)."""


def _failed(uow: UnitOfWork, message_id: int) -> InterfaceMessage:
    with uow:
        found = uow.interface_messages.get(message_id)
    if found.status != "failed":
        raise _NotFailed(ErrorCode.CONFLICT, f"interface message {message_id} is {found.status}, not in the error "
                         "queue")  # fmt: skip
    return found


def _read_same(queued: InterfaceMessage, raw: str, read: Reader) -> IntakeMessage:
    if len(raw) > MAX_RAW:
        raise RevcycleError(ErrorCode.VALIDATION, f"the message is longer than {MAX_RAW:,} characters")
    try:
        message = read(raw)
    except IntakeReadError as error:
        raise RevcycleError(error.code, error.message) from error
    header = message.header
    if (header.channel, header.sender, header.control_id) != (
        queued.channel,
        queued.sender,
        queued.control_id,
    ):
        raise RevcycleError(ErrorCode.VALIDATION, f"the fixed message is {header.sender} {header.control_id}; "
                            f"it must keep the queued one's sender and control id ({queued.sender} "
                            f"{queued.control_id})")  # fmt: skip
    return message


def _apply_replay(uow: UnitOfWork, user: User, message_id: int, message: IntakeMessage, raw: str) -> Receipt:
    with uow:
        locked = uow.interface_messages.lock(message_id)
        if locked.status != "failed":
            raise _NotFailed(ErrorCode.CONFLICT, f"interface message {message_id} is {locked.status} already")
        applied = apply_message(uow, user, message)
        uow.interface_messages.change(message_id, {
            "status": "applied", "error": "", "raw": raw, "digest": digest(raw), "attempts": locked.attempts + 1,
            "applied_at": uow.clock.now(), "user_id": user.id, "message_type": message.header.message_type})  # fmt: skip
        audit.record(uow, user, audit.Action.CHANGE, "interface_message", message_id,
                     f"replayed: applied{' (fixed)' if raw != locked.raw else ''}{_ids(applied)}")  # fmt: skip
        return Receipt("applied", message.header, message_id, applied=applied)


def _record_retry_failure(
    uow: UnitOfWork, user: User, message_id: int, raw: str, error: RevcycleError
) -> Receipt:
    with uow:
        locked = uow.interface_messages.lock(message_id)
        if locked.status != "failed":
            raise _NotFailed(ErrorCode.CONFLICT, f"interface message {message_id} is {locked.status} already")
        uow.interface_messages.change(message_id, {"error": error.message, "raw": raw, "digest": digest(raw),
                                                   "attempts": locked.attempts + 1, "user_id": user.id})  # fmt: skip
        audit.record(uow, user, audit.Action.CHANGE, "interface_message", message_id,
                     f"replayed: failed again ({error.code})")  # fmt: skip
        header = MessageHeader(locked.channel, locked.sender, locked.control_id, locked.message_type)
        return Receipt("failed", header, message_id, error.message, error.code)


def dismiss(uow: UnitOfWork, user: User, message_id: int) -> InterfaceMessage:
    """Take a failed message off the queue without applying it (kept, status dismissed)."""
    user.require(Permission.MANAGE_INTERFACES)
    with uow:
        locked = uow.interface_messages.lock(message_id)
        if locked.status != "failed":
            raise RevcycleError(ErrorCode.CONFLICT, f"interface message {message_id} is {locked.status}; only a "
                                "failed one can be dismissed")  # fmt: skip
        uow.interface_messages.change(message_id, {"status": "dismissed", "user_id": user.id})
        audit.record(uow, user, audit.Action.CHANGE, "interface_message", message_id, "dismissed")
        return uow.interface_messages.get(message_id)


def messages(uow: UnitOfWork, user: User, status: str | None = "failed", channel: str | None = None,
             limit: int = 50, offset: int = 0) -> tuple[list[InterfaceMessage], int]:  # fmt: skip
    """A page of the inbox (default: the error queue), newest first, and how many there are; each shown is an
    audited read (their text is PHI)."""
    user.require(Permission.MANAGE_INTERFACES)
    if status is not None and status not in STATUSES:
        raise RevcycleError(ErrorCode.VALIDATION, f"status: one of {', '.join(STATUSES)}")
    with uow:
        found, total = uow.interface_messages.listing(
            status, channel, max(1, min(limit, 500)), max(0, offset)
        )
        audit.record_many(uow, user, audit.Action.READ, "interface_message", [(m.id, "list") for m in found])
        return found, total


def failed_messages(
    uow: UnitOfWork, user: User, limit: int = 50, offset: int = 0
) -> tuple[list[InterfaceMessage], int]:
    """The error queue: `messages(..., status="failed")`."""
    return messages(uow, user, "failed", None, limit, offset)


def message(uow: UnitOfWork, user: User, message_id: int) -> InterfaceMessage:
    """One message with its text (an audited read)."""
    user.require(Permission.MANAGE_INTERFACES)
    with uow:
        found = uow.interface_messages.get(message_id)
        audit.record(uow, user, audit.Action.READ, "interface_message", message_id)
        return found


def inbox_counts(uow: UnitOfWork, user: User) -> dict[str, int]:
    """How many messages are applied, failed (the queue) and dismissed."""
    user.require(Permission.MANAGE_INTERFACES)
    with uow:
        counts = uow.interface_messages.counts()
        return {status: counts.get(status, 0) for status in STATUSES}
