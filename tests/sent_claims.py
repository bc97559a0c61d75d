"""Test helper: claims the practice sent, for tests that hand the payer simulator its own `SubmittedClaim`
values directly (no 837P in between). The practice's record of each is a `claims.Claim` with the same
number, lines (code, modifiers, units, charge, date) and frequency, stored as submitted: the 835 the
simulator writes then posts against it as against any claim we sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from revcycle.claims import examples
from revcycle.claims.model import Claim, ClaimLine, ClaimStatus, Frequency, StatusChange
from revcycle.simulator.submitted import SubmittedClaim
from revcycle.store import UnitOfWork


def practice_claim(submitted: SubmittedClaim) -> Claim:
    lines = tuple(
        ClaimLine(line.line_number, line.procedure_code, line.charge_cents, line.service_date, line.units, line.modifiers,
                  line.diagnosis_pointers, charge_source="encounter")
        for line in submitted.lines
    )  # fmt: skip
    return examples.example_claim(
        submitted.claim_id, lines=lines, encounter_id=None, payer_responsibility=submitted.responsibility,
        frequency=Frequency(submitted.frequency), payer_claim_control_number=submitted.original_payer_claim_number,
    )  # fmt: skip


def record_sent(uow: UnitOfWork, claim: Claim, patient_id: int, payer_id: int, at: datetime) -> Claim:
    """Store `claim` as sent at `at` (its lifecycle: submitted); returns it with its row ids."""
    sent = replace(claim, status=ClaimStatus.SUBMITTED, history=(StatusChange(ClaimStatus.SUBMITTED, at, "sent"),))
    with uow:
        stored = uow.claims.add(sent, patient_id, payer_id, at, None)
        uow.claims.record_submission([stored.id], at, None)  # type: ignore[list-item]
    return stored
