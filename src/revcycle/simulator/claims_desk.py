"""The payer simulator's claims desk: an 837P file in, a 999, a 277CA and an 835 out.

    run = simulate(data, engine, settings, received_on, paid_on, control_number)
    run.ack_999, run.ack_277ca, run.remittance_835, run.advice, run.claims, run.rejected_claims
    control_number_of("acme-000000007.837")   # 7: a submitted file is answered under its own number

A claim for a member the payer does not know is rejected at the front end (277CA A3:33:IL) and not
adjudicated; every other claim of an accepted transaction set is acknowledged A2:20 with its payer
claim number and adjudicated into the 835.

The 999 acknowledges the file (rejected transaction sets are not adjudicated); the 835 carries
the engine's decisions. `settings` are the payer's envelope ids (ISA06 the payer, ISA08 the provider).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.remittance.model import RemittanceAdvice
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.intake import received_claims
from revcycle.simulator.submitted import SubmittedClaim
from revcycle.x12 import AckHeader, acknowledge, read_x12
from revcycle.x12.guides.parts import Entity
from revcycle.x12.guides.x276_277.model import StatusCode
from revcycle.x12.guides.x276_277.write import write_claim_status
from revcycle.x12.guides.x277ca.build import AcknowledgedBatch, ReceivedClaim, build_claim_acknowledgment
from revcycle.x12.guides.x837p.model import ClaimBatch


@dataclass(slots=True)
class SimulatorRun:
    ack_999: str
    remittance_835: str
    advice: RemittanceAdvice
    claims: list[SubmittedClaim] = field(default_factory=list)
    rejected_sets: list[str] = field(default_factory=list)
    ack_277ca: str = ""
    rejected_claims: list[str] = field(default_factory=list)  # front-end rejections (277CA), not adjudicated


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
    batches: list[ClaimBatch] = []
    for parsed in result.transactions:
        if isinstance(parsed.model, ClaimBatch) and parsed.transaction.control_number not in rejected:
            claims += received_claims(parsed.model, received_on)
            batches.append(parsed.model)
    front_end_rejects = {claim.claim_id for claim in claims if engine.config.member(claim.member_id) is None}
    accepted = [claim for claim in claims if claim.claim_id not in front_end_rejects]
    advice = engine.adjudicate(accepted, paid_on)
    text = write_835(advice, settings, control_number, dt.datetime.combine(paid_on, dt.time(9, 0)))
    ack_277 = claim_acknowledgment_277ca(
        batches, claims, advice, front_end_rejects, settings, received_on, control_number
    )
    return SimulatorRun(ack, text, advice, claims, sorted(rejected), ack_277, sorted(front_end_rejects))


def control_number_of(file_name: str) -> int:
    """The control number the payer answers a submitted file under: the last nine digits of its name
    (our files are named `<partner>-<ISA13>.837`), 1 when it has none."""
    return int("".join(ch for ch in file_name if ch.isdecimal())[-9:] or "1")


def claim_acknowledgment_277ca(
    batches: list[ClaimBatch],
    claims: list[SubmittedClaim],
    advice: RemittanceAdvice,
    rejects: set[str],
    settings: EnvelopeSettings,
    received_on: dt.date,
    control_number: int,
) -> str:
    """The 277CA: A2:20 accepted (with the payer claim number, REF*1K) or A3:33:IL rejected (no such member)."""
    if not batches:
        return ""
    numbers = {
        payment.claim_id: payment.payer_claim_number for payment in advice.claims if not payment.is_reversal
    }
    payer = Entity("PR", "2", advice.payer_name or "PAYER", id_qualifier="PI", id=settings.sender_id)
    received = []
    for claim in claims:
        statuses = (StatusCode("A3", "33", "IL"),) if claim.claim_id in rejects else (StatusCode("A2", "20"),)
        received.append(ReceivedClaim(
            claim.claim_id, Money(claim.charge_cents).to_decimal(),
            Entity("QC", "1", claim.patient_last_name, claim.patient_first_name, id_qualifier="MI", id=claim.member_id),
            Entity("85", "2", claim.billing_name or "PROVIDER", id_qualifier="XX", id=claim.billing_npi),
            claim.first_service_date, statuses, payer_claim_number=numbers.get(claim.claim_id, ""),
        ))  # fmt: skip
    submitter = batches[0].submitter.name
    batch = AcknowledgedBatch(f"{control_number:04d}", f"CA{control_number:06d}", payer,
                              Entity("41", "2", submitter.last_or_organization, id_qualifier="46", id=submitter.id),
                              batches[0].reference, received_on, received_on)  # fmt: skip
    transaction = build_claim_acknowledgment(batch, received)
    created = dt.datetime.combine(received_on, dt.time(13, 0))
    return write_claim_status([transaction], settings.header(control_number, created), sender=settings.group_sender,
                              receiver=settings.group_receiver, group_control=control_number)  # fmt: skip


def _rejected_control_numbers(result) -> set[str]:  # noqa: ANN001 - an X12File
    """Transaction sets with an error-severity problem inside them (the 999 rejects those)."""
    rejected = set()
    for parsed in result.transactions:
        start, end = parsed.transaction.start, parsed.transaction.end
        if any(p.segment_number is not None and start <= p.segment_number - 1 <= end for p in result.errors):
            rejected.add(parsed.transaction.control_number)
    return rejected
