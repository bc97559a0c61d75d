"""Move the claims package's claims (`claims` table) when the payer answers: 999/277CA accept or
reject them, an 835 adjudicates them. Only claims submitted through it (their row id is the
submitted claim's `claim_reference`) move, and only along the lifecycle table: an answer that the
table does not allow (a claim already closed, say) is left alone rather than failing the posting."""

from __future__ import annotations

from revcycle.claims.lifecycle import can_transition, transition
from revcycle.claims.model import ClaimStatus
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.uow import UnitOfWork


def advance_claim(
    uow: UnitOfWork, user_id: int | None, claim_reference: str, target: ClaimStatus, note: str
) -> bool:
    """True when the claim moved to `target` (through ACCEPTED first when an 835 answers a SUBMITTED claim)."""
    if not claim_reference.isdigit():
        return False
    repository = ClaimRepository(uow.connection)
    claim = repository.get(int(claim_reference))
    path = [target]
    if claim.status is ClaimStatus.SUBMITTED and target in (
        ClaimStatus.PAID,
        ClaimStatus.PARTIALLY_PAID,
        ClaimStatus.DENIED,
    ):
        path = [ClaimStatus.ACCEPTED, target]
    for step in path:
        if not can_transition(claim.status, step):
            return False
        claim = transition(claim, step, uow.clock.now(), note[:500])
        repository.record_status(claim, user_id)
    return True
