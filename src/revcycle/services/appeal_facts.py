"""Gather what an appeal letter says from the database: the claim as billed (the claims package's
snapshot when the claim came from it, else the patient and coverage on file), the denials the appeal
covers, the payer's claim number and the proof of submission. Called inside a use case's transaction."""

from __future__ import annotations

from collections import defaultdict

from revcycle.claims.model import Claim
from revcycle.denials.appeal_letter import AppealLetter, LetterLine, Submission
from revcycle.practice.users import User
from revcycle.services.eligibility import billing_provider_id
from revcycle.store.repositories.appeals import AppealRepository, DeniedLine, StoredAppeal
from revcycle.store.repositories.remittances import SubmittedClaimRow
from revcycle.store.uow import UnitOfWork


def letter_for(uow: UnitOfWork, user: User, stored: StoredAppeal) -> AppealLetter:
    appeals = uow.appeals
    appeal = stored.appeal
    submitted = uow.remittances.submitted_claims([appeal.claim_control_number])[
        appeal.claim_control_number
    ]
    denied = appeals.denials_of(stored.submitted_claim_id, ids=appeals.denial_ids_of(appeal.id))  # type: ignore[arg-type]
    parties = _parties(uow, stored)
    return AppealLetter(
        letter_date=uow.clock.today(), payer_name=stored.payer_name, claim_number=appeal.claim_control_number,
        payer_claim_number=appeals.payer_claim_number(stored.submitted_claim_id), category=appeal.category,
        denied_on=appeal.denied_on, deadline=appeal.deadline, lines=_lines(submitted, denied),
        billed_cents=submitted.charge_cents, level=appeal.level, note=appeal.note,
        submission=_submission(appeals, stored.submitted_claim_id), prepared_by=user.username, **parties,
    )  # fmt: skip


def _parties(uow: UnitOfWork, stored: StoredAppeal) -> dict:
    if stored.claim_id is not None:
        return _from_claim(uow.claims.get(stored.claim_id))
    patient = uow.patients.get(stored.patient_id)
    members = [
        c.member_id for c in uow.coverages.for_patient(stored.patient_id) if c.payer_id == stored.payer_id
    ]
    provider = uow.practice.billing_provider(billing_provider_id(uow))
    address = provider.address
    zip_code = _zip(address.zip_code)
    return {
        "patient_name": f"{patient.first_name} {patient.last_name}", "patient_birth_date": patient.birth_date,
        "member_id": members[0] if members else "", "practice_name": provider.name, "practice_npi": provider.npi,
        "practice_tin": provider.tin,
        "practice_address": tuple(x for x in (address.line1, address.line2) if x)
        + (f"{address.city}, {address.state} {zip_code}",),
    }  # fmt: skip


def _from_claim(claim: Claim) -> dict:
    billing, address = claim.billing, claim.billing.address
    lines: tuple[str, ...] = ()
    if address is not None:
        lines = tuple(x for x in (address.line1, address.line2) if x) + (
            f"{address.city}, {address.state} {_zip(address.zip_code)}",
        )
    return {
        "patient_name": f"{claim.patient.first_name} {claim.patient.last_name}",
        "patient_birth_date": claim.patient.birth_date, "member_id": claim.subscriber.member_id,
        "practice_name": billing.display_name, "practice_npi": billing.npi, "practice_tin": billing.tin,
        "practice_address": lines,
    }  # fmt: skip


def _zip(code: str) -> str:
    return code if len(code) != 9 else f"{code[:5]}-{code[5:]}"


def _lines(submitted: SubmittedClaimRow, denied: list[DeniedLine]) -> tuple[LetterLine, ...]:
    by_line: dict[int | None, list[DeniedLine]] = defaultdict(list)
    for denial in denied:
        by_line[denial.submitted_claim_line_id].append(denial)
    lines = []
    for row in submitted.lines:
        if row.id in by_line:
            found = by_line[row.id]
            lines.append(LetterLine(row.service_date, row.procedure_code, row.charge_cents,
                                    sum(d.amount_cents for d in found), _codes(found), _remarks(found),
                                    row.modifiers, row.units))  # fmt: skip
    if None in by_line:  # claim-level denials (no line): one row for the whole claim
        found = by_line[None]
        first = min(row.service_date for row in submitted.lines)
        lines.append(LetterLine(first, "claim", submitted.charge_cents, sum(d.amount_cents for d in found),
                                _codes(found), _remarks(found)))  # fmt: skip
    return tuple(lines)


def _codes(found: list[DeniedLine]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{d.group_code}-{d.carc}" for d in found))


def _remarks(found: list[DeniedLine]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for d in found for r in d.rarcs))


def _submission(appeals: AppealRepository, submitted_claim_id: int) -> Submission:
    proof = appeals.submission_proof(submitted_claim_id)
    clearinghouse = proof.batch_status_detail or (
        "" if proof.batch_status in ("", "submitted") else proof.batch_status
    )
    acknowledged = proof.acknowledgment
    if not acknowledged and proof.claim_status_detail.startswith("accepted"):
        acknowledged = proof.claim_status_detail
    return Submission(proof.submitted_at.date(), proof.batch_file, proof.interchange_control_number,
                      clearinghouse, acknowledged, proof.acknowledged_on)  # fmt: skip
