"""Write X12: segments from values, and the ISA/GS/ST envelopes with their counts and numbers.

Guide writers produce the body of a transaction set (the segments between ST and SE) as lists
of values; a value is a string, a tuple of strings (a composite, joined with the component
separator) or None (empty). Trailing empty elements and components are dropped, as X12 requires.
A value that contains a delimiter raises `X12Error` (X12 has no escape character).

    text = write_interchange(header, [Group("HC", sender, receiver, 1, "005010X222A1",
                                            [Transaction("837", "0001", body)])])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from revcycle.x12.delimiters import Delimiters
from revcycle.x12.errors import X12Error

Value = str | tuple[str | None, ...] | list | None  # list: a repeating element
STANDARD = Delimiters()  # * : ^ ~


@dataclass(frozen=True, slots=True)
class InterchangeHeader:
    sender_id: str
    receiver_id: str
    control_number: int
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    created: dt.datetime = dt.datetime(2000, 1, 1)
    usage: str = "P"  # ISA15: P production, T test
    ack_requested: str = "0"  # ISA14: 1 asks for a TA1


@dataclass(slots=True)
class Transaction:
    set_id: str  # ST01
    control_number: str  # ST02, 4-9 characters
    body: list[list[Value]]  # segments between ST and SE
    with_st03: bool = True  # ST03 implementation reference (not used in the 835 X221A1)


@dataclass(slots=True)
class Group:
    functional_id: str  # GS01: HC 837, HP 835, FA 999, HS 270, HB 271, HR 276, HN 277
    sender: str
    receiver: str
    control_number: int
    version: str  # GS08 / ST03, e.g. 005010X222A1
    transactions: list[Transaction] = field(default_factory=list)


class _NotPlain(Exception):
    """A value the fast path does not handle (a repeating element, a non-string, a delimiter)."""


class SegmentRenderer:
    """Turn value lists into element lists (the tokenizer's shape), checking for delimiters."""

    def __init__(self, delimiters: Delimiters) -> None:
        self.delimiters = delimiters
        self._components = 0  # component separators written by `texts` so far
        self.forbidden = set(delimiters.all())

    def render(self, values: list[Value]) -> list[str]:
        fast = self._render_plain(values)
        if fast is not None:
            return fast
        elements = [self.element(value, values[0], position) for position, value in enumerate(values)]
        while len(elements) > 1 and elements[-1] == "":
            elements.pop()
        return elements

    def texts(self, body: list[list[Value]]) -> list[str]:
        """Each segment as text (elements joined). Delimiters inside values are looked for once,
        over the whole body: element separators counted against the elements written, segment
        terminator and repetition separator absent (composites check their own components)."""
        element, component = self.delimiters.element, self.delimiters.component
        composite = self._composite_text
        texts: list[str] = []
        expected = repetitions = 0
        self._components = 0
        for values in body:
            try:
                text = element.join([v if v.__class__ is str else "" if v is None else composite(v) for v in values])
            except (TypeError, _NotPlain):
                text = element.join(self.render(values))  # checked value by value; raises on bad data
                expected += text.count(element)
                self._components += text.count(component)
                repetitions += text.count(self.delimiters.repetition) if self.delimiters.repetition else 0
            else:
                stripped = text.rstrip(element)  # trailing empty elements are dropped
                expected += len(values) - 1 - (len(text) - len(stripped))
                text = stripped
            texts.append(text)
        self._check_texts(texts, body, expected, repetitions)
        return texts

    def _composite_text(self, value: Value) -> str:
        if value is None:
            return ""
        if value.__class__ is not tuple:
            raise _NotPlain
        component = self.delimiters.component
        text = component.join([part or "" for part in value])  # type: ignore[union-attr]
        if text.count(component) != len(value) - 1:  # type: ignore[arg-type]
            raise _NotPlain
        stripped = text.rstrip(component)
        self._components += len(value) - 1 - (len(text) - len(stripped))  # type: ignore[arg-type]
        return stripped

    def _check_texts(self, texts: list[str], body: list[list[Value]], expected: int, repetitions: int) -> None:
        whole = "".join(texts)
        delimiters = self.delimiters
        found_repetitions = whole.count(delimiters.repetition) if delimiters.repetition else 0
        if (
            whole.count(delimiters.element) == expected
            and whole.count(delimiters.component) == self._components
            and found_repetitions == repetitions
            and delimiters.segment not in whole
        ):
            return
        for values in body:  # name the bad element
            self.render(values)
        raise X12Error("a value contains an X12 delimiter")

    def _render_plain(self, values: list[Value]) -> list[str] | None:
        """Strings, None and composites of strings, checked with a few scans of the joined segment;
        None (take the careful path, which names the bad element) for anything else."""
        component = self.delimiters.component
        elements: list[str] = []
        joins = 0
        for value in values:
            if value is None:
                elements.append("")
            elif value.__class__ is str:
                elements.append(value)  # type: ignore[arg-type]
            elif value.__class__ is tuple:
                parts = [part or "" for part in value]  # type: ignore[union-attr]
                while parts and parts[-1] == "":
                    parts.pop()
                if not all(part.__class__ is str for part in parts):
                    return None
                joins += max(len(parts) - 1, 0)
                elements.append(component.join(parts))
            else:
                return None
        while len(elements) > 1 and elements[-1] == "":
            elements.pop()
        joined = self.delimiters.element.join(elements)
        delimiters = self.delimiters
        if joined.count(delimiters.element) != len(elements) - 1 or joined.count(component) != joins:
            return None
        if delimiters.segment in joined or (delimiters.repetition and delimiters.repetition in joined):
            return None
        return elements

    def element(self, value: Value, segment_id: Value, position: int) -> str:
        if value is None:
            return ""
        if isinstance(value, list):  # a repeating element (EB03 service types): repetition separator
            return self.delimiters.repetition.join(self.element(part, segment_id, position) for part in value)
        if isinstance(value, tuple):
            parts = [self.check(part or "", segment_id, position) for part in value]
            while parts and parts[-1] == "":
                parts.pop()
            return self.delimiters.component.join(parts)
        return self.check(value, segment_id, position)

    def check(self, text: str, segment_id: Value, position: int) -> str:
        if not isinstance(text, str):
            raise X12Error(f"{segment_id}{position:02d}: {text!r} is not text")
        if self.forbidden.intersection(text):
            raise X12Error(f"{segment_id}{position:02d} {text!r} contains an X12 delimiter")
        return text


def isa_segment(header: InterchangeHeader, delimiters: Delimiters) -> list[str]:
    return [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        header.sender_qualifier,
        header.sender_id.ljust(15)[:15],
        header.receiver_qualifier,
        header.receiver_id.ljust(15)[:15],
        header.created.strftime("%y%m%d"),
        header.created.strftime("%H%M"),
        delimiters.repetition or "U",
        "00501",
        f"{header.control_number:09d}",
        header.ack_requested,
        header.usage,
        delimiters.component,
    ]


def _check_envelope(header: InterchangeHeader, groups: list[Group]) -> None:
    """Lengths the envelope standard sets (a receiver rejects the whole interchange otherwise)."""
    checks = [("ISA06", header.sender_id, 1, 15), ("ISA08", header.receiver_id, 1, 15)]
    checks += [("ISA13", str(header.control_number), 1, 9)]
    for group in groups:
        checks += [
            ("GS02", group.sender, 2, 15),
            ("GS03", group.receiver, 2, 15),
            ("GS06", str(group.control_number), 1, 9),
        ]
        checks += [("ST02", t.control_number, 4, 9) for t in group.transactions]
    for name, value, shortest, longest in checks:
        if not shortest <= len(value) <= longest:
            raise X12Error(f"{name} {value!r} must be {shortest} to {longest} characters")


def envelope_segments(
    header: InterchangeHeader, groups: list[Group], delimiters: Delimiters = STANDARD
) -> list[list[str]]:
    """Every segment of one interchange, with SE01, GE01 and IEA01 counted."""
    renderer = SegmentRenderer(delimiters)
    segments: list[list[str]] = []
    for part in _layout(header, groups, renderer):
        if part.__class__ is Transaction:
            segments.extend(renderer.render(values) for values in part.body)  # type: ignore[union-attr]
        else:
            segments.append(part)  # type: ignore[arg-type]
    return segments


def _layout(header: InterchangeHeader, groups: list[Group], renderer: SegmentRenderer):  # noqa: ANN202
    """The envelope segments in order, each transaction (its body) where its body goes."""
    _check_envelope(header, groups)
    created = header.created
    yield isa_segment(header, renderer.delimiters)
    for group in groups:
        gs = ["GS", group.functional_id, group.sender, group.receiver, created.strftime("%Y%m%d")]
        yield renderer.render([*gs, created.strftime("%H%M"), str(group.control_number), "X", group.version])
        for transaction in group.transactions:
            st03 = group.version if transaction.with_st03 else None
            yield renderer.render(["ST", transaction.set_id, transaction.control_number, st03])
            yield transaction
            yield ["SE", str(len(transaction.body) + 2), transaction.control_number]
        yield ["GE", str(len(group.transactions)), str(group.control_number)]
    yield ["IEA", str(len(groups)), f"{header.control_number:09d}"]


def write_interchange(
    header: InterchangeHeader,
    groups: list[Group],
    delimiters: Delimiters = STANDARD,
    line_break: str = "\n",
) -> str:
    renderer = SegmentRenderer(delimiters)
    join = delimiters.element.join
    texts: list[str] = []
    for part in _layout(header, groups, renderer):
        if part.__class__ is Transaction:
            texts += renderer.texts(part.body)  # type: ignore[union-attr]
        else:
            texts.append(join(part))  # type: ignore[arg-type]
    tail = delimiters.segment + line_break
    return tail.join(texts) + tail
