"""Plan the posting of one remittance advice (one 835 transaction set), from what the caller read for it.

    plan = plan_remittance(advice, context, key="era:<digest>:1", on=payment_date, now=clock.now())

Pure: `PostingContext` holds what the database knows (the claims the 835 names, the payments its
reversals take back, open appeals, the next payers' records); `RemittancePlan` holds everything the
posting writes: per remitted claim its entries, denials or exception; provider-level adjustments (PLB);
claim states; settled appeals; the next payers' claims; notes for the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from revcycle.claims.model import Claim
from revcycle.ledger import postings
from revcycle.ledger.entries import Entry
from revcycle.practice import Patient, Payer
from revcycle.remittance.cob import NextPayerClaim, needing_next_payer, secondary_claims
from revcycle.remittance.model import RemittanceAdvice
from revcycle.remittance.outcomes import OpenAppeal, SettledAppeal, claim_moves, settle_appeals
from revcycle.remittance.plan import TOTALS, ClaimPlan, plan_claim
from revcycle.remittance.reversals import ReversalFacts, plan_reversal
from revcycle.remittance.sent import SentClaim


@dataclass(frozen=True, slots=True)
class PostingContext:
    sent: Mapping[str, SentClaim]  # claim number -> the claim we sent, for the numbers the 835 names
    reversals: Mapping[int, ReversalFacts] = field(default_factory=dict)  # by position of a CLP02 22 claim
    voids: Mapping[str, Sequence[Claim]] = field(default_factory=dict)  # replaced claim number -> its voids
    open_appeals: Sequence[OpenAppeal] = ()
    existing_claims: frozenset[str] = frozenset()  # next payers' claim numbers that exist already
    payers: Mapping[int, Payer] = field(default_factory=dict)  # next payers
    patients: Mapping[int, Patient] = field(default_factory=dict)  # patients with a next payer
    provider_payer_id: int | None = None  # whom PLB adjustments are with (None: nobody we know)


@dataclass(slots=True)
class RemittancePlan:
    advice: RemittanceAdvice
    claims: list[ClaimPlan]
    provider_entries: list[Entry] = field(default_factory=list)
    provider_adjustment_cents: int = 0
    moves: list[Claim] = field(default_factory=list)
    appeals: list[SettledAppeal] = field(default_factory=list)
    secondary_claims: list[NextPayerClaim] = field(default_factory=list)
    exceptions: list[dict] = field(default_factory=list)  # claim, reason, message, amount_cents
    notes: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {name: sum(plan.totals[name] for plan in self.claims if plan.exception is None) for name in TOTALS}


def reversal_positions(advice: RemittanceAdvice, sent: Mapping[str, SentClaim]) -> dict[int, SentClaim]:
    """Position -> claim, for the reversals (CLP02 22) of claims we sent: what the caller reads facts for."""
    return {n: sent[c.claim_id] for n, c in enumerate(advice.claims, 1) if c.is_reversal and c.claim_id in sent}


def plan_remittance(advice: RemittanceAdvice, context: PostingContext, key: str, on: date, now: datetime) -> RemittancePlan:
    claims = [plan_claim(n, claim, context.sent.get(claim.claim_id), f"{key}:c{n}", on)
              for n, claim in enumerate(advice.claims, start=1)]  # fmt: skip
    for plan in claims:
        if plan.payment.is_reversal and plan.exception is None:
            plan_reversal(plan, context.reversals.get(plan.position, ReversalFacts(None)), f"{key}:c{plan.position}", on)
    plan = RemittancePlan(advice, claims)
    _plan_provider_adjustments(plan, context.provider_payer_id, key, on)
    for claim in claims:
        plan.notes += claim.notes
        if claim.exception is not None:
            reason, message = claim.exception
            plan.exceptions.append({"claim": claim.payment.claim_id, "reason": reason, "message": message,
                                    "amount_cents": claim.payment.paid_cents})  # fmt: skip
    plan.appeals, appeal_notes = settle_appeals(claims, context.open_appeals, on)
    plan.moves, move_notes = claim_moves(claims, context.voids, advice.trace_number, now)
    plan.notes += appeal_notes + move_notes
    next_payer = needing_next_payer(claims, context.existing_claims)
    plan.secondary_claims = secondary_claims(next_payer, context.payers, context.patients, on, now)
    return plan


def _plan_provider_adjustments(plan: RemittancePlan, payer_id: int | None, key: str, on: date) -> None:
    advice = plan.advice
    if not advice.provider_adjustments:
        return
    if payer_id is None:
        message = f"PLB of {advice.provider_adjusted_cents} cents: no payer {advice.payer_id!r} and no matched claim"
        plan.exceptions.append({"claim": "", "reason": "provider_adjustment_unassigned", "message": message,
                                "amount_cents": advice.provider_adjusted_cents})  # fmt: skip
        return
    for number, adjustment in enumerate(advice.provider_adjustments, start=1):
        if adjustment.amount_cents:
            memo = f"PLB {adjustment.reason} {adjustment.reference}".strip()
            plan.provider_entries.append(
                postings.provider_level_adjustment(f"{key}:plb{number}", on, payer_id, adjustment.amount_cents, memo))
            plan.provider_adjustment_cents += adjustment.amount_cents


def provider_payer_id(by_code: int | None, sent: Mapping[str, SentClaim]) -> int | None:
    """Whom the PLB adjustments are with: the payer the 835 names, else the one payer of its claims."""
    if by_code is not None:
        return by_code
    payers = {claim.payer_id for claim in sent.values()}
    return payers.pop() if len(payers) == 1 else None
