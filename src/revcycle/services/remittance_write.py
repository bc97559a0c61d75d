"""Write planned remittance claims: journal entries in batches (`BatchJournal`), the remitted claims,
their denials and the submitted claims' new status; a constant number of statements per chunk.

Entries are written in file order: a reversal (CLP02 22) followed by the corrected claim's new
adjudication posts the reversal first; the claim's status is then the new decision's."""

from __future__ import annotations

from collections import defaultdict

from revcycle.claims.model import ClaimStatus
from revcycle.services.claim_sync import advance_claims
from revcycle.services.remittance_plan import ClaimPlan
from revcycle.store.repositories.remittances import RemittanceRepository
from revcycle.store.uow import UnitOfWork

CHUNK_CLAIMS = 500


def write_claims(uow: UnitOfWork, user_id: int | None, repository: RemittanceRepository, remittance_id: int,
                 plans: list[ClaimPlan], trace: str, progress=None, chunk: int = CHUNK_CLAIMS) -> int:  # noqa: ANN001  # fmt: skip
    """Returns the number of journal entries created."""
    created = 0
    journal = uow.journal
    # a claim reversed and adjudicated again in this file ends with the new decision, not "reversed"
    readjudicated = {plan.submitted.id for plan in plans
                     if plan.submitted is not None and plan.exception is None and not plan.claim.is_reversal}  # fmt: skip
    for start in range(0, len(plans), chunk):
        part = plans[start : start + chunk]
        results = journal.record_many(
            [entry for plan in part for entry in plan.entries], uow.clock.now(), user_id
        )
        created += sum(1 for _entry_id, new in results if new)
        rows, position = [], 0
        for plan in part:
            ids = [str(entry_id) for entry_id, _new in results[position : position + len(plan.entries)]]
            position += len(plan.entries)
            rows.append(_claim_row(remittance_id, plan, ids))
        claim_row_ids = repository.add_remittance_claims(rows)
        for plan, row_id in zip(part, claim_row_ids, strict=True):
            plan.row_id = row_id
        repository.add_denials([d | {"remittance_claim_id": row_id} for plan, row_id in zip(part, claim_row_ids, strict=True)
                                for d in plan.denials])  # fmt: skip
        repository.close_denials_of([plan.reverses_id for plan in part if plan.reverses_id is not None], "reversed")
        _set_statuses(uow, user_id, repository, part, trace, readjudicated)
        if progress is not None:
            progress(start + len(part), len(plans))
    return created


def _claim_row(remittance_id: int, plan: ClaimPlan, entry_ids: list[str]) -> dict:
    return {
        "remittance_id": remittance_id,
        "position": plan.position,
        "claim_control_number": plan.claim.claim_id[:38],
        "submitted_claim_id": plan.submitted.id if plan.submitted else None,
        "status_code": plan.claim.status[:2],
        "payer_claim_number": plan.claim.payer_claim_number[:50],
        "charge_cents": plan.claim.charge_cents,
        "paid_cents": plan.claim.paid_cents,
        "outcome": "exception" if plan.exception else "posted",
        "entry_ids": ",".join(entry_ids),
        "reverses_id": plan.reverses_id,
    }


def _set_statuses(uow: UnitOfWork, user_id: int | None, repository: RemittanceRepository, plans: list[ClaimPlan],
                  trace: str, readjudicated: set[int]) -> None:  # fmt: skip
    by_status: dict[tuple[str, str], list[int]] = defaultdict(list)
    moves: list[tuple[str, ClaimStatus, str]] = []
    for plan in plans:
        if plan.claim.is_reversal and plan.submitted is not None and plan.submitted.id in readjudicated:
            continue
        if plan.submitted is not None and plan.exception is None:
            status = "denied" if plan.claim.is_denied else "reversed" if plan.claim.is_reversal else "paid"
            by_status[(status, plan.claim.status)].append(plan.submitted.id)
            if plan.submitted.claim_reference and not plan.claim.is_reversal:
                target = (
                    ClaimStatus.DENIED
                    if plan.claim.is_denied
                    else ClaimStatus.PARTIALLY_PAID
                    if plan.denials
                    else ClaimStatus.PAID
                )
                moves.append((plan.submitted.claim_reference, target, f"835 trace {trace}: CLP02 {plan.claim.status}"))
    advance_claims(uow, user_id, moves)
    for (status, code), ids in sorted(by_status.items()):
        repository.set_claim_status(sorted(ids), status, f"CLP02 {code} in trace {trace}")
