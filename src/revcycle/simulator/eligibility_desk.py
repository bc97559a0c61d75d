"""The payer simulator's eligibility desk: a 270 in, a 271 out, answered from its benefit plans.

    text_271 = answer_270(text_270, engine, settings, control_number=5, created=datetime(...))

Each member loop of the 270 is answered by `simulator.eligibility.answer_eligibility` with the
engine's accumulators (what its adjudications have met so far); an unknown member gets AAA*N**75*C
(a dependent not on the policy AAA*N**67*C). `settings` are the payer's envelope ids.
"""

from __future__ import annotations

import datetime as dt

from revcycle.edi.eligibility_270 import questions_from_270
from revcycle.edi.eligibility_271 import fill_member
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.simulator.eligibility import answer_eligibility
from revcycle.simulator.engine import PayerEngine
from revcycle.x12 import X12File, read_x12
from revcycle.x12.guides.x270_271.model import Eligibility
from revcycle.x12.guides.x270_271.respond import response_skeleton
from revcycle.x12.guides.x270_271.write import write_eligibility


def answer_270(data: bytes | str | X12File, engine: PayerEngine, settings: EnvelopeSettings, control_number: int,
               created: dt.datetime) -> str:  # fmt: skip
    """`data`: the 270, or the file already read (`read_x12`)."""
    read = data if isinstance(data, X12File) else read_x12(data)
    inquiries: list[Eligibility] = read.models("270")  # type: ignore[assignment]
    if not inquiries:
        raise RevcycleError(ErrorCode.X12_SYNTAX, "no 270 eligibility inquiry in the file")
    responses = [respond(inquiry, engine, f"{control_number:04d}" + (f"{n}" if n else "")) for n, inquiry in enumerate(inquiries)]
    return write_eligibility(responses, settings.header(control_number, created), sender=settings.group_sender,
                             receiver=settings.group_receiver, group_control=control_number)  # fmt: skip


def respond(inquiry: Eligibility, engine: PayerEngine, control_number: str) -> Eligibility:
    response = response_skeleton(inquiry, control_number)
    # subscribers and dependents in file order: the skeleton keeps the inquiry's shape
    answering = {id(asked): answer for asked, answer in zip(inquiry.members(), response.members(), strict=True)}
    for asked, question in questions_from_270(inquiry):
        fill_member(answering[id(asked)], answer_eligibility(engine.config, engine.accumulators, question))
    return response
