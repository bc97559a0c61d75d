"""The secondary claim (COB): the original 837P claim re-addressed to the next payer, carrying what the
primary did in loop 2320 (claim: SBR of the primary, CAS, AMT*D paid, AMT*EAF remaining patient
liability, 2330A/2330B) and loop 2430 per line (SVD paid, CAS, DTP*573 paid date, AMT*EAF).

    batch = secondary_batch(original_batch, "C2", primary_payment, next_subscriber, next_payer, paid_on)

Lines are matched to the primary's service payments by REF*6R, else in order. The new claim's
patient control number is the original's + "S" (a claim of its own, so its 835 matches it).
"""

from __future__ import annotations

import copy
from datetime import date

from revcycle.edi.remit_835 import dollars
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.remittance.model import Adjustment, ClaimPayment, ServicePayment
from revcycle.x12.guides.x837p import model as x837

SECONDARY_SUFFIX = "S"


def secondary_batch(
    original: x837.ClaimBatch,
    claim_id: str,
    primary: ClaimPayment,
    next_subscriber: x837.Party,
    next_payer: x837.Party,
    paid_on: date,
) -> x837.ClaimBatch:
    batch = copy.deepcopy(original)
    for provider in batch.billing_providers:
        for subscriber in provider.subscribers:
            found = next((claim for claim in subscriber.claims if claim.claim_id == claim_id), None)
            if found is None:
                continue
            primary_subscriber = copy.deepcopy(subscriber.party)
            primary_payer = copy.deepcopy(subscriber.payer)
            secondary = x837.Subscriber("S", next_subscriber, next_payer, subscriber.relationship, filing_indicator="CI",
                                        claims=[_secondary_claim(found, primary, primary_subscriber, primary_payer,
                                                                 subscriber.filing_indicator, paid_on)])  # fmt: skip
            provider.subscribers = [secondary]
            batch.billing_providers = [provider]
            batch.reference = f"{batch.reference}{SECONDARY_SUFFIX}"[:50]
            return batch
    raise RevcycleError(
        ErrorCode.NOT_FOUND, f"claim {claim_id!r} is not in the batch (only subscriber-patient claims)"
    )


def _secondary_claim(
    claim: x837.Claim,
    primary: ClaimPayment,
    subscriber: x837.Party,
    payer: x837.Party,
    filing: str,
    paid_on: date,
) -> x837.Claim:
    patient_left = sum(line.responsibility_cents() for line in primary.lines) + sum(
        a.amount_cents for a in primary.adjustments if a.group == "PR"
    )
    other = x837.OtherPayer(
        "P",
        "18",
        filing_indicator=filing or "CI",
        adjustments=_adjustments(primary.adjustments),
        paid=dollars(primary.paid_cents),
        remaining_patient_liability=dollars(patient_left),
        subscriber=x837.Party(
            x837.Name(
                "IL",
                "1",
                subscriber.name.last_or_organization,
                subscriber.name.first,
                id_qualifier="MI",
                id=subscriber.name.id,
            ),
            subscriber.address,
        ),  # fmt: skip
        payer=x837.Party(
            x837.Name("PR", "2", payer.name.last_or_organization, id_qualifier="PI", id=payer.name.id)
        ),
    )
    payments = list(primary.lines)
    lines = []
    for index, line in enumerate(claim.service_lines):
        payment = _payment_for(line, payments, index)
        lines.append(_line_with_adjudication(line, payment, payer.name.id, paid_on))
    secondary = copy.deepcopy(claim)
    secondary.claim_id = f"{claim.claim_id}{SECONDARY_SUFFIX}"
    secondary.other_payers = [other]
    secondary.service_lines = lines
    return secondary


def _payment_for(line: x837.ServiceLine, payments: list[ServicePayment], index: int) -> ServicePayment | None:
    if line.control_number:
        found = next((p for p in payments if p.control_number == line.control_number), None)
        if found is not None:
            return found
    return payments[index] if index < len(payments) else None


def _line_with_adjudication(
    line: x837.ServiceLine, payment: ServicePayment | None, payer_id: str, paid_on: date
) -> x837.ServiceLine:
    copied = copy.deepcopy(line)
    if payment is None:
        return copied
    copied.adjudications = [
        x837.LineAdjudication(
            payer_id,
            dollars(payment.paid_cents),
            [line.qualifier, line.procedure, *line.modifiers],
            line.units,
            adjustments=_adjustments(payment.adjustments),
            paid_date=paid_on,
            remaining_patient_liability=dollars(payment.responsibility_cents()),
        )
    ]
    return copied


def _adjustments(adjustments: tuple[Adjustment, ...]) -> list[x837.Adjustment]:
    return [x837.Adjustment(a.group, a.reason, dollars(a.amount_cents)) for a in adjustments]
