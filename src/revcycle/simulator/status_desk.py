"""The payer simulator's claim status desk: a 276 in, a 277 out, from what its engine decided.

    text_277 = answer_276(text_276, engine, settings, control_number=9, created=datetime(...))

Per claim (TRN02 = the patient control number): never adjudicated -> A4:35 (not found);
paid -> F1:65; adjudicated with nothing to pay (all patient share) -> F4:1; denied -> F2:88 when
the member was not covered on the date of service (CARC 26/27/31), else F2:1; reversed -> F3:1.
A finalized claim carries REF*1K, the charge and payment (STC04/05), the adjudication date
(STC06), the payment method, date and check/EFT trace (STC07-09).
"""

from __future__ import annotations

import datetime as dt

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.simulator.engine import Decision, PayerEngine
from revcycle.x12 import X12File, read_x12
from revcycle.x12.guides.parts import Reference
from revcycle.x12.guides.x276_277.model import ClaimStatusTransaction, StatusCode, StatusInfo
from revcycle.x12.guides.x276_277.respond import status_response_skeleton
from revcycle.x12.guides.x276_277.write import write_claim_status

NOT_COVERED_REASONS = frozenset({"26", "27", "31"})


def answer_276(data: bytes | str | X12File, engine: PayerEngine, settings: EnvelopeSettings, control_number: int,
               created: dt.datetime) -> str:  # fmt: skip
    """`data`: the 276, or the file already read (`read_x12`)."""
    read = data if isinstance(data, X12File) else read_x12(data)
    requests: list[ClaimStatusTransaction] = read.models("276")  # type: ignore[assignment]
    if not requests:
        raise RevcycleError(ErrorCode.X12_SYNTAX, "no 276 claim status request in the file")
    responses = []
    for number, request in enumerate(requests):
        response = status_response_skeleton(request, f"{control_number:04d}" + (f"{number}" if number else ""))
        for _level, report in response.claims():
            decision = engine.decisions.get(report.trace.number)
            report.statuses = [status_of(decision, created.date())]
            if decision is not None and not report.payer_claim_number:
                report.references.insert(0, Reference("1K", decision.payment.payer_claim_number))
        responses.append(response)
    return write_claim_status(responses, settings.header(control_number, created), sender=settings.group_sender,
                              receiver=settings.group_receiver, group_control=control_number)  # fmt: skip


def status_of(decision: Decision | None, today: dt.date) -> StatusInfo:
    if decision is None:
        return StatusInfo([StatusCode("A4", "35")], today)
    payment = decision.payment
    paid = payment.paid_cents
    method = ""  # STC07 is not used in X212
    return StatusInfo(
        [_code(decision)], decision.paid_on, "", Money(payment.charge_cents).to_decimal(), Money(paid).to_decimal(),
        decision.paid_on, method, decision.paid_on if paid > 0 else None,
        decision.trace_number if paid > 0 else "",
    )  # fmt: skip


def _code(decision: Decision) -> StatusCode:
    payment = decision.payment
    if payment.is_reversal:
        return StatusCode("F3", "1")
    if payment.is_denied:
        reasons = {a.reason for line in payment.lines for a in line.adjustments}
        return StatusCode("F2", "88" if reasons & NOT_COVERED_REASONS else "1")
    return StatusCode("F1", "65") if payment.paid_cents > 0 else StatusCode("F4", "1")
