"""A payer's reversal (CLP02 22): the payment it takes back, and the charges of a replaced claim.

    plan_reversal(plan, facts, key, on)      # facts: what the ledger holds for it, loaded by the caller

- The reversal mirrors, entry by entry, the latest posted payment of the claim that is not reversed yet
  (same payer claim number when the 835 gives one): payment, adjustments, patient share. No such
  payment: the claim goes to the exception queue (`reversal_without_original`).
- A corrected (frequency 7) or voided (8) claim's charges go with the payer's reversal: the corrected
  claim posts its own charges when sent, a void posts none, so without this the balance would count
  twice. Every charge of the replaced version not reversed yet (key `claim:<number>:line:<n>`) gets a
  mirroring entry keyed `claim:<number>:line:<n>:replaced`, dated the 835's payment date; only when the
  claim is `corrected` or `voided` (a payer's own take-back of a claim we still stand behind leaves its
  charge owed, and goes to follow-up). Posted by whoever posts the 835; replaying it posts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.claims.model import ClaimStatus
from revcycle.kernel.money import Money
from revcycle.ledger import postings
from revcycle.ledger.entries import PostedEntry
from revcycle.remittance.matching import PostingProblem
from revcycle.remittance.plan import ClaimPlan

REPLACED = (ClaimStatus.CORRECTED, ClaimStatus.VOIDED)


@dataclass(frozen=True, slots=True)
class ReversalFacts:
    """What the ledger holds for one reversal."""

    reversed_row_id: int | None  # the remittance claim row of the payment it reverses; None: no such payment
    payment_entries: tuple[PostedEntry | None, ...] = ()  # that payment's entries in order; None: reversed already
    charges: tuple[tuple[int, PostedEntry], ...] = ()  # (line number, charge entry not reversed yet) of the claim


def plan_reversal(plan: ClaimPlan, facts: ReversalFacts, key: str, on: date) -> None:
    claim_id = plan.payment.claim_id
    if facts.reversed_row_id is None:
        plan.fail(PostingProblem("reversal_without_original", f"no posted payment of {claim_id} to reverse"))
        return
    plan.notes.append(f"{claim_id}: reverses the payment posted as remittance claim {facts.reversed_row_id}")
    plan.reverses_id = facts.reversed_row_id
    for number, posted in enumerate(facts.payment_entries):
        if posted is not None:
            plan.entries.append(postings.reversal(f"{key}:rev{number}", on, posted))
    _reverse_replaced_charges(plan, facts, on)
    plan.totals["reversed"] += -plan.payment.paid_cents


def _reverse_replaced_charges(plan: ClaimPlan, facts: ReversalFacts, on: date) -> None:
    assert plan.sent is not None
    claim = plan.sent.claim
    if claim.status not in REPLACED or not facts.charges:
        return
    for line_number, charge in facts.charges:
        memo = f"charge of {claim.claim_id} line {line_number}: claim {claim.status.value}, payer reversed it"
        plan.entries.append(postings.reversal(f"{charge_key(claim.claim_id, line_number)}:replaced", on, charge, memo))
    cents = sum(line.amount_cents for _n, charge in facts.charges for line in charge.lines if line.amount_cents > 0)
    plan.notes.append(f"{claim.claim_id}: {claim.status.value}; its charges ({Money(cents)}) reversed with the payer's reversal")


def charge_key(claim_number: str, line_number: int) -> str:
    """The idempotency key of a claim version's charge for one line, posted when the claim is sent."""
    return f"claim:{claim_number}:line:{line_number}"
