"""`SubmittedClaim` values -> an 837P `ClaimBatch` (the inverse of `simulator.intake`).

For the payer simulator's round trips, scenario tests and benchmarks: what a practice would send
for these claims (subscriber = patient, one billing provider). A secondary claim (responsibility S)
carries the earlier payer in 2320/2330B with its paid amount, and per line 2430 with the paid
amount and the patient responsibility as PR-2.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.edi.remit_835 import dollars
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine
from revcycle.x12.guides.x837p import model as x837

CLINIC_ADDRESS = x837.Address(["100 MAIN ST"], "SPRINGFIELD", "IL", "627011234")


def claim_batch(
    claims: list[SubmittedClaim], reference: str, created: dt.date, payer_name: str
) -> x837.ClaimBatch:
    first = claims[0]
    billing = x837.Party(
        x837.Name("85", "2", first.billing_name or "CLINIC", id_qualifier="XX", id=first.billing_npi),
        CLINIC_ADDRESS,
        references=[("EI", first.billing_tin or "123456789")],
    )
    provider = x837.BillingProvider(billing)
    for claim in claims:
        provider.subscribers.append(_subscriber(claim, payer_name))
    return x837.ClaimBatch(
        control_number="0001",
        reference=reference,
        created=created,
        time="1200",
        submitter=x837.Party(
            x837.Name("41", "2", first.billing_name or "CLINIC", id_qualifier="46", id="CLINIC01"),
            contacts=[["IC", "BILLING OFFICE", "TE", "2175550100"]],
        ),  # fmt: skip
        receiver=x837.Party(x837.Name("40", "2", payer_name, id_qualifier="46", id=first.payer_id)),
        billing_providers=[provider],
    )


def _subscriber(claim: SubmittedClaim, payer_name: str) -> x837.Subscriber:
    person = x837.Party(
        _member_name(claim),
        x837.Address(["12 OAK AVE"], "SPRINGFIELD", "IL", "627025678"),
        birth_date=dt.date(1980, 4, 12),
        gender="F",
    )
    payer = x837.Party(x837.Name("PR", "2", payer_name, id_qualifier="PI", id=claim.payer_id))
    return x837.Subscriber(claim.responsibility, person, payer, filing_indicator=claim.filing_indicator,
                           claims=[_claim(claim)])  # fmt: skip


def _member_name(claim: SubmittedClaim) -> x837.Name:
    """The subscriber (the patient) as 2010BA and 2330A name them: NM1*IL*1 with the member id."""
    return x837.Name(
        "IL", "1", claim.patient_last_name, claim.patient_first_name, id_qualifier="MI", id=claim.member_id
    )


def _claim(claim: SubmittedClaim) -> x837.Claim:
    references = []
    if claim.original_payer_claim_number:
        references.append(("F8", claim.original_payer_claim_number))
    if claim.prior_authorization:
        references.append(("G1", claim.prior_authorization))
    typed = x837.Claim(
        claim.claim_id,
        dollars(claim.charge_cents),
        claim.place_of_service,
        frequency=claim.frequency,
        diagnoses=[code.replace(".", "") for code in claim.diagnoses],
        diagnosis_qualifiers=["ABK"] + ["ABF"] * (len(claim.diagnoses) - 1),
        references=references,
        service_lines=[_line(line, claim) for line in claim.lines],
    )
    for prior in claim.prior_payments:
        typed.other_payers.append(
            x837.OtherPayer(
                "P",
                "18",
                filing_indicator="CI",
                paid=dollars(prior.paid_cents),
                subscriber=x837.Party(_member_name(claim)),
                payer=x837.Party(x837.Name("PR", "2", "PRIMARY PAYER", id_qualifier="PI", id=prior.payer_id)),
            )
        )
    return typed


def _line(line: SubmittedLine, claim: SubmittedClaim) -> x837.ServiceLine:
    typed = x837.ServiceLine(
        "HC",
        line.procedure_code,
        dollars(line.charge_cents),
        Decimal(line.units),
        "UN",
        list(line.modifiers),
        diagnosis_pointers=list(line.diagnosis_pointers),
        service_date=line.service_date,
        service_end=line.service_date,
        line_number=str(line.line_number),
        references=[("6R", line.control_number)] if line.control_number else [],
    )
    if claim.prior_payments:
        prior = claim.prior_payments[0]
        adjustments = []
        if line.prior_patient_responsibility_cents:
            adjustments.append(x837.Adjustment("PR", "2", dollars(line.prior_patient_responsibility_cents)))
        contractual = line.charge_cents - line.prior_paid_cents - line.prior_patient_responsibility_cents
        if contractual:
            adjustments.append(x837.Adjustment("CO", "45", dollars(contractual)))
        code = ["HC", line.procedure_code, *line.modifiers]
        typed.adjudications.append(
            x837.LineAdjudication(
                prior.payer_id,
                dollars(line.prior_paid_cents),
                code,
                Decimal(line.units),
                adjustments=adjustments,
                paid_date=claim.received_on,
            )  # fmt: skip
        )
    return typed
