"""The simulator's intake: an 837P (typed) -> the payer engine's `SubmittedClaim` values.

    claims = received_claims(batch, received_on=date(2026, 3, 2))

Per claim: payer id from 2010BB NM109, member id from 2010BA NM109, patient from 2010CA (else the
subscriber), billing provider NPI/name/EIN from 2010AA, REF*G1 prior authorization, REF*F8 the
payer's claim number being replaced (frequency 7) or voided (8), SBR01 responsibility, lines with
their REF*6R (a line without one is given `<claim id>-<n>`), a range's first day as its date, and
for COB claims the earlier payer's paid amount and patient responsibility per line (2430).
An 837I (GS08 005010X223A2) is read by the x12 package into the same batch holding `InstitutionalClaim`s:
those are taken in by `simulator.intake_837i` (with the stay the payer prices them by).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from revcycle.kernel.money import round_cents
from revcycle.simulator.intake_837i import claim_header, institutional_claim, whole_units
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine
from revcycle.x12.guides.x837i.model import InstitutionalClaim
from revcycle.x12.guides.x837p import model as x837


def received_claims(batch: x837.ClaimBatch, received_on: date) -> list[SubmittedClaim]:
    found: list[SubmittedClaim] = []
    for provider in batch.billing_providers:
        for subscriber in provider.subscribers:
            for claim in subscriber.claims:
                found.append(_claim(claim, provider, subscriber, subscriber.party, received_on))
            for patient in subscriber.patients:
                for claim in patient.claims:
                    found.append(_claim(claim, provider, subscriber, patient.party, received_on))
    return found


def _claim(
    claim: x837.Claim | InstitutionalClaim,
    provider: x837.BillingProvider,
    subscriber: x837.Subscriber,
    patient: x837.Party,
    received_on: date,
) -> SubmittedClaim:
    if isinstance(claim, InstitutionalClaim):
        return institutional_claim(claim, provider, subscriber, patient, received_on)
    return SubmittedClaim(
        **claim_header(claim, provider, subscriber, patient, received_on),
        lines=tuple(_line(claim, line, number) for number, line in enumerate(claim.service_lines, start=1)),
        diagnoses=tuple(claim.diagnoses),
        place_of_service=claim.place_of_service,
    )


def _line(claim: x837.Claim, line: x837.ServiceLine, number: int) -> SubmittedLine:
    prior_paid = sum((a.paid for a in line.adjudications), Decimal(0))
    prior_patient = sum(
        (adj.amount for a in line.adjudications for adj in a.adjustments if adj.group == "PR"), Decimal(0)
    )
    return SubmittedLine(
        line_number=number,
        procedure_code=line.procedure,
        charge_cents=round_cents(line.charge),
        service_date=line.service_date or _claim_date(claim),
        units=whole_units(line.units),
        modifiers=tuple(m for m in line.modifiers if m),
        diagnosis_pointers=tuple(line.diagnosis_pointers) or (1,),
        control_number=line.control_number or f"{claim.claim_id}-{number}",
        place_of_service=line.place_of_service,
        prior_paid_cents=round_cents(prior_paid),
        prior_patient_responsibility_cents=round_cents(prior_patient),
    )


def _claim_date(claim: x837.Claim) -> date:
    for qualifier, _format, value in claim.dates:
        if qualifier == "472" and value[:8].isdecimal():
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return date(1900, 1, 1)
