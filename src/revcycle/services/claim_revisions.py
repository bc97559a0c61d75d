"""Fix a claim before it is sent: `revise_draft_claim` changes a service line (procedure code,
modifiers, units, diagnosis pointers) or the diagnosis list of a claim that has not left the
practice (draft, scrubbed or ready), so it can be scrubbed again.

    revise_draft_claim(uow, user, claim_id, lines={1: LineRevision("99214", ("25",), 1, (1, 2))})
    revise_draft_claim(uow, user, claim_id, diagnoses=("E11.9", "I10"))

Invariants: a submitted claim (or any later status) is never revised here: that is a corrected
claim (frequency 7, a new linked version). A revision rewrites the version's stored snapshot
while it is still a draft, sends the claim back to `draft` (it must be scrubbed again) with the
change in its status history, and writes one audit row (codes only, no patient data). Charges are
kept as they are (the ledger has none yet: charges post when the claim is submitted).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from revcycle.claims.model import Claim, ClaimLine, ClaimStatus, StatusChange
from revcycle.codesets.code_refs import dotted
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

REVISABLE = (ClaimStatus.DRAFT, ClaimStatus.SCRUBBED, ClaimStatus.READY)
MAX_DIAGNOSES = 12
MAX_POINTERS = 4
MAX_MODIFIERS = 4
MAX_UNITS = 9999
_PROCEDURE = re.compile(r"^([0-9]{4}[0-9FTU]|[A-V][0-9]{4})$")
_DIAGNOSIS = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class LineRevision:
    """The new content of one service line (every field given; unchanged ones repeated)."""

    procedure_code: str
    modifiers: tuple[str, ...]
    units: int
    diagnosis_pointers: tuple[int, ...]


def _diagnoses(codes: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(dotted(code.strip().upper()) for code in codes if code.strip())
    if not cleaned or len(cleaned) > MAX_DIAGNOSES:
        raise RevcycleError(ErrorCode.VALIDATION, f"a claim carries 1 to {MAX_DIAGNOSES} diagnoses")
    for code in cleaned:
        if not _DIAGNOSIS.match(code):
            raise RevcycleError(ErrorCode.VALIDATION, f"{code!r} is not an ICD-10-CM code")
    if len(set(cleaned)) != len(cleaned):
        raise RevcycleError(ErrorCode.VALIDATION, "a diagnosis is listed twice")
    return cleaned


def _line(line: ClaimLine, revision: LineRevision, diagnoses: int) -> ClaimLine:
    where = f"line {line.line_number}"
    code = revision.procedure_code.strip().upper()
    if not _PROCEDURE.match(code):
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {code!r} is not a CPT or HCPCS code")
    modifiers = tuple(m.strip().upper() for m in revision.modifiers if m.strip())
    if len(modifiers) > MAX_MODIFIERS or not all(_MODIFIER.match(m) for m in modifiers):
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: up to {MAX_MODIFIERS} two-character modifiers")
    if not 1 <= revision.units <= MAX_UNITS:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: units must be 1 to {MAX_UNITS}")
    pointers = revision.diagnosis_pointers
    if not pointers or len(pointers) > MAX_POINTERS or len(set(pointers)) != len(pointers):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{where}: 1 to {MAX_POINTERS} different diagnosis pointers"
        )
    if not all(1 <= pointer <= diagnoses for pointer in pointers):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{where}: a pointer names no diagnosis (the claim has {diagnoses})"
        )
    return replace(
        line, procedure_code=code, modifiers=modifiers, units=revision.units, diagnosis_pointers=pointers
    )


def _changes(before: Claim, after: Claim) -> str:
    said = []
    if before.diagnoses != after.diagnoses:
        said.append(f"dx {','.join(before.diagnoses)} -> {','.join(after.diagnoses)}")
    for old, new in zip(before.lines, after.lines, strict=True):
        if old != new:
            said.append(
                f"line {new.line_number} {old.procedure_code}{'-' + '-'.join(old.modifiers) if old.modifiers else ''}"
                f" x{old.units} -> {new.procedure_code}{'-' + '-'.join(new.modifiers) if new.modifiers else ''}"
                f" x{new.units} ptr {''.join(map(str, new.diagnosis_pointers))}"
            )
    return "; ".join(said)


def revised(claim: Claim, diagnoses: Sequence[str] | None, lines: Mapping[int, LineRevision]) -> Claim:
    """The claim with the revision applied and checked (pure; VALIDATION on a bad value)."""
    codes = _diagnoses(diagnoses) if diagnoses is not None else claim.diagnoses
    numbers = {line.line_number for line in claim.lines}
    if unknown := sorted(set(lines) - numbers):
        raise RevcycleError(ErrorCode.NOT_FOUND, f"claim {claim.claim_id} has no line {unknown[0]}")
    new_lines = []
    for line in claim.lines:
        if line.line_number in lines:
            line = _line(line, lines[line.line_number], len(codes))
        elif any(pointer > len(codes) for pointer in line.diagnosis_pointers):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"line {line.line_number} points past the diagnoses left"
            )
        new_lines.append(line)
    return replace(claim, diagnoses=codes, lines=tuple(new_lines))


def revise_draft_claim(uow: UnitOfWork, user: User, claim_id: int, diagnoses: Sequence[str] | None = None,
                       lines: Mapping[int, LineRevision] | None = None) -> Claim:  # fmt: skip
    """Apply the revision to an unsent claim, send it back to draft; returns the claim as stored."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        repository = uow.claims
        claim = repository.get(claim_id)
        if claim.status not in REVISABLE:
            raise RevcycleError(ErrorCode.ILLEGAL_TRANSITION, f"claim {claim.claim_id} is {claim.status}: a sent "
                                "claim is changed by a corrected claim, not revised")  # fmt: skip
        after = revised(claim, diagnoses, lines or {})
        note = _changes(claim, after)
        if not note:
            return claim
        repository.revise_draft(claim_id, after)
        change = StatusChange(ClaimStatus.DRAFT, uow.clock.now(), f"revised: {note}")
        stored = replace(after, status=ClaimStatus.DRAFT, history=(*claim.history, change))
        repository.record_status(stored, user.id)
        audit.record(uow, user, audit.Action.CHANGE, "claim", claim_id, f"revised: {note}"[:400])
        return stored
