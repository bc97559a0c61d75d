"""Corrected (frequency 7) and void (8) claims: new linked claim versions of an adjudicated claim.

    correction = correct_claim(uow, user, claim_id, ClaimChanges(line_edits=(LineEdit(2, modifiers=("XS",)),)))
    correction = void_claim(uow, user, claim_id, "billed to the wrong patient")

The original goes to `corrected` (`voided`); the new draft (`<claim>V<n>`) carries the payer's claim
control number (REF*F8) heard for the original: its 835 (CLP07), else a 277 claim status answer, else
the 277CA. The draft is then scrubbed and submitted like any claim (`services.claims`); its charges
post at submission (a void posts none). When the payer's 835 reverses the original (CLP02 22), the
original's charges are reversed by the remittance posting (`remittance.reversals`).
Each use case is one transaction, audited on both claims (codes and ids only).
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.claims import Claim, ClaimStatus
from revcycle.claims import correct as correct_version
from revcycle.claims import void as void_version
from revcycle.claims.corrections import ClaimChanges, apply_changes, merged, recoded
from revcycle.claims.lifecycle import ADJUDICATED
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.coding import coding_worklist
from revcycle.store.uow import UnitOfWork

MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class Correction:
    original: Claim  # now corrected / voided
    replacement: Claim  # the new frequency 7 / 8 draft, stored
    payer_claim_control_number: str
    source: str  # where the number was heard: "835 CLP07" | "277 claim status" | "277CA"


def correct_claim(uow: UnitOfWork, user: User, claim_id: int, changes: ClaimChanges) -> Correction:
    """Replace an adjudicated claim by a frequency-7 draft with `changes` applied (or the encounter's recoding)."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        repository = uow.claims
        original = repository.get(claim_id)
        number, source = _control_number(uow, original)
        if changes.recode:
            changes = merged(_recoding(uow, user, original), changes)
        changed = apply_changes(original, changes)
        replaced, draft = correct_version(original, changed, number, uow.clock.now())
        stored = _store(uow, user, replaced, draft)
        audit.record(uow, user, audit.Action.CHANGE, "claim", claim_id,
                     f"corrected by {stored.claim_id} F8={number} ({source}) {changes.describe()}"[:500])  # fmt: skip
        return Correction(replaced, stored, number, source)


def void_claim(uow: UnitOfWork, user: User, claim_id: int, reason: str) -> Correction:
    """Cancel an adjudicated claim with a frequency-8 draft (same content); `reason` goes to the audit log
    and the claim's history, so it must not name the patient."""
    with uow:
        user.require(Permission.POST_LEDGER)
        cleaned = " ".join(reason.split())
        if not cleaned:
            raise RevcycleError(
                ErrorCode.VALIDATION, "a void needs a reason (e.g. 'billed to the wrong payer')"
            )
        repository = uow.claims
        original = repository.get(claim_id)
        number, source = _control_number(uow, original)
        voided, draft = void_version(original, number, uow.clock.now())
        stored = _store(uow, user, voided, draft)
        audit.record(uow, user, audit.Action.CHANGE, "claim", claim_id,
                     f"voided by {stored.claim_id} F8={number} ({source}): {cleaned[:MAX_REASON]}")  # fmt: skip
        return Correction(voided, stored, number, source)


def _control_number(uow: UnitOfWork, original: Claim) -> tuple[str, str]:
    if original.status in (ClaimStatus.CORRECTED, ClaimStatus.VOIDED):
        raise RevcycleError(ErrorCode.ILLEGAL_TRANSITION, f"claim {original.claim_id} is {original.status} already: "
                            "correct or void its newest version")  # fmt: skip
    if original.status not in ADJUDICATED:
        raise RevcycleError(ErrorCode.ILLEGAL_TRANSITION,
                            f"claim {original.claim_id} is {original.status}: only an adjudicated claim (paid, "
                            "partially paid, denied) is corrected or voided; fix a draft or a rejected claim "
                            "and submit it again")  # fmt: skip
    found = uow.corrections.payer_claim_number(original.claim_id)
    if found is None:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"claim {original.claim_id}: no payer claim control number heard (no 835 CLP07, 277 "
                            "or 277CA names one); post the payer's 835 or ask its claim status first")  # fmt: skip
    return found


def _recoding(uow: UnitOfWork, user: User, original: Claim) -> ClaimChanges:
    if original.encounter_id is None:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"claim {original.claim_id} has no encounter to take coding from"
        )
    worklist = coding_worklist(uow, user, original.encounter_id)
    return recoded(original, worklist.final_diagnoses, worklist.procedures)


def _store(uow: UnitOfWork, user: User, original: Claim, draft: Claim) -> Claim:
    uow.claims.record_status(original, user.id)
    patient_id, payer_id = uow.claims.ids_of(original.id)  # type: ignore[arg-type]
    stored = uow.claims.add(draft, patient_id, payer_id, uow.clock.now(), user.id)
    kind = "void" if original.status is ClaimStatus.VOIDED else "corrected"
    audit.record(uow, user, audit.Action.CREATE, "claim", stored.id or 0,
                 f"{kind} claim frequency {stored.frequency.value} of {original.claim_id}")  # fmt: skip
    return stored
