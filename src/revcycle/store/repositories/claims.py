"""Claims in the database: each version a row (its header as JSON) with its lines in `claim_lines`;
status changes appended; when it went out and in which interchange.

    repo = uow.claims
The header (`document`) and the lines are written once (a draft being fixed is the one exception,
`revise_draft`); status and history live in `claims.status` and `claim_status_changes`, so the content
of a claim version never changes after it is sent.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from revcycle.claims.model import Claim, ClaimLine, ClaimStatus, Frequency, StatusChange
from revcycle.claims.serialize import claim_from_dict, claim_to_dict
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.scrub.registry import BatchResult
from revcycle.store.repositories.patients import drug_from, drug_values
from revcycle.store.repositories.rows import Repository, where_given
from revcycle.store.tables import coverages, encounters
from revcycle.store.tables_claims import (
    claim_batch_claims,
    claim_batches,
    claim_lines,
    claim_status_changes,
    claims,
)


class ClaimRepository(Repository):
    # --- writing ---------------------------------------------------------------------------------
    def add(
        self, claim: Claim, patient_id: int, payer_id: int | None, at: datetime, user_id: int | None
    ) -> Claim:
        if self._connection.execute(
            select(claims.c.id).where(claims.c.claim_number == claim.claim_id)
        ).first():
            raise RevcycleError(ErrorCode.CONFLICT, f"claim {claim.claim_id} already exists")
        row_id = int(self._connection.execute(insert(claims).values(
            claim_number=claim.claim_id, encounter_id=claim.encounter_id, patient_id=patient_id, payer_id=payer_id,
            version=claim.version, frequency=claim.frequency.value, original_claim_number=claim.original_claim_id,
            payer_claim_control_number=claim.payer_claim_control_number, status=claim.status.value,
            first_service_date=claim.first_service_date, total_charge_cents=claim.total_charge_cents,
            document=_document(claim), created_at=at, updated_at=at, kind=claim.kind.value,
        )).inserted_primary_key[0])  # fmt: skip
        for change in claim.history:
            self._append_change(row_id, change, user_id)
        return replace(claim, id=row_id, lines=self._add_lines(row_id, claim))

    def _add_lines(self, row_id: int, claim: Claim) -> tuple[ClaimLine, ...]:
        statement = insert(claim_lines).returning(claim_lines.c.id, sort_by_parameter_order=True)
        ids = self._connection.execute(
            statement, [_line_values(row_id, claim, line) for line in claim.lines]
        ).scalars()
        return tuple(replace(line, id=line_id) for line, line_id in zip(claim.lines, ids, strict=True))

    def revise_draft(self, claim_row_id: int, claim: Claim) -> None:
        """Replace an unsent claim's header and lines (the one exception to write-once: a draft being fixed)."""
        self._connection.execute(update(claims).where(claims.c.id == claim_row_id).values(
            document=_document(claim), total_charge_cents=claim.total_charge_cents,
            first_service_date=claim.first_service_date))  # fmt: skip
        self._connection.execute(delete(claim_lines).where(claim_lines.c.claim_id == claim_row_id))
        self._add_lines(claim_row_id, claim)

    def record_status(self, claim: Claim, user_id: int | None) -> None:
        """Store the claim's current status and the newest entry of its history."""
        self.record_statuses([claim], user_id)

    def record_statuses(self, changed: Sequence[Claim], user_id: int | None) -> None:
        """`record_status` for many claims in two statements (in order: a claim may appear more than once)."""
        if not changed:
            return
        for claim in changed:
            if claim.id is None or not claim.history:
                raise RevcycleError(
                    ErrorCode.VALIDATION, "only a stored claim with a status change can be recorded"
                )
        self._connection.execute(
            update(claims).where(claims.c.id == bindparam("row_id")).values(
                status=bindparam("new_status"), updated_at=bindparam("at")),
            [{"row_id": c.id, "new_status": c.status.value, "at": c.history[-1].at} for c in changed])  # fmt: skip
        self._connection.execute(insert(claim_status_changes), [
            {"claim_id": c.id, "status": c.history[-1].status.value, "note": c.history[-1].note[:500],
             "changed_at": c.history[-1].at, "user_id": user_id} for c in changed])  # fmt: skip

    def record_submission(self, claim_row_ids: Sequence[int], at: datetime, batch_id: int | None) -> None:
        """The claims went out at `at` (in clearinghouse interchange `batch_id`, None for an exported file)."""
        if claim_row_ids:
            self._connection.execute(update(claims).where(claims.c.id.in_(list(claim_row_ids)))
                                     .values(submitted_at=at, submission_batch_id=batch_id))  # fmt: skip

    def _append_change(self, row_id: int, change: StatusChange, user_id: int | None) -> None:
        self._connection.execute(
            insert(claim_status_changes).values(
                claim_id=row_id,
                status=change.status.value,
                note=change.note[:500],
                changed_at=change.at,
                user_id=user_id,
            )
        )

    # --- reading ---------------------------------------------------------------------------------
    def get(self, claim_row_id: int) -> Claim:
        return self.get_many([claim_row_id])[claim_row_id]

    def get_many(self, claim_row_ids: Iterable[int]) -> dict[int, Claim]:
        """`get` for many claims: row id -> claim, in three statements per 500 ids (unknown ids: NOT_FOUND)."""
        wanted = sorted(set(claim_row_ids))
        found: dict[int, Claim] = {}
        for rows in self._rows_in(claims.c.id, wanted):
            found |= {claim.id: claim for claim in self._assembled(rows)}  # type: ignore[misc]
        if missing := [row_id for row_id in wanted if row_id not in found]:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim {missing[0]}")
        return found

    def get_by_number(self, claim_number: str) -> Claim:
        claim = self.find_by_number(claim_number)
        if claim is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim {claim_number}")
        return claim

    def find_by_number(self, claim_number: str) -> Claim | None:
        return self.by_numbers([claim_number]).get(claim_number)

    def by_numbers(self, claim_numbers: Iterable[str]) -> dict[str, Claim]:
        """claim number -> claim, for the numbers that name a stored claim."""
        return {
            number: claim for number, (claim, _patient, _payer) in self.with_owners(claim_numbers).items()
        }

    def with_owners(self, claim_numbers: Iterable[str]) -> dict[str, tuple[Claim, int, int | None]]:
        """claim number -> (claim, patient id, payer id), for the numbers that name a stored claim."""
        found: dict[str, tuple[Claim, int, int | None]] = {}
        for rows in self._rows_in(claims.c.claim_number, claim_numbers):
            owners = {row.id: (row.patient_id, row.payer_id) for row in rows}
            found |= {claim.claim_id: (claim, *owners[claim.id]) for claim in self._assembled(rows)}  # type: ignore[index]
        return found

    def find(self, *, encounter_id: int | None = None, patient_id: int | None = None,
             statuses: Iterable[ClaimStatus] | None = None) -> list[Claim]:  # fmt: skip
        query = where_given(select(claims).order_by(claims.c.id), (claims.c.encounter_id, encounter_id),
                            (claims.c.patient_id, patient_id))  # fmt: skip
        if statuses is not None:
            query = query.where(claims.c.status.in_([status.value for status in statuses]))
        return self._assembled(self._connection.execute(query).all())

    def voids_of(self, claim_number: str) -> list[Claim]:
        """The void claims (frequency 8) that cancel claim `claim_number`."""
        query = select(claims).where(claims.c.original_claim_number == claim_number,
                                     claims.c.frequency == Frequency.VOID.value).order_by(claims.c.id)  # fmt: skip
        return self._assembled(self._connection.execute(query).all())

    def ids_of(self, claim_row_id: int) -> tuple[int, int | None]:
        """(patient id, payer id) of a stored claim."""
        return self.owners([claim_row_id])[claim_row_id]

    def owners(self, claim_row_ids: Iterable[int]) -> dict[int, tuple[int, int | None]]:
        """claim row id -> (patient id, payer id)."""
        rows = self._rows_in(claims.c.id, claim_row_ids, claims.c.id, claims.c.patient_id, claims.c.payer_id)
        return {row.id: (row.patient_id, row.payer_id) for chunk in rows for row in chunk}

    def ids_by_number(self, claim_numbers: Iterable[str]) -> dict[str, int]:
        rows = self._rows_in(claims.c.claim_number, claim_numbers, claims.c.claim_number, claims.c.id)
        return {row.claim_number: row.id for chunk in rows for row in chunk}

    def of_batch(self, batch_id: int) -> list[int]:
        """The claims that went out in clearinghouse interchange `batch_id` (row ids)."""
        query = select(claims.c.id).where(claims.c.submission_batch_id == batch_id).order_by(claims.c.id)
        return [row.id for row in self._connection.execute(query)]

    def _assembled(self, rows: Sequence[Any]) -> list[Claim]:
        """Claims from their rows, with their lines and history (two more statements for all of them)."""
        ids = [row.id for row in rows]
        if not ids:
            return []
        history: dict[int, list[StatusChange]] = defaultdict(list)
        for change in self._connection.execute(select(claim_status_changes).where(
                claim_status_changes.c.claim_id.in_(ids)).order_by(claim_status_changes.c.id)):  # fmt: skip
            history[change.claim_id].append(
                StatusChange(ClaimStatus(change.status), change.changed_at, change.note)
            )
        lines: dict[int, list[ClaimLine]] = defaultdict(list)
        for line in self._connection.execute(select(claim_lines).where(claim_lines.c.claim_id.in_(ids))
                                             .order_by(claim_lines.c.claim_id, claim_lines.c.line_number)):  # fmt: skip
            lines[line.claim_id].append(_line(line))
        return [_claim(row, tuple(lines[row.id]), tuple(history[row.id])) for row in rows]

    def encounters_ready_to_bill(self) -> list[int]:
        """Encounters with a coverage and no claim yet, oldest first."""
        billed = select(claims.c.encounter_id).where(claims.c.encounter_id.is_not(None))
        query = (select(encounters.c.id).join(coverages, coverages.c.id == encounters.c.coverage_id)
                 .where(encounters.c.id.not_in(billed)).order_by(encounters.c.id))  # fmt: skip
        return [row.id for row in self._connection.execute(query)]

    # --- scrub batches ---------------------------------------------------------------------------
    def add_batch(
        self, result: BatchResult, stored: Sequence[Claim], at: datetime, user_id: int | None
    ) -> int:
        batch_id = int(self._connection.execute(insert(claim_batches).values(
            created_at=at, claim_count=len(result.results), clean_claims=result.clean_claims,
            clean_claim_rate=str(result.clean_claim_rate), user_id=user_id)).inserted_primary_key[0])  # fmt: skip
        self._connection.execute(insert(claim_batch_claims), [
            {"batch_id": batch_id, "claim_id": claim.id, "clean": scrubbed.clean,
             "findings": json.dumps([finding.to_dict() for finding in scrubbed.findings])}
            for claim, scrubbed in zip(stored, result.results, strict=True)])  # fmt: skip
        return batch_id

    def batch(self, batch_id: int, lock: bool = False) -> tuple[Any, list[Claim]]:
        """The scrub batch's row and its claims. `lock`: its claims' rows are locked first (FOR UPDATE, in id
        order; SQLite's BEGIN IMMEDIATE already serialises), so two overlapping submissions of one batch
        queue and the second finds the claims submitted: each claim is sent once."""
        row = self._connection.execute(select(claim_batches).where(claim_batches.c.id == batch_id)).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown claim batch {batch_id}")
        members = self._connection.execute(select(claim_batch_claims.c.claim_id)
                                           .where(claim_batch_claims.c.batch_id == batch_id)
                                           .order_by(claim_batch_claims.c.id)).scalars().all()  # fmt: skip
        if lock and members:
            self._connection.execute(select(claims.c.id).where(claims.c.id.in_(sorted(members)))
                                     .order_by(claims.c.id).with_for_update()).all()  # fmt: skip
        found = self.get_many(members)
        return row, [found[member] for member in members]

    def mark_exported(self, batch_id: int, at: datetime, file_name: str) -> None:
        self._connection.execute(
            update(claim_batches)
            .where(claim_batches.c.id == batch_id)
            .values(exported_at=at, file_name=file_name[:300])
        )


def _document(claim: Claim) -> str:
    """The stored header: the claim's content but its lines (rows of `claim_lines`), status and history."""
    data = claim_to_dict(replace(claim, status=ClaimStatus.DRAFT, history=(), id=None))
    for derived in ("lines", "total_charge_cents"):
        data.pop(derived)
    return json.dumps(data | {"format": 2}, sort_keys=True)


def _claim(row: Any, lines: tuple[ClaimLine, ...], history: tuple[StatusChange, ...]) -> Claim:
    header = claim_from_dict(json.loads(row.document) | {"lines": []})
    return replace(header, lines=lines, status=ClaimStatus(row.status), history=history, id=row.id)


def _line_values(row_id: int, claim: Claim, line: ClaimLine) -> dict[str, Any]:
    return {"claim_id": row_id, "line_number": line.line_number, "control_number": claim.line_control_number(line),
            "procedure_code": line.procedure_code, "modifiers": ",".join(line.modifiers),
            "diagnosis_pointers": ",".join(str(pointer) for pointer in line.diagnosis_pointers), "units": line.units,
            "charge_cents": line.charge_cents, "service_date": line.service_date,
            "service_date_to": line.service_date_to, "place_of_service": line.place_of_service,
            "charge_source": line.charge_source, "service_line_id": line.service_line_id,
            "revenue_code": line.revenue_code, "non_covered_cents": line.non_covered_cents,
            **drug_values(line.drug)}  # fmt: skip


def _line(row: Any) -> ClaimLine:
    return ClaimLine(
        line_number=row.line_number, procedure_code=row.procedure_code, charge_cents=row.charge_cents,
        service_date=row.service_date, units=row.units, modifiers=tuple(m for m in row.modifiers.split(",") if m),
        diagnosis_pointers=tuple(int(p) for p in row.diagnosis_pointers.split(",") if p),
        service_date_to=row.service_date_to,
        place_of_service=row.place_of_service, charge_source=row.charge_source, service_line_id=row.service_line_id,
        id=row.id, drug=drug_from(row), revenue_code=row.revenue_code, non_covered_cents=row.non_covered_cents,
    )  # fmt: skip
