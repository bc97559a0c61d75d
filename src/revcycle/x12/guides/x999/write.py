"""Write `FunctionalAck` models as 999 (005010X231A1) transaction sets — the inverse of read.

`revcycle.x12.ack999.acknowledge` builds 999s from a file's problems; this writes any model,
e.g. one read back from a 999 (write → read → write gives the same text).
"""

from __future__ import annotations

from revcycle.x12.guides.x999.model import ElementError, FunctionalAck, SegmentError, TransactionAck
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X231A1"
Body = list[list[Value]]


def acknowledgment_segments(ack: FunctionalAck) -> Body:
    body: Body = [["AK1", ack.functional_id, ack.group_control_number, ack.version]]
    for transaction in ack.transactions:
        body += _transaction(transaction)
    counts = [None if count is None else str(count) for count in (ack.declared, ack.received, ack.accepted)]
    body.append(["AK9", ack.status, *counts, *ack.group_error_codes])
    return body


def write_acknowledgments(
    acks: list[FunctionalAck],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
) -> str:
    sets = [Transaction("999", ack.control_number, acknowledgment_segments(ack)) for ack in acks]
    group = Group("FA", sender, receiver, group_control, VERSION, sets)
    return write_interchange(header, [group], line_break=line_break)


def _transaction(transaction: TransactionAck) -> Body:
    body: Body = [["AK2", transaction.set_id, transaction.control_number, transaction.version]]
    for error in transaction.segment_errors:
        body += _segment_error(error)
    body.append(["IK5", transaction.status, *transaction.error_codes])
    return body


def _segment_error(error: SegmentError) -> Body:
    body: Body = [["IK3", error.segment_id, str(error.position), error.loop_id, error.code]]
    body += [["CTX", *values] for values in error.contexts]
    for element_error in error.element_errors:
        body += _element_error(element_error)
    return body


def _element_error(error: ElementError) -> Body:
    position: Value = str(error.position)
    if error.component is not None or error.repetition is not None:
        parts = (str(error.position), _text(error.component), _text(error.repetition))
        position = parts
    body: Body = [["IK4", position, error.element_ref, error.code, error.bad_value]]
    body += [["CTX", *values] for values in error.contexts]
    return body


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)
