"""The 271 that answers a 270: same hierarchy, the inquiry's traces echoed; benefits left to fill.

    response = response_skeleton(inquiry, control_number="0001")
    for member in response.members():
        member.benefits.append(Benefit("1", "IND", ["30"], plan_description="GOLD PPO"))   # or
        member.rejections.append(Rejection("N", "75", "C"))                                # not found

A payer (or the payer simulator) fills in benefits or AAA rejections and writes it with
`write_eligibility`. BHT03 echoes the inquiry's reference; each 2000C/D TRN comes back as a
referenced trace (TRN01 2), as the TR3 asks.
"""

from __future__ import annotations

import copy

from revcycle.x12.guides.parts import Trace
from revcycle.x12.guides.x270_271.model import Eligibility, Member, Receiver, Source


def response_skeleton(inquiry: Eligibility, control_number: str) -> Eligibility:
    return Eligibility(
        "271",
        control_number,
        "11",
        inquiry.reference,
        inquiry.created,
        inquiry.time,
        sources=[_source(source) for source in inquiry.sources],
    )


def _source(source: Source) -> Source:
    return Source(
        copy.deepcopy(source.entity), receivers=[_receiver(receiver) for receiver in source.receivers]
    )


def _receiver(receiver: Receiver) -> Receiver:
    return Receiver(
        copy.deepcopy(receiver.entity),
        copy.deepcopy(receiver.references),
        copy.deepcopy(receiver.address),
        provider=copy.deepcopy(receiver.provider),
        subscribers=[_member(member) for member in receiver.subscribers],
    )


def _member(member: Member) -> Member:
    return Member(
        copy.deepcopy(member.entity),
        [Trace("2", trace.number, trace.originator, trace.supplemental) for trace in member.traces],
        copy.deepcopy(member.references),
        copy.deepcopy(member.address),
        provider=copy.deepcopy(member.provider),
        demographics=copy.deepcopy(member.demographics),
        relationship=list(member.relationship),
        dates=copy.deepcopy(member.dates),
        dependents=[_member(dependent) for dependent in member.dependents],
    )
