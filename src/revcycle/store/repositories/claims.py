"""Claims in the database: each version a row holding its JSON snapshot; status changes appended.

    repo = ClaimRepository(uow.connection)
The snapshot (`document`) is written once; status and history live in `claims.status` and
`claim_status_changes`, so the content of a claim version never changes after it is stored.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from revcycle.claims.model import Claim, ClaimStatus, StatusChange
from revcycle.claims.serialize import claim_from_dict, claim_to_dict
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.scrub.registry import BatchResult
from revcycle.store.tables import coverages, encounters
from revcycle.store.tables_claims import claim_batch_claims, claim_batches, claim_status_changes, claims


class ClaimRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, claim: Claim, patient_id: int, payer_id: int | None, at: datetime, user_id: int | None) -> Claim:
        if self._connection.execute(select(claims.c.id).where(claims.c.claim_number == claim.claim_id)).first():
            raise RevcycleError(ErrorCode.CONFLICT, f"claim {claim.claim_id} already exists")
        row_id = int(self._connection.execute(insert(claims).values(
            claim_number=claim.claim_id, encounter_id=claim.encounter_id, patient_id=patient_id, payer_id=payer_id,
            version=claim.version, frequency=claim.frequency.value, original_claim_number=claim.original_claim_id,
            payer_claim_control_number=claim.payer_claim_control_number, status=claim.status.value,
            first_service_date=claim.first_service_date, total_charge_cents=claim.total_charge_cents,
            document=_document(claim), created_at=at, updated_at=at,
        )).inserted_primary_key[0])
        for change in claim.history:
            self._append_change(row_id, change, user_id)
        return replace(claim, id=row_id)

    def revise_draft(self, claim_row_id: int, claim: Claim) -> None:
        """Replace an unsent claim's snapshot (the one exception to write-once: a draft being fixed)."""
        self._connection.execute(update(claims).where(claims.c.id == claim_row_id).values(
            document=_document(claim), total_charge_cents=claim.total_charge_cents,
            first_service_date=claim.first_service_date))  # fmt: skip

    def record_status(self, claim: Claim, user_id: int | None) -> None:
        """Store the claim's current status and the newest entry of its history."""
        if claim.id is None or not claim.history:
            raise RevcycleError(ErrorCode.VALIDATION, "only a stored claim with a status change can be recorded")
        change = claim.history[-1]
        self._connection.execute(update(claims).where(claims.c.id == claim.id)
                                 .values(status=claim.status.value, updated_at=change.at))
        self._append_change(claim.id, change, user_id)

    def record_statuses(self, changed: Sequence[Claim], user_id: int | None) -> None:
        """`record_status` for many claims in two statements (in order: a claim may appear more than once)."""
        if not changed:
            return
        for claim in changed:
            if claim.id is None or not claim.history:
                raise RevcycleError(ErrorCode.VALIDATION, "only a stored claim with a status change can be recorded")
        self._connection.execute(
            update(claims).where(claims.c.id == bindparam("row_id")).values(
                status=bindparam("new_status"), updated_at=bindparam("at")),
            [{"row_id": c.id, "new_status": c.status.value, "at": c.history[-1].at} for c in changed])  # fmt: skip
        self._connection.execute(insert(claim_status_changes), [
            {"claim_id": c.id, "status": c.history[-1].status.value, "note": c.history[-1].note[:500],
             "changed_at": c.history[-1].at, "user_id": user_id} for c in changed])  # fmt: skip

    def _append_change(self, row_id: int, change: StatusChange, user_id: int | None) -> None:
        self._connection.execute(insert(claim_status_changes).values(
            claim_id=row_id, status=change.status.value, note=change.note[:500], changed_at=change.at, user_id=user_id))

    def get(self, claim_row_id: int) -> Claim:
        row = self._connection.execute(select(claims).where(claims.c.id == claim_row_id)).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim {claim_row_id}")
        return self._claim(row)

    def get_many(self, claim_row_ids: Iterable[int]) -> dict[int, Claim]:
        """`get` for many claims: row id -> claim, in two statements per 500 ids (unknown ids: NOT_FOUND)."""
        wanted = sorted(set(claim_row_ids))
        found: dict[int, Claim] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._connection.execute(select(claims).where(claims.c.id.in_(chunk))).all()
            changes = self._connection.execute(select(claim_status_changes)
                                               .where(claim_status_changes.c.claim_id.in_(chunk))
                                               .order_by(claim_status_changes.c.id))  # fmt: skip
            history: dict[int, list[StatusChange]] = defaultdict(list)
            for change in changes:
                history[change.claim_id].append(StatusChange(ClaimStatus(change.status), change.changed_at, change.note))
            found |= {row.id: self._from_row(row, tuple(history[row.id])) for row in rows}
        if missing := [row_id for row_id in wanted if row_id not in found]:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim {missing[0]}")
        return found

    def get_by_number(self, claim_number: str) -> Claim:
        claim = self.find_by_number(claim_number)
        if claim is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim {claim_number}")
        return claim

    def find_by_number(self, claim_number: str) -> Claim | None:
        row = self._connection.execute(select(claims).where(claims.c.claim_number == claim_number)).first()
        return None if row is None else self._claim(row)

    def find(self, *, encounter_id: int | None = None, patient_id: int | None = None,
             statuses: Iterable[ClaimStatus] | None = None) -> list[Claim]:
        query = select(claims).order_by(claims.c.id)
        if encounter_id is not None:
            query = query.where(claims.c.encounter_id == encounter_id)
        if patient_id is not None:
            query = query.where(claims.c.patient_id == patient_id)
        if statuses is not None:
            query = query.where(claims.c.status.in_([status.value for status in statuses]))
        return [self._claim(row) for row in self._connection.execute(query)]

    def ids_of(self, claim_row_id: int) -> tuple[int, int | None]:
        """(patient id, payer id) of a stored claim."""
        row = self._connection.execute(select(claims.c.patient_id, claims.c.payer_id)
                                       .where(claims.c.id == claim_row_id)).one()
        return row.patient_id, row.payer_id

    def _claim(self, row: Any) -> Claim:
        changes = self._connection.execute(select(claim_status_changes).where(claim_status_changes.c.claim_id == row.id)
                                           .order_by(claim_status_changes.c.id))
        history = tuple(StatusChange(ClaimStatus(change.status), change.changed_at, change.note) for change in changes)
        return self._from_row(row, history)

    @staticmethod
    def _from_row(row: Any, history: tuple[StatusChange, ...]) -> Claim:
        stored = claim_from_dict(json.loads(row.document))
        return replace(stored, status=ClaimStatus(row.status), history=history, id=row.id)

    def encounters_ready_to_bill(self) -> list[int]:
        """Encounters with a coverage and no claim yet, oldest first."""
        billed = select(claims.c.encounter_id).where(claims.c.encounter_id.is_not(None))
        query = (select(encounters.c.id).join(coverages, coverages.c.id == encounters.c.coverage_id)
                 .where(encounters.c.id.not_in(billed)).order_by(encounters.c.id))
        return [row.id for row in self._connection.execute(query)]

    def add_batch(self, result: BatchResult, stored: Sequence[Claim], at: datetime, user_id: int | None) -> int:
        batch_id = int(self._connection.execute(insert(claim_batches).values(
            created_at=at, claim_count=len(result.results), clean_claims=result.clean_claims,
            clean_claim_rate=str(result.clean_claim_rate), user_id=user_id)).inserted_primary_key[0])
        for claim, scrubbed in zip(stored, result.results, strict=True):
            self._connection.execute(insert(claim_batch_claims).values(
                batch_id=batch_id, claim_id=claim.id, clean=scrubbed.clean,
                findings=json.dumps([finding.to_dict() for finding in scrubbed.findings])))
        return batch_id

    def batch(self, batch_id: int) -> tuple[Any, list[Claim]]:
        row = self._connection.execute(select(claim_batches).where(claim_batches.c.id == batch_id)).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim batch {batch_id}")
        members = self._connection.execute(select(claim_batch_claims.c.claim_id)
                                           .where(claim_batch_claims.c.batch_id == batch_id)
                                           .order_by(claim_batch_claims.c.id))
        return row, [self.get(member.claim_id) for member in members]

    def mark_exported(self, batch_id: int, at: datetime, file_name: str) -> None:
        self._connection.execute(update(claim_batches).where(claim_batches.c.id == batch_id)
                                 .values(exported_at=at, file_name=file_name[:300]))


def _document(claim: Claim) -> str:
    """The stored snapshot: the claim's content (status and history live in their own columns and table)."""
    return json.dumps(claim_to_dict(replace(claim, status=ClaimStatus.DRAFT, history=(), id=None)), sort_keys=True)
