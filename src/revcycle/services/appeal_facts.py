"""Gather what an appeal letter says from the database: the claim as billed, the denials the appeal
covers, the payer's claim number and the proof of submission. Called inside a use case's transaction."""

from __future__ import annotations

from collections import defaultdict

from revcycle.claims.model import Claim
from revcycle.claims.parties import PostalAddress
from revcycle.denials.appeal_letter import AppealLetter, LetterLine, Submission
from revcycle.practice.organization import Address
from revcycle.practice.users import User
from revcycle.statements.model import phone_text
from revcycle.store.repositories.appeals import AppealRepository, DeniedLine, StoredAppeal
from revcycle.store.uow import UnitOfWork


def letter_for(uow: UnitOfWork, user: User, stored: StoredAppeal) -> AppealLetter:
    appeals = uow.appeals
    appeal = stored.appeal
    claim = uow.claims.get(stored.claim_id)
    denied = appeals.denials_of(stored.claim_id, ids=appeals.denial_ids_of(stored.id))
    return AppealLetter(
        letter_date=uow.clock.today(), payer_name=stored.payer_name, claim_number=appeal.claim_control_number,
        payer_claim_number=appeals.payer_claim_number(stored.claim_id), category=appeal.category,
        denied_on=appeal.denied_on, deadline=appeal.deadline, lines=_lines(claim, denied),
        billed_cents=claim.total_charge_cents, level=appeal.level, note=appeal.note,
        submission=_submission(appeals, stored.claim_id), prepared_by=user.username, **_from_claim(claim),
        **_contacts(uow, stored.payer_id, claim),
    )  # fmt: skip


def _contacts(uow: UnitOfWork, payer_id: int, claim: Claim) -> dict:
    """Where the letter goes (the payer's claims address) and who signs it (the practice profile's billing
    contact and phone; else the billing provider's phone)."""
    payer = uow.practice.payer(payer_id)
    profile = uow.practice.profile()
    phone = profile.phone if profile else ""
    if not phone:
        provider = uow.practice.billing_provider_by_npi(claim.billing.npi)
        phone = provider.phone if provider else ""
    return {"payer_address": _address_lines(payer.claims_address),
            "signer_name": profile.contact_name if profile else "", "practice_phone": phone_text(phone)}  # fmt: skip


def _address_lines(address: Address | PostalAddress | None) -> tuple[str, ...]:
    if address is None:
        return ()
    return tuple(x for x in (address.line1, address.line2) if x) + (
        f"{address.city}, {address.state} {_zip(address.zip_code)}",
    )


def _from_claim(claim: Claim) -> dict:
    billing = claim.billing
    lines = _address_lines(billing.address)
    return {
        "patient_name": f"{claim.patient.first_name} {claim.patient.last_name}",
        "patient_birth_date": claim.patient.birth_date, "member_id": claim.subscriber.member_id,
        "practice_name": billing.display_name, "practice_npi": billing.npi, "practice_tin": billing.tin,
        "practice_address": lines,
    }  # fmt: skip


def _zip(code: str) -> str:
    return code if len(code) != 9 else f"{code[:5]}-{code[5:]}"


def _lines(claim: Claim, denied: list[DeniedLine]) -> tuple[LetterLine, ...]:
    by_line: dict[int | None, list[DeniedLine]] = defaultdict(list)
    for denial in denied:
        by_line[denial.claim_line_id].append(denial)
    lines = []
    for line in claim.lines:
        if line.id in by_line:
            found = by_line[line.id]
            lines.append(LetterLine(line.service_date, line.procedure_code.upper(), line.charge_cents,
                                    sum(d.amount_cents for d in found), _codes(found), _remarks(found),
                                    tuple(m.upper() for m in line.modifiers), line.units))  # fmt: skip
    if None in by_line:  # claim-level denials (no line): one row for the whole claim
        found = by_line[None]
        lines.append(LetterLine(claim.first_service_date, "claim", claim.total_charge_cents,
                                sum(d.amount_cents for d in found), _codes(found), _remarks(found)))  # fmt: skip
    return tuple(lines)


def _codes(found: list[DeniedLine]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{d.group_code}-{d.carc}" for d in found))


def _remarks(found: list[DeniedLine]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for d in found for r in d.rarcs))


def _submission(appeals: AppealRepository, claim_id: int) -> Submission:
    proof = appeals.submission_proof(claim_id)
    clearinghouse = proof.batch_status_detail or (
        "" if proof.batch_status in ("", "submitted") else proof.batch_status
    )
    return Submission(proof.submitted_at.date(), proof.batch_file, proof.interchange_control_number,
                      clearinghouse, proof.acknowledgment, proof.acknowledged_on)  # fmt: skip
