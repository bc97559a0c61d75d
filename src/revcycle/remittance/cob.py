"""Coordination of benefits after a payer's 835: the claim that bills the next payer.

    claim = secondary_claim(plan, coverage, payer, patient, on, now)   # `<number>S`, to store as a draft

A claim that moved a balance to the next payer (`SentClaim.next_coverage`) gets that payer's claim: a new
`claims.Claim` numbered `<primary number>S`, responsibility S (T after a secondary), for the same lines,
whose `prior_payers` carry this payer's paid amounts and adjustments (837P loops 2320/2430). Its charges
stay on the primary claim's ledger lines (`SentClaim.ledger_claim_id`): it posts no charge of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from revcycle.claims.build import RESPONSIBILITY, claim_payer
from revcycle.claims.model import Claim, ClaimStatus, StatusChange
from revcycle.claims.parties import ClaimPerson, ClaimSubscriber
from revcycle.claims.prior_payers import PriorAdjustment, PriorLinePayment, PriorPayer
from revcycle.practice import Coverage, Patient, Payer, Relationship
from revcycle.remittance.model import Adjustment
from revcycle.remittance.outcomes import posted
from revcycle.remittance.plan import ClaimPlan

SECONDARY_SUFFIX = "S"
RELATIONSHIP_CODE = {Relationship.SELF: "18", Relationship.SPOUSE: "01", Relationship.CHILD: "19"}


def needing_next_payer(plans: Iterable[ClaimPlan], existing: Iterable[str]) -> list[ClaimPlan]:
    """The adjudications that moved a balance to a next payer whose claim does not exist yet (built once:
    a replayed or corrected 835 builds nothing again)."""
    built, found = set(existing), []
    for plan, sent in posted(list(plans)):
        number = secondary_number(sent.claim)
        if plan.totals["next_payer"] and sent.next_coverage is not None and number not in built:
            built.add(number)
            found.append(plan)
    return found


def secondary_number(claim: Claim) -> str:
    return f"{claim.claim_id}{SECONDARY_SUFFIX}"


@dataclass(frozen=True, slots=True)
class NextPayerClaim:
    claim: Claim  # a draft
    patient_id: int
    payer_id: int  # the next payer's


def secondary_claims(plans: Iterable[ClaimPlan], payers: Mapping[int, Payer], patients: Mapping[int, Patient],
                     on: date, now: datetime) -> list[NextPayerClaim]:  # fmt: skip
    """The next payer's claim for each plan (`needing_next_payer`), as a draft."""
    found = []
    for plan in plans:
        sent = plan.sent
        assert sent is not None and sent.next_coverage is not None
        payer_id = sent.next_coverage.payer_id
        claim = secondary_claim(plan, sent.next_coverage, payers[payer_id], patients[sent.patient_id], on, now)
        found.append(NextPayerClaim(claim, sent.patient_id, payer_id))
    return found


def secondary_claim(plan: ClaimPlan, coverage: Coverage, payer: Payer, patient: Patient, on: date,
                    now: datetime) -> Claim:  # fmt: skip
    assert plan.sent is not None
    claim = plan.sent.claim
    person = ClaimPerson.of_patient(patient) if coverage.subscriber is None else ClaimPerson.of_person(coverage.subscriber)
    subscriber = ClaimSubscriber(coverage.member_id, person, coverage.group_number, coverage.effective_from,
                                 coverage.effective_to)  # fmt: skip
    note = f"secondary of {claim.claim_id} after its 835 (CLP07 {plan.payment.payer_claim_number})"
    return replace(
        claim, claim_id=secondary_number(claim), subscriber=subscriber, relationship=coverage.relationship_to_subscriber,
        payer=claim_payer(payer), other_coverages=(),
        payer_responsibility=RESPONSIBILITY[coverage.order], prior_payers=(*claim.prior_payers, _prior(plan, on)),
        lines=tuple(replace(line, id=None) for line in claim.lines),
        status=ClaimStatus.DRAFT, history=(StatusChange(ClaimStatus.DRAFT, now, note[:500]),), id=None,
    )  # fmt: skip


def _prior(plan: ClaimPlan, on: date) -> PriorPayer:
    assert plan.sent is not None
    claim, payment = plan.sent.claim, plan.payment
    lines = tuple(PriorLinePayment(line.line_number, paid.paid_cents, _adjustments(paid.adjustments))
                  for paid, line in plan.matches)  # fmt: skip
    subscriber = claim.subscriber.person
    return PriorPayer(
        claim.claim_id, claim.payer.payer_code, claim.payer.name, claim.subscriber.member_id, subscriber.last_name,
        subscriber.first_name, payment.paid_cents, on, claim.payer_responsibility,
        RELATIONSHIP_CODE.get(claim.relationship, "G8"), claim.claim_filing_indicator or "CI",
        payment.payer_claim_number, claim.subscriber.group_number, _adjustments(payment.adjustments), lines,
    )  # fmt: skip


def _adjustments(adjustments: tuple[Adjustment, ...]) -> tuple[PriorAdjustment, ...]:
    return tuple(PriorAdjustment(a.group, a.reason, a.amount_cents) for a in adjustments if a.amount_cents)
