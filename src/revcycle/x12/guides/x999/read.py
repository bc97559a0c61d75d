"""Build `FunctionalAck` models from 999 (AK1, 2000 AK2, 2100 IK3/CTX, 2110 IK4/CTX, IK5, AK9)
and 997 (AK1, AK2 loop, AK3 loop with AK4, AK5, AK9) loop trees."""

from __future__ import annotations

from revcycle.x12.guides.x999.model import ElementError, FunctionalAck, SegmentError, TransactionAck
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import int_at, text_at


def read_implementation_ack(tree: LoopNode, context) -> FunctionalAck:  # noqa: ANN001 - TypedContext
    return read_acknowledgment(tree, context)


def read_functional_ack(tree: LoopNode, context) -> FunctionalAck:  # noqa: ANN001
    return read_acknowledgment(tree, context)


def read_acknowledgment(tree: LoopNode, context) -> FunctionalAck:  # noqa: ANN001
    ak1 = tree.first("AK1") or ["AK1"]
    ack = FunctionalAck(
        context.transaction.set_id,
        context.transaction.control_number,
        text_at(ak1, 1),
        text_at(ak1, 2),
        text_at(ak1, 3),
    )
    ak9 = tree.first("AK9")
    if ak9 is not None:
        ack.status = text_at(ak9, 1)
        ack.declared, ack.received, ack.accepted = (int_at(ak9, p, context) for p in (2, 3, 4))
        ack.group_error_codes = [code for code in ak9[5:] if code]
    ack.transactions = [_transaction(node, context) for node in tree.loops if node.segments[0][0] == "AK2"]
    return ack


def _transaction(node: LoopNode, context) -> TransactionAck:  # noqa: ANN001
    ak2 = node.segments[0]
    transaction = TransactionAck(text_at(ak2, 1), text_at(ak2, 2), text_at(ak2, 3))
    trailer = next((s for s in node.segments[1:] if s[0] in ("IK5", "AK5")), None)
    if trailer is not None:
        transaction.status = text_at(trailer, 1)
        transaction.error_codes = [code for code in trailer[2:] if code]
    transaction.segment_errors = [_segment_error(loop, context) for loop in node.loops]
    return transaction


def _segment_error(node: LoopNode, context) -> SegmentError:  # noqa: ANN001
    ik3 = node.segments[0]
    error = SegmentError(text_at(ik3, 1), int_at(ik3, 2, context) or 0, text_at(ik3, 3), text_at(ik3, 4))
    component = context.delimiters.component
    for segment in node.segments[1:]:
        if segment[0] == "CTX":
            error.contexts.append(_context(segment, component))
        elif segment[0] == "AK4":  # 997: AK4 sits in the AK3 loop
            error.element_errors.append(_element_error(segment, component, context))
    for loop in node.loops:
        element_error = _element_error(loop.segments[0], component, context)
        element_error.contexts = [_context(s, component) for s in loop.segments[1:] if s[0] == "CTX"]
        error.element_errors.append(element_error)
    return error


def _element_error(segment: list[str], component: str, context) -> ElementError:  # noqa: ANN001
    parts = (text_at(segment, 1).split(component) + ["", "", ""])[:3]
    numbers = [int(part) if part.isdecimal() else None for part in parts]
    if numbers[0] is None:
        context.problem(
            segment, f"{segment[0]}01 {text_at(segment, 1)!r} is not an element position", element=1
        )
    return ElementError(
        numbers[0] or 0, text_at(segment, 3), numbers[1], numbers[2], text_at(segment, 2), text_at(segment, 4)
    )


def _context(segment: list[str], component: str) -> list[str | tuple[str, ...]]:
    """CTX elements, a composite (CTX01 'CLM01:123', CTX05 '5:3') as a tuple of its components."""
    return [tuple(value.split(component)) if component in value else value for value in segment[1:]]
