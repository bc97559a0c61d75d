"""A claim's lifecycle as an explicit transition table, and corrected/void claims as new linked claims.

    draft -> scrubbed -> ready -> submitted -> accepted | rejected
    accepted -> paid | partially_paid | denied                     (adjudicated)
    accepted -> rejected                                           (the payer's front end turned it back after all)
    paid | partially_paid | denied -> appealed | corrected | voided | closed
A claim that fails the scrubber goes back to draft; a clearinghouse rejection is fixed as a draft
and resubmitted (it never reached the payer, so it is not a corrected claim). Anything not in
`TRANSITIONS` raises `RevcycleError(ILLEGAL_TRANSITION)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from revcycle.claims.model import Claim, ClaimStatus, Frequency, StatusChange
from revcycle.kernel.errors import ErrorCode, RevcycleError, check_transition

S = ClaimStatus
TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    S.DRAFT: frozenset({S.SCRUBBED}),
    S.SCRUBBED: frozenset({S.READY, S.DRAFT}),
    S.READY: frozenset({S.SUBMITTED, S.DRAFT}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED}),
    S.REJECTED: frozenset({S.DRAFT, S.CLOSED}),
    S.ACCEPTED: frozenset({S.PAID, S.PARTIALLY_PAID, S.DENIED, S.REJECTED}),
    S.PAID: frozenset({S.CORRECTED, S.VOIDED, S.CLOSED}),
    S.PARTIALLY_PAID: frozenset({S.APPEALED, S.CORRECTED, S.VOIDED, S.CLOSED}),
    S.DENIED: frozenset({S.APPEALED, S.CORRECTED, S.VOIDED, S.CLOSED}),
    S.APPEALED: frozenset({S.PAID, S.PARTIALLY_PAID, S.DENIED, S.CLOSED}),
    S.CORRECTED: frozenset({S.CLOSED}),
    S.VOIDED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}
ADJUDICATED = frozenset({S.PAID, S.PARTIALLY_PAID, S.DENIED})


def can_transition(current: ClaimStatus, target: ClaimStatus) -> bool:
    return target in TRANSITIONS[current]


def transition(claim: Claim, target: ClaimStatus, at: datetime, note: str = "") -> Claim:
    """The claim in `target` status with the change recorded, or ILLEGAL_TRANSITION."""
    target = ClaimStatus(target)
    check_transition(TRANSITIONS, claim.status, target, f"claim {claim.claim_id}", "none (terminal)")
    return replace(claim, status=target, history=(*claim.history, StatusChange(target, at, note)))


def advanced(claim: Claim, target: ClaimStatus, at: datetime, note: str = "") -> list[Claim]:
    """A payer's answer applied: the claim's states on the way to `target` (an adjudication of a claim still
    `submitted` passes through `accepted`), or [] when the table does not allow the move (a claim already
    closed, say). A payer's answer is never refused for the claim's state; it is then simply not applied."""
    path = [S.ACCEPTED, target] if claim.status is S.SUBMITTED and target in ADJUDICATED else [target]
    states = []
    for step in path:
        if not can_transition(claim.status, step):
            return []
        claim = transition(claim, step, at, note)
        states.append(claim)
    return states


@dataclass(slots=True)
class Moves:
    """Claims moved by a series of payer answers (a claim may move more than once): `move` applies an
    answer (`advanced`) to the claim's latest state; `states` lists what to record, in order."""

    current: dict[int, Claim] = field(default_factory=dict)
    states: list[Claim] = field(default_factory=list)

    def latest(self, claim: Claim) -> Claim:
        return self.current.get(claim.id, claim)  # type: ignore[arg-type]

    def move(self, claim: Claim, target: ClaimStatus, at: datetime, note: str = "") -> bool:
        """True when the claim moved to `target`."""
        assert claim.id is not None
        found = advanced(self.latest(claim), target, at, note[:500])
        if found:
            self.current[claim.id] = found[-1]
            self.states += found
        return bool(found)


def correct(original: Claim, corrected: Claim, payer_claim_control_number: str, at: datetime) -> tuple[Claim, Claim]:
    """Replace an adjudicated claim: (original now `corrected`, the new frequency-7 draft).

    `corrected` carries the changed content (lines, codes...); it becomes a new claim linked to
    the original, one version higher, carrying the payer's claim control number.
    """
    control_number = _require_control_number(original, payer_claim_control_number)
    replaced = transition(original, S.CORRECTED, at, f"replaced by a corrected claim ({control_number})")
    started = StatusChange(S.DRAFT, at, f"corrects {original.claim_id}")
    return replaced, _next_version(original, corrected, Frequency.CORRECTED, control_number, started)


def void(original: Claim, payer_claim_control_number: str, at: datetime) -> tuple[Claim, Claim]:
    """Cancel an adjudicated claim: (original now `voided`, the new frequency-8 draft, same content)."""
    control_number = _require_control_number(original, payer_claim_control_number)
    voided = transition(original, S.VOIDED, at, f"voided ({control_number})")
    started = StatusChange(S.DRAFT, at, f"voids {original.claim_id}")
    return voided, _next_version(original, original, Frequency.VOID, control_number, started)


def _next_version(
    original: Claim, content: Claim, frequency: Frequency, control_number: str, started: StatusChange
) -> Claim:
    """`content` as the draft of the original's next version: linked to it, carrying the payer's number."""
    return replace(
        content,
        claim_id=_next_claim_id(original),
        frequency=frequency,
        original_claim_id=original.claim_id,
        payer_claim_control_number=control_number,
        version=original.version + 1,
        status=S.DRAFT,
        history=(started,),
        id=None,
    )


def _require_control_number(original: Claim, control_number: str) -> str:
    cleaned = control_number.strip()
    if not cleaned:
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"claim {original.claim_id}: a corrected or void claim needs the payer's claim control number",
        )
    if original.status not in ADJUDICATED:
        raise RevcycleError(
            ErrorCode.ILLEGAL_TRANSITION,
            f"claim {original.claim_id} is {original.status}: only an adjudicated claim "
            "(paid, partially paid, denied) can be corrected or voided",
        )
    return cleaned


def _next_claim_id(original: Claim) -> str:
    """The patient control number of the next version: base id + `V<version>` (e.g. E12-1V2)."""
    base = original.claim_id.rpartition("V")[0] if original.version > 1 else original.claim_id
    return f"{base}V{original.version + 1}"
