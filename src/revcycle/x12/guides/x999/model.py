"""Typed 999 (005010X231A1) implementation acknowledgements and 997 functional acknowledgements.

One `FunctionalAck` per 999/997 transaction set: the group it answers (AK1), one
`TransactionAck` per transaction set in that group (AK2 … IK5/AK5) with its segment errors
(IK3/AK3 + CTX) and their element errors (IK4/AK4 + CTX), and the group verdict (AK9).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ElementError:
    """IK4 (AK4): position in the segment, component and repetition, data element number, IK403
    code (1 required missing, 2 conditional missing, 4 too short, 5 too long, 6 invalid character,
    7 invalid code, 8 invalid date …) and the bad value; CTX element context as written."""

    position: int
    code: str
    component: int | None = None
    repetition: int | None = None
    element_ref: str = ""
    bad_value: str = ""
    contexts: list[list[str | tuple[str, ...]]] = field(default_factory=list)  # CTX, composites as tuples


@dataclass(slots=True)
class SegmentError:
    """IK3 (AK3): segment id, its position in the transaction set (ST = 1), loop id, IK304 code
    (1 unrecognised, 2 unexpected, 3 required missing, 4 loop over max, 5 over max use,
    7 out of sequence, 8 has data element errors …); CTX segment context as written."""

    segment_id: str
    position: int
    loop_id: str = ""
    code: str = ""
    contexts: list[list[str | tuple[str, ...]]] = field(default_factory=list)  # CTX, composites as tuples
    element_errors: list[ElementError] = field(default_factory=list)


@dataclass(slots=True)
class TransactionAck:
    """AK2 … IK5 (AK5): the answer about one transaction set."""

    set_id: str  # AK201
    control_number: str  # AK202
    version: str = ""  # AK203
    status: str = "A"  # IK501: A accepted, E accepted with errors, R rejected, M, W, X
    error_codes: list[str] = field(default_factory=list)  # IK502-IK506
    segment_errors: list[SegmentError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status in ("A", "E")


@dataclass(slots=True)
class FunctionalAck:
    """One 999 or 997 transaction set."""

    set_id: str  # 999 or 997
    control_number: str  # ST02
    functional_id: str  # AK101: HC 837, HP 835, HS 270 …
    group_control_number: str  # AK102
    version: str = ""  # AK103
    transactions: list[TransactionAck] = field(default_factory=list)
    status: str = "A"  # AK901: A, E, P partially accepted, R rejected
    declared: int | None = None  # AK902 transaction sets in the group
    received: int | None = None  # AK903
    accepted: int | None = None  # AK904
    group_error_codes: list[str] = field(default_factory=list)  # AK905-AK909

    @property
    def rejected_transactions(self) -> list[TransactionAck]:
        return [transaction for transaction in self.transactions if not transaction.accepted]

    def summary(self) -> dict[str, object]:
        """Counts for `revcycle x12 parse`: the group answered, its verdict, what was rejected."""
        return {
            "acknowledges": f"{self.functional_id} {self.group_control_number}",
            "group_status": self.status,
            "transactions": len(self.transactions),
            "rejected": " ".join(t.control_number for t in self.rejected_transactions),
            "segment_errors": sum(len(t.segment_errors) for t in self.transactions),
        }
