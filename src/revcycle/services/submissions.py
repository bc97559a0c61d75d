"""Record what was sent to a payer, so its 835 can be matched: claim by CLM01, lines by REF*6R.

    claim_row_id = register_submission(uow, user, claim, patient_id=7, payer_id=2, next_payer_id=3,
                                       service_line_ids={1: 41, 2: 42})
"""

from __future__ import annotations

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.submitted import SubmittedClaim
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.patients import require_patient
from revcycle.store.uow import UnitOfWork


def register_submission(
    uow: UnitOfWork,
    user: User,
    claim: SubmittedClaim,
    patient_id: int,
    payer_id: int,
    next_payer_id: int | None = None,
    service_line_ids: dict[int, int] | None = None,
    batch_id: int | None = None,
    claim_reference: str = "",
) -> int:
    """Store the claim and its lines (line number -> practice service line id when known); returns its id."""
    with uow:
        user.require(Permission.POST_LEDGER)
        require_patient(uow, patient_id)
        repository = uow.remittances
        if repository.submitted_claims([claim.claim_id]):
            raise RevcycleError(ErrorCode.CONFLICT, f"claim control number {claim.claim_id!r} was already submitted")
        values = {
            "claim_control_number": claim.claim_id,
            "patient_id": patient_id,
            "payer_id": payer_id,
            "next_payer_id": next_payer_id,
            "claim_reference": claim_reference[:40],
            "charge_cents": claim.charge_cents,
            "batch_id": batch_id,
            "submitted_at": uow.clock.now(),
        }
        lines = [
            {
                "line_number": line.line_number,
                "control_number": line.control_number or f"{claim.claim_id}-{line.line_number}",
                "service_line_id": (service_line_ids or {}).get(line.line_number),
                "procedure_code": line.procedure_code,
                "modifiers": ",".join(line.modifiers),
                "service_date": line.service_date,
                "units": line.units,
                "charge_cents": line.charge_cents,
            }
            for line in claim.lines
        ]
        claim_row_id = repository.add_submitted_claim(values, lines)
        audit.record(uow, user, audit.Action.CREATE, "submitted_claim", claim_row_id, f"payer={payer_id}")
        return claim_row_id
