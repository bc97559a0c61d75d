"""HL7 v2 text as EHRs really send it, made readable: segment separators CR, LF or CRLF, blank lines, MLLP
framing bytes left in a file, batches (FHS/BHS ... BTS/FTS) or messages one after another; then one message
parsed by python-hl7 (escape sequences \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\X0D\\ undone by it) behind an accessor
that names each value by its place ('PID-7', 'IN1[2]-3').

    for text in split_messages(file_text):       # each message's text, segments joined by CR
        message = Hl7Message.parse(text)         # RevcycleError when there is no MSH
        message.value(message.first("PID"), 7)   # '19850230' (unescaped; '' when absent)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import hl7

from revcycle.kernel.errors import ErrorCode, RevcycleError

HL7_NULL = '""'  # an HL7 field sent as "" means "delete what you have"
_SEGMENT_ID = re.compile(r"^[A-Z][A-Z0-9]{2}$")
_BATCH_SEGMENTS = {"FHS", "BHS", "BTS", "FTS"}


def normalized(text: str) -> str:
    """Segments joined by CR: CRLF and LF made CR, MLLP bytes dropped, blank lines and trailing blanks removed."""
    text = text.replace("\x0b", "").replace("\x1c", "").replace("\r\n", "\r").replace("\n", "\r")
    return "\r".join(line.rstrip(" \t") for line in text.split("\r") if line.strip())


def split_messages(text: str) -> list[str]:
    """Each message of a file (or an MLLP frame), batch headers and trailers left out: a message starts at MSH."""
    messages: list[list[str]] = []
    for segment in normalized(text).split("\r"):
        kind = segment[:3]
        if kind in _BATCH_SEGMENTS:
            continue
        if kind == "MSH" or not messages:
            messages.append([])
        messages[-1].append(segment)
    return ["\r".join(segments) for segments in messages]


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment, its id, its place among the segments of that id (1 = the first) and its position."""

    kind: str
    sequence: int
    position: int
    parsed: hl7.Segment

    def where(self, field: int | None = None, component: int | None = None) -> str:
        text = self.kind if self.sequence == 1 else f"{self.kind}[{self.sequence}]"
        if field is not None:
            text += f"-{field}"
            if component is not None and component > 1:
                text += f".{component}"
        return text


class Hl7Message:
    """A parsed message: its segments in order, each value unescaped."""

    def __init__(self, parsed: hl7.Message, segments: list[Segment]) -> None:
        self.parsed = parsed
        self.segments = segments
        self.repetition_separator = parsed.separators[2] if len(parsed.separators) > 2 else "~"

    @classmethod
    def parse(cls, text: str) -> Hl7Message:
        """The message in `text`; RevcycleError(VALIDATION) when it does not start with an MSH segment."""
        text = normalized(text)
        if not text.startswith("MSH") or len(text) < 8:
            raise RevcycleError(ErrorCode.VALIDATION, "MSH: the message does not start with an MSH segment")
        try:
            parsed = hl7.parse(text)
        except (hl7.ParseException, ValueError, IndexError) as error:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"MSH: the message cannot be parsed ({type(error).__name__})"
            ) from error
        segments: list[Segment] = []
        seen: dict[str, int] = {}
        for position, segment in enumerate(parsed):
            kind = str(segment[0]).strip()
            if not _SEGMENT_ID.match(kind):
                raise RevcycleError(ErrorCode.VALIDATION, f"{kind[:3] or 'segment'}: segment {position + 1} has no "
                                    "segment id")  # fmt: skip
            seen[kind] = seen.get(kind, 0) + 1
            segments.append(Segment(kind, seen[kind], position, segment))
        return cls(parsed, segments)

    def all(self, kind: str) -> list[Segment]:
        return [segment for segment in self.segments if segment.kind == kind]

    def first(self, kind: str) -> Segment | None:
        return next((segment for segment in self.segments if segment.kind == kind), None)

    def value(self, segment: Segment | None, field: int, component: int = 1, repetition: int = 1,
              sub: int = 1) -> str:  # fmt: skip
        """The unescaped value ('' when the segment, field or component is absent), stripped of blanks."""
        if segment is None or field >= len(segment.parsed):
            return ""
        try:
            found = segment.parsed.extract_field(segment.sequence, field, repetition, component, sub)
        except (IndexError, KeyError, ValueError):
            return ""
        return str(found).strip()

    def repetitions(self, segment: Segment | None, field: int) -> int:
        """How many repetitions the field has (0 when it is absent or empty)."""
        if segment is None or field >= len(segment.parsed):
            return 0
        text = str(segment.parsed[field])
        return len(text.split(self.repetition_separator)) if text else 0

    def after(self, segment: Segment, kinds: set[str]) -> Iterator[Segment]:
        """The segments of `kinds` that follow `segment` until the next segment of its own kind."""
        for following in self.segments[segment.position + 1 :]:
            if following.kind == segment.kind:
                return
            if following.kind in kinds:
                yield following
