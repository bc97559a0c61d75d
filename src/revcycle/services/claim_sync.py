"""Move the claims package's claims (`claims` table) when the payer answers: 999/277CA accept or
reject them, an 835 adjudicates them. Only claims submitted through it (their row id is the
submitted claim's `claim_reference`) move, and only along the lifecycle table: an answer that the
table does not allow (a claim already closed, say) is left alone rather than failing the posting."""

from __future__ import annotations

from collections.abc import Sequence

from revcycle.claims.lifecycle import can_transition, transition
from revcycle.claims.model import ClaimStatus
from revcycle.store.uow import UnitOfWork

ANSWERED = (ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED)  # an 835's decisions


def advance_claim(
    uow: UnitOfWork, user_id: int | None, claim_reference: str, target: ClaimStatus, note: str
) -> bool:
    """True when the claim moved to `target` (through ACCEPTED first when an 835 answers a SUBMITTED claim)."""
    return advance_claims(uow, user_id, [(claim_reference, target, note)])[0]


def advance_claims(
    uow: UnitOfWork, user_id: int | None, moves: Sequence[tuple[str, ClaimStatus, str]]
) -> list[bool]:
    """`advance_claim` for many (claim reference, target, note), in order, with a constant number of
    statements (an 835 moves every claim it adjudicates): one True/False per move."""
    repository = uow.claims
    current = repository.get_many(int(reference) for reference, _target, _note in moves if reference.isdigit())
    moved, changed = [], []
    for reference, target, note in moves:
        if not reference.isdigit():
            moved.append(False)
            continue
        claim = current[int(reference)]
        path = [target]
        if claim.status is ClaimStatus.SUBMITTED and target in ANSWERED:
            path = [ClaimStatus.ACCEPTED, target]
        done = True
        for step in path:
            if not can_transition(claim.status, step):
                done = False
                break
            claim = transition(claim, step, uow.clock.now(), note[:500])
            changed.append(claim)
        current[int(reference)] = claim
        moved.append(done)
    repository.record_statuses(changed, user_id)
    return moved
