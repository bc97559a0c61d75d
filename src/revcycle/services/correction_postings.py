"""The ledger rule for a replaced claim: when the payer reverses it (CLP02 22), its charges go too.

A corrected claim (frequency 7) posts its own charges when it is submitted; a void (8) posts none. The
835 that reverses the original mirrors the original's payment, adjustments and patient share
(`services.remittances`); without more, the original's charge would be owed by the payer again and
the corrected claim's charge on top: the balance counted twice. So, planned with that reversal:

- every charge entry of the original claim version (key `claim:<number>:line:<n>`) not yet reversed
  gets a mirroring entry, key `claim:<number>:line:<n>:replaced`, dated the 835's payment date;
- only when the original is `corrected` or `voided` in the claims table (a payer's own take-back of
  a claim we still stand behind leaves its charge owed, and goes to follow-up);
- posted by whoever posts the 835 (the biller's `post_ledger`): a posting rule of the remittance,
  not a manager's `reverse_entry`. Replaying the 835 posts nothing (same file digest); a reversal is
  never planned twice (each charge is reversed at most once, and the key is per claim version line).

Once that 835 is written, `close_replaced` closes each reversed original and marks the void claim that
asked for it `accepted` (its submission `finalized`): the payer answers a void with the reversal only.
"""

from __future__ import annotations

from datetime import date

from revcycle.claims.model import ClaimStatus, Frequency
from revcycle.kernel.money import Money
from revcycle.ledger import postings
from revcycle.ledger.entries import Entry
from revcycle.services.claim_sync import advance_claim
from revcycle.services.remittance_plan import ClaimPlan
from revcycle.store.repositories.remittances import SubmittedClaimRow
from revcycle.store.uow import UnitOfWork

REPLACED = (ClaimStatus.CORRECTED, ClaimStatus.VOIDED)


def replaced_charge_reversals(
    uow: UnitOfWork, submitted: SubmittedClaimRow | None, on: date
) -> tuple[list[Entry], str]:
    """(the entries reversing a replaced claim's charges, a note for the posting report; "" when none)."""
    if submitted is None or not submitted.claim_reference.isdigit():
        return [], ""
    claim = uow.claims.get(int(submitted.claim_reference))
    if claim.status not in REPLACED:
        return [], ""
    entries = []
    for line in claim.lines:
        charge = uow.journal.get_by_key(f"claim:{claim.claim_id}:line:{line.line_number}")
        if charge is None or uow.journal.reversal_of(charge.id) is not None:
            continue
        memo = f"charge of {claim.claim_id} line {line.line_number}: claim {claim.status.value}, payer reversed it"
        entries.append(
            postings.reversal(f"claim:{claim.claim_id}:line:{line.line_number}:replaced", on, charge, memo)
        )
    if not entries:
        return [], ""
    cents = sum(line.amount_cents for entry in entries for line in entry.lines if line.amount_cents > 0)
    return (
        entries,
        f"{claim.claim_id}: {claim.status.value}; its charges ({Money(cents)}) reversed with the payer's reversal",
    )


def close_replaced(uow: UnitOfWork, user_id: int | None, plans: list[ClaimPlan], trace: str) -> list[str]:
    """After a posted 835 reversed replaced claims: each original goes `closed`; the void claim that asked
    for it is `accepted` (no 835 line of its own will come) and its submission is no longer awaited."""
    notes = []
    repository = uow.claims
    for plan in plans:
        if not plan.claim.is_reversal or plan.exception is not None or plan.submitted is None:
            continue
        reference = plan.submitted.claim_reference
        original = repository.get(int(reference)) if reference.isdigit() else None
        if original is None or original.status not in REPLACED:
            continue
        words = f"835 trace {trace}: the payer reversed {original.claim_id}"
        advance_claim(uow, user_id, reference, ClaimStatus.CLOSED, words)
        voids = [c for c in repository.find(patient_id=repository.ids_of(original.id)[0])  # type: ignore[arg-type]
                 if c.original_claim_id == original.claim_id and c.frequency is Frequency.VOID]  # fmt: skip
        for void in voids:
            advance_claim(uow, user_id, str(void.id), ClaimStatus.ACCEPTED, words)
            _finalize_submission(uow, void.claim_id, words)
        notes.append(
            f"{original.claim_id}: closed" + (f"; void {voids[0].claim_id} accepted" if voids else "")
        )
    return notes


def _finalize_submission(uow: UnitOfWork, claim_number: str, words: str) -> None:
    remittances = uow.remittances
    row = remittances.submitted_claims([claim_number]).get(claim_number)
    if row is not None:
        remittances.set_claim_status([row.id], "finalized", words)
