"""999 Implementation Acknowledgment (005010X231A1) for a file we received, as a clearinghouse sends it.

    result = read_x12(data, validate=True)
    text = acknowledge(result, AckHeader(sender="CLINIC", receiver="PAYER", control_number=7))

One AK1 per functional group, one AK2 per transaction set. A transaction with errors gets an
IK3 per segment in error (segment id, position in the set, loop id, IK304 code) and an IK4 per
element in error (position[:component], data element number, IK403 code, the bad value), then
IK5*R; a clean one IK5*A. AK9 says A (all accepted), P (some), R (none) or E. Interchange (ISA/IEA)
problems belong in a TA1, not in a 999, and are left out. Transaction sets we have no guide for
are rejected as not supported (IK502 1): we cannot vouch for what we cannot check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.x12.errors import X12Problem
from revcycle.x12.guides import FUNCTIONAL_IDS
from revcycle.x12.reader import ParsedTransaction, X12File
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X231A1"
SEGMENT_CODES = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"})
ELEMENT_CODES = frozenset({*map(str, range(1, 11)), "12", "13", "I10", "I11", "I12", "I13", "I6", "I9"})


@dataclass(frozen=True, slots=True)
class AckHeader:
    sender: str  # we, acknowledging
    receiver: str  # who sent us the file
    control_number: int  # ISA13 and GS06 of the 999 interchange
    created: dt.datetime = dt.datetime(2000, 1, 1)
    usage: str = "P"


def acknowledge(result: X12File, header: AckHeader) -> str:
    """The 999 interchange acknowledging every functional group of `result`."""
    transactions = []
    for number, group in enumerate(result.document.groups(), start=1):
        body = group_acknowledgement(result, group)
        transactions.append(Transaction("999", f"{number:04d}", body))
    isa = InterchangeHeader(
        header.sender, header.receiver, header.control_number, created=header.created, usage=header.usage
    )
    group = Group("FA", header.sender, header.receiver, header.control_number, VERSION, transactions)
    return write_interchange(isa, [group])


def group_acknowledgement(result: X12File, group) -> list[list[Value]]:  # noqa: ANN001 - envelope.FunctionalGroup
    echo = [_clean(value, 12) or None for value in (group.control_number, group.version)]
    body: list[list[Value]] = [["AK1", _functional_id(group), *echo]]
    parsed = [p for p in result.transactions if p.group is group]
    accepted = 0
    for transaction in parsed:
        segments, ik5 = transaction_acknowledgement(result, transaction)
        body += segments
        accepted += ik5[1] in ("A", "E")
    group_codes = _group_codes(result, group)
    received = len(parsed)
    if "1" in group_codes:  # a group under the wrong GS01 is not supported: none of its sets is taken
        accepted = 0
    status = "A" if accepted == received and not group_codes else "R" if accepted == 0 else "P"
    declared = _declared_count(result, group)
    body.append(["AK9", status, str(declared), str(received), str(accepted), *group_codes[:5]])
    return body


def transaction_acknowledgement(
    result: X12File, parsed: ParsedTransaction
) -> tuple[list[list[Value]], list[Value]]:
    transaction = parsed.transaction
    st = result.document.segments[transaction.start]
    st03 = st[3] if len(st) > 3 else ""  # AK203 echoes ST03 only when it was sent
    echo = [_clean(value, 35) or None for value in (transaction.set_id, transaction.control_number, st03)]
    body: list[list[Value]] = [["AK2", *echo]]
    problems = _problems_in(result.problems, transaction.start, transaction.end)
    codes = sorted({p.code for p in problems if p.level == "transaction"})
    body += _segment_errors([p for p in problems if p.level in ("segment", "element")])
    if parsed.guide is None:
        codes = ["1", *codes]
    elif len(body) > 1:
        codes.append("5")
    ik5: list[Value] = ["IK5", "R" if codes else "A", *codes[:5]]
    body.append(ik5)
    return body, ik5


def _functional_id(group) -> str | None:  # noqa: ANN001 - envelope.FunctionalGroup
    """AK101: GS01 as received when it is the code of the sets inside, else the code they travel under.

    A wrong GS01 ('HPO' around an 835) is reported as AK905 1; AK101 must still be a valid code."""
    expected = FUNCTIONAL_IDS.get(group.transactions[0].set_id) if group.transactions else None
    if expected is not None and group.functional_id != expected:
        return expected
    return _clean(group.functional_id, 2) or None


def _segment_errors(problems: list[X12Problem]) -> list[list[Value]]:
    body: list[list[Value]] = []
    by_segment: dict[int, list[X12Problem]] = {}
    for problem in problems:
        by_segment.setdefault(problem.segment_number or 0, []).append(problem)
    for found in by_segment.values():
        first = found[0]
        segment_level = [p for p in found if p.level == "segment" and p.code in SEGMENT_CODES]
        code = segment_level[0].code if segment_level else "8"
        segment_id = _clean(first.segment_id or "", 3) or "UNK"  # IK301 is required; an empty id has none
        body.append(["IK3", segment_id, str(first.st_position or 1), _loop_code(first.loop_id), code])
        body += [_ik4(problem) for problem in _element_errors(found)]
    return body


def _element_errors(found: list[X12Problem]) -> list[X12Problem]:
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


def _loop_code(loop_id: str | None) -> str | None:
    """IK303 is at most 4 characters: the loop number of the diagram (2010 for 2010AA)."""
    return loop_id[:4] if loop_id and loop_id[:4].isdigit() else None


def _ik4(problem: X12Problem) -> list[Value]:
    position: Value = (
        (str(problem.element), str(problem.component)) if problem.component else str(problem.element)
    )
    code = problem.code if problem.code in ELEMENT_CODES else "6"
    return ["IK4", position, problem.element_ref, code, _clean(problem.bad_value or "", 99) or None]


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
    if trailer and trailer[0] == "GE" and len(trailer) > 1 and trailer[1].isdigit():
        return int(trailer[1])
    return len(group.transactions)
