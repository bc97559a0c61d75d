"""Delimiters, read from the ISA segment.

The ISA is fixed-length (106 characters): the character after `ISA` is the element separator,
ISA11 the repetition separator (5010; `U` in 4010 means none), ISA16 the component separator
and the character after ISA16 the segment terminator. Real files sometimes carry a short or
long ISA; we locate ISA16 by counting element separators, so such a file still reads (with a
located problem) instead of being mis-split.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.errors import X12Problem

ISA_LENGTH = 106
LINE_BREAK_CHARS = "\r\n"


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"

    def all(self) -> str:
        return self.element + self.component + self.repetition + self.segment


@dataclass(frozen=True, slots=True)
class IsaScan:
    """Where the ISA lies in a text and what it declares."""

    delimiters: Delimiters
    start: int  # index of "ISA"
    terminator_at: int  # index of the segment terminator after ISA16
    problems: tuple[X12Problem, ...]
    bare: bool = False  # a transaction set without ISA/GS envelope


def scan_isa(text: str) -> IsaScan | X12Problem:
    """Find the ISA at the start of `text` (after a BOM or whitespace) and read its delimiters."""
    start = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    if text[start : start + 2] == "ST" and len(text) > start + 3 and not text[start + 2].isalnum():
        return _scan_bare_transaction(text, start)
    if text[start : start + 3] != "ISA":
        found = text[start : start + 3].strip() or "end of file"
        return X12Problem(
            f"the file must start with an ISA segment, found {found!r}",
            level="interchange",
            code="ISA",
            segment_number=1,
            segment_id=text[start : start + 3] or None,
        )
    if len(text) < start + 4:
        return _isa_problem("the ISA segment is cut short", None)
    element = text[start + 3]
    if element.isalnum() or element in " \r\n":
        return _isa_problem(f"the element separator {element!r} is a letter, digit or space", 1)
    isa16_at = _isa16_position(text, start, element)
    if isa16_at is None or isa16_at + 1 >= len(text):
        return _isa_problem("the ISA segment has fewer than 16 elements", 16)
    component, segment = text[isa16_at], text[isa16_at + 1]
    terminator_at = isa16_at + 1
    if segment in LINE_BREAK_CHARS:  # a line break, then the real terminator opening the next line
        following = text[isa16_at + 1 : isa16_at + 4].lstrip(LINE_BREAK_CHARS)[:1]
        if following and not following.isalnum() and following not in (element, component):
            segment = following
    fields = text[start:isa16_at].split(element)
    repetition = fields[11] if len(fields[11]) == 1 and not fields[11].isalnum() else ""
    problems: list[X12Problem] = []
    length = isa16_at + 2 - start
    if length != ISA_LENGTH:
        problems.append(_isa_problem(f"the ISA is {length} characters long, expected {ISA_LENGTH}", None))
    if segment.isalnum() or segment in (element, component):
        return _isa_problem(f"the segment terminator {segment!r} after ISA16 is not a delimiter", 16)
    if component.isalnum() or component == element:
        problems.append(_isa_problem(f"ISA16 {component!r} is not a valid component separator", 16))
    delimiters = Delimiters(element, component, repetition, segment)
    return IsaScan(delimiters, start, terminator_at, tuple(problems))


def _scan_bare_transaction(text: str, start: int) -> IsaScan:
    """A transaction set without ISA/GS (some sample files): guess the terminator after ST."""
    element = text[start + 2]
    position = start + 3
    while position < len(text) and (text[position].isalnum() or text[position] in (element, " ")):
        position += 1
    segment = text[position] if position < len(text) else "~"
    if segment in LINE_BREAK_CHARS:
        following = text[position : position + 3].lstrip(LINE_BREAK_CHARS)[:1]
        segment = following if following and not following.isalnum() and following != element else segment
    delimiters = Delimiters(element, ":" if element != ":" else ">", "^" if element != "^" else "", segment)
    warning = X12Problem(
        "no ISA/GS envelope: read as a bare transaction set",
        level="interchange",
        code="ISA",
        segment_number=1,
        segment_id="ST",
        severity="warning",
    )
    return IsaScan(delimiters, start, position, (warning,), bare=True)


def _isa16_position(text: str, start: int, element: str) -> int | None:
    position = start
    for _ in range(16):
        position = text.find(element, position + 1, start + 4096)
        if position < 0:
            return None
    return position + 1


def _isa_problem(message: str, element: int | None) -> X12Problem:
    return X12Problem(
        message, level="interchange", code="ISA", segment_number=1, segment_id="ISA", element=element
    )
