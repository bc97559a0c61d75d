"""Split an X12 text into segments (lists of element strings), losslessly.

Every segment keeps its `tail`: the terminator plus whatever line breaks followed it. Joining
`element_separator.join(elements) + tail` over all segments, between the `prefix` (BOM,
leading whitespace) and the `trailer`, gives back the exact input. Component and repetition
separators stay inside element strings until a reader asks for them.

The common case (every terminator followed by the same line break, or by none) is a single
`str.split` on the terminator plus its line break; anything else takes a slower, general path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from revcycle.x12.delimiters import LINE_BREAK_CHARS, Delimiters, IsaScan
from revcycle.x12.errors import X12Problem

LEADING_BLANKS = LINE_BREAK_CHARS + " \t"


@dataclass(slots=True)
class Tokens:
    delimiters: Delimiters
    segments: list[list[str]]
    tails: list[str]
    prefix: str = ""
    trailer: str = ""
    problems: list[X12Problem] = field(default_factory=list)

    def text(self) -> str:
        join = self.delimiters.element.join
        parts = [self.prefix]
        parts += [join(elements) + tail for elements, tail in zip(self.segments, self.tails, strict=True)]
        parts.append(self.trailer)
        return "".join(parts)


def tokenize(text: str, scan: IsaScan) -> Tokens:
    delimiters = scan.delimiters
    terminator = delimiters.segment
    after = scan.terminator_at + 1
    line_break = text[after : after + 2]
    line_break = line_break[: len(line_break) - len(line_break.lstrip(LINE_BREAK_CHARS))]
    if line_break == "\n\r":
        line_break = "\n"
    body = text[scan.start :]
    tokens = (
        None
        if text[scan.terminator_at : scan.terminator_at + 1] != terminator  # a bare ST may end before one
        else _tokenize_uniform(body, delimiters, terminator + line_break)
    )
    if tokens is None:
        tokens = _tokenize_general(body, delimiters)
    tokens.prefix = text[: scan.start]
    return tokens


def _tokenize_uniform(body: str, delimiters: Delimiters, separator: str) -> Tokens | None:
    terminator = delimiters.segment
    if terminator in LINE_BREAK_CHARS or body.count(terminator) != body.count(separator):
        return None
    if body.count(separator + "\n") or body.count(separator + "\r"):
        return None
    pieces = body.split(separator)
    last = pieces.pop()
    element = delimiters.element
    segments = [piece.split(element) for piece in pieces]
    tails = [separator] * len(segments)
    tokens = Tokens(delimiters, segments, tails)
    if last:
        _add_unterminated(tokens, last)
    return tokens


def _tokenize_general(body: str, delimiters: Delimiters) -> Tokens:
    terminator, element = delimiters.segment, delimiters.element
    pieces = body.split(terminator)
    last = pieces.pop()
    segments: list[list[str]] = []
    tails: list[str] = []
    tokens = Tokens(delimiters, segments, tails)
    for piece in pieces:
        stripped = piece.lstrip(LEADING_BLANKS)
        if tails and len(stripped) != len(piece):
            tails[-1] += piece[: len(piece) - len(stripped)]
        if not stripped and segments:
            tails[-1] += terminator
            tokens.problems.append(_problem("an empty segment (two terminators in a row)", len(segments)))
            continue
        content = stripped.rstrip(LINE_BREAK_CHARS)
        segments.append(content.split(element))
        tails.append(stripped[len(content) :] + terminator)
    stripped = last.lstrip(LINE_BREAK_CHARS)
    if tails:
        tails[-1] += last[: len(last) - len(stripped)]
    if stripped.strip():
        _add_unterminated(tokens, stripped)
    else:
        tokens.trailer = stripped
    return tokens


def _add_unterminated(tokens: Tokens, piece: str) -> None:
    stripped = piece.rstrip(" \t\r\n\x00\x1a")
    tokens.segments.append(stripped.split(tokens.delimiters.element))
    tokens.tails.append("")
    tokens.trailer = piece[len(stripped) :]
    number = len(tokens.segments)
    tokens.problems.append(
        X12Problem(
            "the last segment has no segment terminator",
            level="interchange",
            code="terminator",
            segment_number=number,
            segment_id=tokens.segments[-1][0][:3],
        )
    )


def _problem(message: str, previous_count: int) -> X12Problem:
    return X12Problem(message, code="1", segment_number=previous_count + 1, segment_id="")
