"""Envelope settings per trading partner (clearinghouse or payer): ISA/GS ids, qualifiers, usage.

Kept in configuration, as OpenEMR keeps its X12 partners:

    {"name": "availity", "sender_id": "CLINIC01", "receiver_id": "AVAILITY", "sender_qualifier": "ZZ",
     "receiver_qualifier": "01", "gs_sender": "CLINIC01", "gs_receiver": "030240928", "usage": "T"}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.x12.writer import InterchangeHeader


@dataclass(frozen=True, slots=True)
class EnvelopeSettings:
    name: str
    sender_id: str
    receiver_id: str
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    gs_sender: str = ""  # GS02; ISA06 when empty
    gs_receiver: str = ""  # GS03; ISA08 when empty
    usage: str = "P"  # ISA15: P production, T test

    @classmethod
    def from_dict(cls, data: dict) -> EnvelopeSettings:
        known = {name: str(data[name]) for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    @property
    def group_sender(self) -> str:
        return self.gs_sender or self.sender_id

    @property
    def group_receiver(self) -> str:
        return self.gs_receiver or self.receiver_id

    def header(self, control_number: int, created: dt.datetime) -> InterchangeHeader:
        return InterchangeHeader(
            self.sender_id,
            self.receiver_id,
            control_number,
            self.sender_qualifier,
            self.receiver_qualifier,
            created,
            self.usage,
        )

    def reversed(self) -> EnvelopeSettings:
        """The partner's side: what the other party puts in its envelopes back to us."""
        return EnvelopeSettings(
            self.name,
            self.receiver_id,
            self.sender_id,
            self.receiver_qualifier,
            self.sender_qualifier,
            self.gs_receiver,
            self.gs_sender,
            self.usage,
        )
