"""An X12 file read losslessly: its segments, its envelopes and the problems found.

    doc = read_document(data)              # bytes, str or a path; lenient: problems collected
    doc = read_document(data, strict=True) # raises X12Error at the first problem
    doc.to_bytes() == data                 # when nothing was changed

Bytes are decoded as UTF-8 (a BOM is kept as part of the prefix) or, failing that, Latin-1,
so any byte string reads and writes back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.x12.delimiters import Delimiters, scan_isa
from revcycle.x12.envelope import FunctionalGroup, Interchange, TransactionSet, read_envelopes
from revcycle.x12.errors import ProblemLog, X12Problem
from revcycle.x12.tokenizer import Tokens, tokenize


@dataclass(slots=True)
class X12Document:
    tokens: Tokens
    interchanges: list[Interchange]
    encoding: str = "utf-8"
    problems: list[X12Problem] = field(default_factory=list)

    @property
    def segments(self) -> list[list[str]]:
        return self.tokens.segments

    @property
    def delimiters(self) -> Delimiters:
        return self.tokens.delimiters

    def groups(self) -> Iterator[FunctionalGroup]:
        for interchange in self.interchanges:
            yield from interchange.groups

    def transactions(self) -> Iterator[tuple[FunctionalGroup, TransactionSet]]:
        for group in self.groups():
            for transaction in group.transactions:
                yield group, transaction

    def segments_of(self, transaction: TransactionSet) -> list[list[str]]:
        return self.tokens.segments[transaction.start : transaction.end + 1]

    def to_text(self) -> str:
        return self.tokens.text()

    def to_bytes(self) -> bytes:
        return self.to_text().encode(self.encoding)

    @property
    def is_valid(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)


def decode(data: bytes | str | Path) -> tuple[str, str]:
    """Return (text, encoding) for bytes, a str, or a path to a file."""
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, str):
        return data, "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_document(
    data: bytes | str | Path, *, strict: bool = False, log: ProblemLog | None = None
) -> X12Document:
    text, encoding = decode(data)
    log = log if log is not None else ProblemLog(strict)
    scan = scan_isa(text)
    if isinstance(scan, X12Problem):
        log.add(scan)
        tokens = Tokens(Delimiters(), [], [], trailer=text)
        return X12Document(tokens, [], encoding, log.problems)
    for problem in scan.problems:
        log.add(problem)
    tokens = tokenize(text, scan)
    for problem in tokens.problems:
        log.add(problem)
    interchanges = read_envelopes(tokens.segments, log, scan.bare)
    return X12Document(tokens, interchanges, encoding, log.problems)
