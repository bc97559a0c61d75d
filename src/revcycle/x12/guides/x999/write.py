"""Write 999 (005010X231A1) implementation acknowledgments: `FunctionalAck` models, and the 999 for a
file we received, as a clearinghouse sends it.

    result = read_x12(data, validate=True)
    text = acknowledge(result, AckHeader(sender="CLINIC", receiver="PAYER", control_number=7))
    text = write_acknowledgments(acks, header, sender=..., receiver=..., group_control=...)

`acknowledge` turns the file's problems into one `FunctionalAck` per functional group (AK1) with
one `TransactionAck` per transaction set (AK2). A transaction with errors gets a `SegmentError`
per segment in error (IK3: segment id, position in the set, loop id, IK304 code) and an
`ElementError` per element in error (IK4: position[:component], data element number, IK403 code,
the bad value), then IK5*R; a clean one IK5*A. AK9 says A (all accepted), P (some), R (none) or E.
Interchange (ISA/IEA) problems belong in a TA1, not in a 999, and are left out. Transaction sets we
have no guide for are rejected as not supported (IK502 1): we cannot vouch for what we cannot check.

`write_acknowledgments` writes any model, e.g. one read back from a 999 (write → read → write
gives the same text); `acknowledge` writes through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.x12.errors import X12Problem
from revcycle.x12.guides import FUNCTIONAL_IDS
from revcycle.x12.guides.x999.model import ElementError, FunctionalAck, SegmentError, TransactionAck
from revcycle.x12.reader import ParsedTransaction, X12File
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X231A1"
SEGMENT_CODES = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"})
ELEMENT_CODES = frozenset({*map(str, range(1, 11)), "12", "13", "I10", "I11", "I12", "I13", "I6", "I9"})
Body = list[list[Value]]


@dataclass(frozen=True, slots=True)
class AckHeader:
    sender: str  # we, acknowledging
    receiver: str  # who sent us the file
    control_number: int  # ISA13 and GS06 of the 999 interchange
    created: dt.datetime = dt.datetime(2000, 1, 1)
    usage: str = "P"


def acknowledge(result: X12File, header: AckHeader) -> str:
    """The 999 interchange acknowledging every functional group of `result`."""
    groups = result.document.groups()
    acks = [
        group_acknowledgment(result, group, f"{number:04d}") for number, group in enumerate(groups, start=1)
    ]
    isa = InterchangeHeader(
        header.sender, header.receiver, header.control_number, created=header.created, usage=header.usage
    )
    return write_acknowledgments(
        acks, isa, sender=header.sender, receiver=header.receiver, group_control=header.control_number
    )


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


def acknowledgment_segments(ack: FunctionalAck) -> Body:
    """The body of one 999 transaction set (AK1 … AK9)."""
    body: Body = [["AK1", ack.functional_id, ack.group_control_number, ack.version]]
    for transaction in ack.transactions:
        body += _transaction_segments(transaction)
    counts = [_text(count) for count in (ack.declared, ack.received, ack.accepted)]
    body.append(["AK9", ack.status, *counts, *ack.group_error_codes])
    return body


def _transaction_segments(transaction: TransactionAck) -> Body:
    body: Body = [["AK2", transaction.set_id, transaction.control_number, transaction.version]]
    for error in transaction.segment_errors:
        body += _segment_error_segments(error)
    body.append(["IK5", transaction.status, *transaction.error_codes])
    return body


def _segment_error_segments(error: SegmentError) -> Body:
    body: Body = [["IK3", error.segment_id, str(error.position), error.loop_id, error.code]]
    body += [["CTX", *values] for values in error.contexts]
    for element_error in error.element_errors:
        body += _element_error_segments(element_error)
    return body


def _element_error_segments(error: ElementError) -> Body:
    position: Value = str(error.position)
    if error.component is not None or error.repetition is not None:
        position = (str(error.position), _text(error.component), _text(error.repetition))
    body: Body = [["IK4", position, error.element_ref, error.code, error.bad_value]]
    body += [["CTX", *values] for values in error.contexts]
    return body


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)


# ---- a received file's problems as acknowledgment models -----------------------------------------


def group_acknowledgment(result: X12File, group, control_number: str) -> FunctionalAck:  # noqa: ANN001 - envelope.FunctionalGroup
    """The 999 transaction set (ST02 `control_number`) answering one functional group of `result`."""
    echo = [_clean(value, 12) for value in (group.control_number, group.version)]
    ack = FunctionalAck("999", control_number, _functional_id(group), *echo)
    ack.transactions = [
        transaction_acknowledgment(result, p) for p in result.transactions if p.group is group
    ]
    group_codes = _group_codes(result, group)
    received = len(ack.transactions)
    accepted = sum(transaction.accepted for transaction in ack.transactions)
    if "1" in group_codes:  # a group under the wrong GS01 is not supported: none of its sets is taken
        accepted = 0
    ack.status = "A" if accepted == received and not group_codes else "R" if accepted == 0 else "P"
    ack.declared, ack.received, ack.accepted = _declared_count(result, group), received, accepted
    ack.group_error_codes = group_codes[:5]
    return ack


def transaction_acknowledgment(result: X12File, parsed: ParsedTransaction) -> TransactionAck:
    transaction = parsed.transaction
    st = result.document.segments[transaction.start]
    st03 = st[3] if len(st) > 3 else ""  # AK203 echoes ST03 only when it was sent
    echo = [_clean(value, 35) for value in (transaction.set_id, transaction.control_number, st03)]
    ack = TransactionAck(*echo)
    problems = _problems_in(result.problems, transaction.start, transaction.end)
    codes = sorted({p.code for p in problems if p.level == "transaction"})
    ack.segment_errors = _segment_errors([p for p in problems if p.level in ("segment", "element")])
    if parsed.guide is None:
        codes = ["1", *codes]
    elif ack.segment_errors:
        codes.append("5")
    ack.status = "R" if codes else "A"
    ack.error_codes = codes[:5]
    return ack


def _functional_id(group) -> str:  # noqa: ANN001 - envelope.FunctionalGroup
    """AK101: GS01 as received when it is the code of the sets inside, else the code they travel under.

    A wrong GS01 ('HPO' around an 835) is reported as AK905 1; AK101 must still be a valid code."""
    expected = FUNCTIONAL_IDS.get(group.transactions[0].set_id) if group.transactions else None
    if expected is not None and group.functional_id != expected:
        return expected
    return _clean(group.functional_id, 2)


def _segment_errors(problems: list[X12Problem]) -> list[SegmentError]:
    by_segment: dict[int, list[X12Problem]] = {}
    for problem in problems:
        by_segment.setdefault(problem.segment_number or 0, []).append(problem)
    return [_segment_error(found) for found in by_segment.values()]


def _segment_error(found: list[X12Problem]) -> SegmentError:
    first = found[0]
    segment_level = [p for p in found if p.level == "segment" and p.code in SEGMENT_CODES]
    code = segment_level[0].code if segment_level else "8"
    segment_id = _clean(first.segment_id or "", 3) or "UNK"  # IK301 is required; an empty id has none
    element_errors = [_element_error(problem) for problem in _element_problems(found)]
    return SegmentError(
        segment_id, first.st_position or 1, _loop_code(first.loop_id), code, element_errors=element_errors
    )


def _element_problems(found: list[X12Problem]) -> list[X12Problem]:
    """One problem per element position: the validator and the typed reader may both see a bad value;
    keep the more specific report (with the data element number and the bad value)."""
    by_position: dict[tuple[int, int | None], X12Problem] = {}
    for problem in found:
        if problem.level != "element" or problem.element is None:
            continue
        position = (problem.element, problem.component)
        kept = by_position.get(position)
        if kept is None or _detail(problem) > _detail(kept):
            by_position[position] = problem
    return list(by_position.values())


def _detail(problem: X12Problem) -> int:
    return (problem.element_ref is not None) + (problem.bad_value is not None)


def _element_error(problem: X12Problem) -> ElementError:
    code = problem.code if problem.code in ELEMENT_CODES else "6"
    bad_value = _clean(problem.bad_value or "", 99)
    return ElementError(
        problem.element,
        code,
        problem.component or None,
        element_ref=problem.element_ref or "",
        bad_value=bad_value,
    )


def _loop_code(loop_id: str | None) -> str:
    """IK303 is at most 4 characters: the loop number of the diagram (2010 for 2010AA)."""
    return loop_id[:4] if loop_id and loop_id[:4].isdecimal() else ""


def _clean(value: str, length: int) -> str:
    """Keep a copy of bad data printable and free of delimiters (X12 has no escape)."""
    return "".join(char for char in value if char.isalnum() or char in " .-/")[:length].strip()


def _problems_in(problems: list[X12Problem], start: int, end: int) -> list[X12Problem]:
    return [p for p in problems if p.segment_number is not None and start < p.segment_number <= end + 1]


def _group_codes(result: X12File, group) -> list[str]:  # noqa: ANN001
    problems = _problems_in(result.problems, group.start, group.end)
    return sorted({p.code for p in problems if p.level == "group"})


def _declared_count(result: X12File, group) -> int:  # noqa: ANN001
    segments = result.document.segments
    trailer = segments[group.end] if 0 <= group.end < len(segments) else []
    said = trailer[1] if len(trailer) > 1 and trailer[0] == "GE" else ""
    if said.isdecimal() and said.isascii() and len(said) <= 9:  # GE01 is N0 1-6; a longer one is not a count
        return int(trailer[1])
    return len(group.transactions)
