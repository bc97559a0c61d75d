"""The payer simulator: an 837P file in, a 999, a 277CA (when the x12 guide exists) and an 835 out.

    run = simulate(data, engine, settings, received_on, paid_on, control_number)
    run.ack_999, run.remittance_835, run.advice, run.claims

The 999 acknowledges the file (rejected transaction sets are not adjudicated); the 835 carries
the engine's decisions. `settings` are the payer's envelope ids (ISA06 the payer, ISA08 the provider).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from revcycle.edi.claim_837_to_payer import submitted_claims
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.engine import PayerEngine
from revcycle.payer.remittance import RemittanceAdvice
from revcycle.payer.submitted import SubmittedClaim
from revcycle.x12 import read_x12
from revcycle.x12.ack999 import AckHeader, acknowledge
from revcycle.x12.guides.x837p.model import ClaimBatch


@dataclass(slots=True)
class SimulatorRun:
    ack_999: str
    remittance_835: str
    advice: RemittanceAdvice
    claims: list[SubmittedClaim] = field(default_factory=list)
    rejected_sets: list[str] = field(default_factory=list)


def simulate(
    data: bytes | str,
    engine: PayerEngine,
    settings: EnvelopeSettings,
    received_on: dt.date,
    paid_on: dt.date,
    control_number: int,
) -> SimulatorRun:
    result = read_x12(data, validate=True)
    if not result.transactions:
        raise RevcycleError(
            ErrorCode.X12_SYNTAX,
            "no transaction set in the file: " + "; ".join(str(p) for p in result.errors[:3]),
        )
    created = dt.datetime.combine(received_on, dt.time(12, 0))
    ack = acknowledge(
        result, AckHeader(settings.sender_id, settings.receiver_id, control_number, created, settings.usage)
    )
    rejected = _rejected_control_numbers(result)
    claims: list[SubmittedClaim] = []
    for parsed in result.transactions:
        if isinstance(parsed.model, ClaimBatch) and parsed.transaction.control_number not in rejected:
            claims += submitted_claims(parsed.model, received_on)
    advice = engine.adjudicate(claims, paid_on)
    text = write_835(advice, settings, control_number, dt.datetime.combine(paid_on, dt.time(9, 0)))
    return SimulatorRun(ack, text, advice, claims, sorted(rejected))


def _rejected_control_numbers(result) -> set[str]:  # noqa: ANN001 - an X12File
    """Transaction sets with an error-severity problem inside them (the 999 rejects those)."""
    rejected = set()
    for parsed in result.transactions:
        start, end = parsed.transaction.start, parsed.transaction.end
        if any(p.segment_number is not None and start <= p.segment_number - 1 <= end for p in result.errors):
            rejected.add(parsed.transaction.control_number)
    return rejected
