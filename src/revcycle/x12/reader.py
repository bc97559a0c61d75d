"""Read an X12 file into envelopes, loop trees and typed models.

    result = read_x12(data)                   # lenient: result.problems lists every problem
    result = read_x12(data, strict=True)      # raises X12Error at the first problem
    result = read_x12(data, validate=True)    # also checks elements, uses, repeats (slower)
    for parsed in result.transactions:
        parsed.guide.key, parsed.tree, parsed.model   # e.g. "835", LoopNode, Remittance

Reading never raises on bad input except in strict mode (X12Error); problems are located.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from revcycle.x12.collector import paused_gc
from revcycle.x12.delimiters import Delimiters
from revcycle.x12.document import X12Document, read_document
from revcycle.x12.envelope import FunctionalGroup, TransactionSet
from revcycle.x12.errors import ProblemLog, X12Error, X12Problem
from revcycle.x12.guides import FUNCTIONAL_IDS, Guide, guide_for
from revcycle.x12.loops import LoopNode, build_loop_tree
from revcycle.x12.spec import ElementSpec
from revcycle.x12.validate import TreeValidator, check_value


@dataclass(slots=True)
class TypedContext:
    """What a typed reader needs to report a located problem about a segment it converts."""

    segments: list[list[str]]
    transaction: TransactionSet
    log: ProblemLog
    delimiters: Delimiters
    reported: set[tuple[int | None, int | None]] | None = None  # elements validation already reported
    positions: dict[int, int] | None = None  # id(segment) -> its index in the file (index_of)

    def problem(
        self, segment: list[str], message: str, *, element: int | None = None, loop_id: str | None = None
    ) -> None:
        index = self.index_of(segment)
        if element is not None and (index + 1, element) in self._reported():
            return  # validation said it first, with the element reference and the bad value
        code = "6" if element is not None else "8"
        start = self.transaction.start
        self.log.add(
            X12Problem.in_set(message, code, segment[0], index, start, element=element, loop_id=loop_id)
        )

    def _reported(self) -> set[tuple[int | None, int | None]]:
        """Elements with a problem logged before the typed read (validation runs first); built once,
        at the first problem, so a clean read costs nothing."""
        if self.reported is None:
            self.reported = {(p.segment_number, p.element) for p in self.log.problems if p.level == "element"}
        return self.reported

    def index_of(self, segment: list[str]) -> int:
        """The segment's index in the file: one map of the set's segments, built at the first problem,
        so reporting N problems costs one pass over the set, not N."""
        if self.positions is None:
            start, end = self.transaction.start, self.transaction.end
            self.positions = {id(self.segments[index]): index for index in range(start, end + 1)}
        return self.positions.get(id(segment), self.transaction.start)


@dataclass(slots=True)
class ParsedTransaction:
    group: FunctionalGroup
    transaction: TransactionSet
    guide: Guide | None
    tree: LoopNode | None = None
    model: object | None = None


@dataclass(slots=True)
class X12File:
    document: X12Document
    transactions: list[ParsedTransaction] = field(default_factory=list)

    @property
    def problems(self) -> list[X12Problem]:
        return self.document.problems

    @property
    def errors(self) -> list[X12Problem]:
        return [problem for problem in self.document.problems if problem.severity == "error"]

    def models(self, key: str | None = None) -> list[object]:
        return [
            p.model for p in self.transactions if p.model is not None and (key is None or p.guide.key == key)
        ]

    def to_bytes(self) -> bytes:
        return self.document.to_bytes()


def read_x12(
    data: bytes | str | Path, *, strict: bool = False, typed: bool = True, validate: bool = False
) -> X12File:
    log = ProblemLog(strict)
    with paused_gc():
        document = read_document(data, log=log)
        result = X12File(document)
        for group, transaction in document.transactions():
            result.transactions.append(_read_transaction(document, group, transaction, log, typed, validate))
    return result


def _check_functional_id(group: FunctionalGroup, transaction: TransactionSet, log: ProblemLog) -> None:
    """GS01 must be the functional identifier code of the sets inside (HC for 837, HP for 835…).

    A 999 reports a wrong one as AK905 1 (functional group not supported)."""
    expected = FUNCTIONAL_IDS.get(transaction.set_id)
    if expected is None or group.functional_id == expected:
        return
    message = f"GS01 {group.functional_id!r} is not the functional identifier code of a {transaction.set_id} ({expected})"
    log.add(X12Problem(message, "group", "1", group.start + 1, "GS", 1, bad_value=group.functional_id))


# GS02-GS05 as every 5010 guide gives them (X12.5 / the TR3s' appendix B): type, min, max length
GS_ELEMENTS = (
    ElementSpec("GS02", "R", "AN", 2, 15, None, "142"),  # application sender's code
    ElementSpec("GS03", "R", "AN", 2, 15, None, "124"),  # application receiver's code
    ElementSpec("GS04", "R", "DT", 8, 8, None, "373"),  # date, CCYYMMDD
    ElementSpec("GS05", "R", "TM", 4, 8, None, "337"),  # time, HHMM[SS[D[D]]]
)


def _check_group_header(segments: list[list[str]], group: FunctionalGroup, log: ProblemLog) -> None:
    """GS02-GS05 present and well formed (a bare transaction set has no GS to check). A 999 answers a
    group whose header is unusable as not supported (AK905 1), like a wrong GS01."""
    gs = segments[group.start] if group.start < len(segments) else []
    if not gs or gs[0] != "GS":
        return
    for position, spec in enumerate(GS_ELEMENTS, start=2):
        value = gs[position] if position < len(gs) else ""
        found = ("1", "is required") if not value else check_value(value, spec)
        if found is not None:
            message = f"{spec.ref} {value[:20]!r} {found[1]}" if value else f"{spec.ref} is required"
            where = {"element_ref": spec.element_number, "bad_value": value[:20]}
            log.add(X12Problem(message, "group", "1", group.start + 1, "GS", position, **where))


def _read_transaction(
    document: X12Document,
    group: FunctionalGroup,
    transaction: TransactionSet,
    log: ProblemLog,
    typed: bool,
    validate: bool,
) -> ParsedTransaction:
    guide = guide_for(transaction.set_id, transaction.version or group.version)
    parsed = ParsedTransaction(group, transaction, guide)
    if validate and transaction is group.transactions[0]:
        _check_functional_id(group, transaction, log)
        _check_group_header(document.segments, group, log)
    if guide is None:
        return parsed
    segments = document.segments
    parsed.tree = build_loop_tree(segments, transaction.start, transaction.end, guide.spec, log, not validate)
    if validate:
        TreeValidator(segments, transaction.start, document.delimiters, log).validate(parsed.tree)
    reader = guide.reader() if typed else None
    if reader is not None:
        context = TypedContext(segments, transaction, log, document.delimiters)
        try:
            parsed.model = reader(parsed.tree, context)
        except X12Error:
            raise
        except (IndexError, KeyError, ValueError, ArithmeticError, AttributeError, TypeError) as error:
            message = f"could not build the {guide.key} model: {type(error).__name__}: {error}"
            context.problem(segments[transaction.start], message)
    return parsed
