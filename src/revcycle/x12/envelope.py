"""Envelopes: ISA/IEA interchanges holding GS/GE functional groups holding ST/SE transaction sets.

`read_envelopes` walks the segment ids once, builds the structure (indices into the segment
list) and checks what a receiver checks: trailers present, control numbers equal in header and
trailer, SE01 segment counts, GE01 and IEA01 counts. Problems are located and use the 999 codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from revcycle.x12.errors import ProblemLog, X12Problem

ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
COUNT_DIGITS = 10  # SE01, GE01, IEA01: N0 of 1 to 10 digits (IEA01 5) in every 5010 guide


@dataclass(slots=True)
class TransactionSet:
    set_id: str
    control_number: str
    version: str
    start: int  # index of ST in the file's segment list
    end: int = -1  # index of SE (or of the last segment when SE is missing)


@dataclass(slots=True)
class FunctionalGroup:
    functional_id: str
    sender: str
    receiver: str
    control_number: str
    version: str
    start: int
    end: int = -1
    transactions: list[TransactionSet] = field(default_factory=list)


@dataclass(slots=True)
class Interchange:
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    control_number: str
    usage: str  # ISA15: P production, T test
    start: int
    end: int = -1
    groups: list[FunctionalGroup] = field(default_factory=list)


def element(segment: list[str], position: int) -> str:
    return segment[position] if position < len(segment) else ""


class _EnvelopeWalk:
    def __init__(self, segments: list[list[str]], log: ProblemLog, bare: bool) -> None:
        self.bare = bare
        self.segments = segments
        self.log = log
        self.interchanges: list[Interchange] = []
        self.isa: Interchange | None = None
        self.gs: FunctionalGroup | None = None
        self.st: TransactionSet | None = None
        self.bare_group: FunctionalGroup | None = None  # the envelope made up for a bare transaction set
        self.bare_interchange: Interchange | None = None

    def problem(self, index: int, message: str, level: str, code: str, element_at: int | None = None) -> None:
        segment_id = self.segments[index][0] if index < len(self.segments) else None
        st_position = index - self.st.start + 1 if self.st is not None else None
        self.log.add(
            X12Problem(message, level, code, index + 1, segment_id, element_at, st_position=st_position)
        )

    def run(self) -> list[Interchange]:
        handlers = {"ISA": self.on_isa, "GS": self.on_gs, "ST": self.on_st, "SE": self.on_se}
        handlers |= {"GE": self.on_ge, "IEA": self.on_iea}
        if self.bare:
            self.open_bare_envelope()
        for index, segment in enumerate(self.segments):
            handler = handlers.get(segment[0])
            if handler is not None:
                handler(index, segment)
            elif self.st is None and segment[0] != "TA1":
                self.problem(index, f"segment {segment[0]!r} lies outside a transaction set", "segment", "2")
        self.close_all(len(self.segments) - 1)
        return self.interchanges

    def open_bare_envelope(self) -> None:
        self.isa = Interchange("", "", "", "", "", "", 0)
        self.gs = FunctionalGroup("", "", "", "", "", 0)
        self.isa.groups.append(self.gs)
        self.interchanges.append(self.isa)
        self.bare_group, self.bare_interchange = self.gs, self.isa

    def close_all(self, index: int) -> None:
        if self.st is not None:
            self.problem(
                index, f"transaction set {self.st.control_number} has no SE trailer", "transaction", "2"
            )
            self.st.end, self.st = index, None
        if (
            self.gs is not None and self.gs is self.bare_group
        ):  # a bare set's made-up envelope has no trailers
            self.gs.end, self.gs = index, None
        if self.isa is not None and self.isa is self.bare_interchange:
            self.isa.end, self.isa = index, None
        if self.gs is not None:
            self.problem(index, f"functional group {self.gs.control_number} has no GE trailer", "group", "3")
            self.gs.end, self.gs = index, None
        if self.isa is not None:
            self.problem(
                index, f"interchange {self.isa.control_number} has no IEA trailer", "interchange", "IEA"
            )
            self.isa.end, self.isa = index, None

    def on_isa(self, index: int, segment: list[str]) -> None:
        if self.isa is not None:
            self.close_all(index - 1)
        if len(segment) != 17:
            self.problem(index, f"the ISA has {len(segment) - 1} elements, expected 16", "interchange", "ISA")
        values = [element(segment, position) for position in (5, 6, 7, 8, 13, 15)]
        self.isa = Interchange(
            values[0], values[1].strip(), values[2], values[3].strip(), values[4], values[5], index
        )
        self.interchanges.append(self.isa)

    def on_gs(self, index: int, segment: list[str]) -> None:
        if self.isa is None:
            self.problem(index, "GS lies outside an interchange (no ISA before it)", "interchange", "ISA")
        if self.gs is not None and self.gs is not self.bare_group:
            self.problem(index, f"functional group {self.gs.control_number} has no GE trailer", "group", "3")
            self.gs.end = index - 1
        values = [element(segment, position) for position in (1, 2, 3, 6, 8)]
        self.gs = FunctionalGroup(*values, start=index)
        if self.isa is not None:
            self.isa.groups.append(self.gs)

    def on_st(self, index: int, segment: list[str]) -> None:
        if self.st is not None:
            self.problem(
                index, f"transaction set {self.st.control_number} has no SE trailer", "transaction", "2"
            )
            self.st.end = index - 1
        version = element(segment, 3) or (self.gs.version if self.gs is not None else "")
        self.st = TransactionSet(element(segment, 1), element(segment, 2), version, index)
        if self.gs is None:
            self.problem(index, "ST lies outside a functional group (no GS before it)", "group", "3")
        else:
            self.gs.transactions.append(self.st)

    def on_se(self, index: int, segment: list[str]) -> None:
        if self.st is None:
            self.problem(index, "SE without an ST before it", "segment", "2")
            return
        counted = index - self.st.start + 1
        self.check_count(index, segment, 1, counted, "segments", ("transaction", "4"))
        if element(segment, 2) != self.st.control_number:
            message = f"SE02 {element(segment, 2)!r} differs from ST02 {self.st.control_number!r}"
            self.problem(index, message, "transaction", "3", 2)
        self.st.end, self.st = index, None

    def on_ge(self, index: int, segment: list[str]) -> None:
        self.on_trailer_outside_st(index)
        if self.gs is None or self.gs is self.bare_group:  # a bare set's made-up group has no GS to close
            self.problem(index, "GE without a GS before it", "group", "3")
            return
        counted = len(self.gs.transactions)
        self.check_count(index, segment, 1, counted, "transaction sets", ("group", "5"))
        if element(segment, 2) != self.gs.control_number:
            message = f"GE02 {element(segment, 2)!r} differs from GS06 {self.gs.control_number!r}"
            self.problem(index, message, "group", "4", 2)
        self.gs.end, self.gs = index, None

    def on_iea(self, index: int, segment: list[str]) -> None:
        self.on_trailer_outside_st(index)
        if self.gs is not None and self.gs is not self.bare_group:
            self.problem(index, f"functional group {self.gs.control_number} has no GE trailer", "group", "3")
            self.gs.end, self.gs = index - 1, None
        if self.isa is None or self.isa is self.bare_interchange:
            self.problem(index, "IEA without an ISA before it", "interchange", "ISA")
            return
        self.check_count(index, segment, 1, len(self.isa.groups), "functional groups", ("interchange", "IEA"))
        if element(segment, 2) != self.isa.control_number:
            message = f"IEA02 {element(segment, 2)!r} differs from ISA13 {self.isa.control_number!r}"
            self.problem(index, message, "interchange", "IEA", 2)
        self.isa.end, self.isa = index, None

    def on_trailer_outside_st(self, index: int) -> None:
        if self.st is not None:
            self.problem(
                index, f"transaction set {self.st.control_number} has no SE trailer", "transaction", "2"
            )
            self.st.end, self.st = index - 1, None

    def check_count(
        self, index: int, segment: list[str], position: int, counted: int, what: str, where: tuple[str, str]
    ) -> None:
        said = element(segment, position)
        name = f"{segment[0]}{position:02d}"
        if not (said.isdecimal() and said.isascii()):
            self.problem(index, f"{name} {said[:20]!r} is not a number", where[0], where[1], position)
        elif len(said) > COUNT_DIGITS:
            self.problem(
                index, f"{name} has {len(said)} digits, at most {COUNT_DIGITS}", where[0], where[1], position
            )
        elif int(said) != counted:
            self.problem(
                index, f"{name} says {int(said)} {what}, counted {counted}", where[0], where[1], position
            )


def read_envelopes(segments: list[list[str]], log: ProblemLog, bare: bool = False) -> list[Interchange]:
    return _EnvelopeWalk(segments, log, bare).run()
