"""Appeals in the database (`tables_appeals`), and the facts an appeal letter needs from the claims,
remittance and clearinghouse tables: a claim's denials, the payer's claim number, the proof of submission.

    repo = uow.appeals
Denials covered by an appeal leave the work queue (status `appealed`); the services set them back
(`open`) when an appeal is withdrawn or upheld by hand, or close them when a later 835 decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from revcycle.denials.appeals import Appeal, AppealStatus
from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import payers
from revcycle.store.tables_appeals import appeal_denials, appeals, claim_acknowledgments, payer_appeal_windows
from revcycle.store.tables_claims import claims
from revcycle.store.tables_remit import clearinghouse_batches, denials, remittance_claims


@dataclass(frozen=True, slots=True)
class StoredAppeal:
    appeal: Appeal
    claim_id: int
    patient_id: int
    payer_id: int
    payer_name: str = ""

    @property
    def id(self) -> int:
        assert self.appeal.id is not None
        return self.appeal.id


@dataclass(frozen=True, slots=True)
class DeniedLine:
    id: int
    remittance_claim_id: int
    claim_line_id: int | None
    procedure_code: str
    group_code: str
    carc: str
    rarcs: tuple[str, ...]
    amount_cents: int
    category: Category
    denied_on: date


@dataclass(frozen=True, slots=True)
class SubmissionProof:
    """What we hold to prove the claim reached the payer in time (837P batch, 999, 277CA)."""

    submitted_at: datetime  # when it went out (when it was stored, for a claim never recorded as sent)
    batch_file: str = ""
    interchange_control_number: int | None = None
    batch_status: str = ""  # the 999: accepted | rejected | submitted (no answer yet)
    batch_status_detail: str = ""
    acknowledged_on: date | None = None  # the 277CA's status date (STC02) of the latest acceptance
    acknowledgment: str = ""  # its words, e.g. "accepted: A2:20 accepted for processing, payer claim …"


class AppealRepository(Repository):
    # --- appeals -----------------------------------------------------------------------------
    def add(
        self, stored: StoredAppeal, denial_ids: list[int], at: datetime, user_id: int | None
    ) -> StoredAppeal:
        appeal = stored.appeal
        values = _appeal_values(appeal) | {
            "claim_id": stored.claim_id,
            "patient_id": stored.patient_id, "payer_id": stored.payer_id,
            "claim_control_number": appeal.claim_control_number, "category": appeal.category.value,
            "level": appeal.level, "denied_on": appeal.denied_on, "deadline": appeal.deadline,
            "denied_cents": appeal.denied_cents, "note": appeal.note, "created_at": at, "updated_at": at,
            "user_id": user_id,
        }  # fmt: skip
        appeal_id = int(self._connection.scalar(insert(appeals).values(values).returning(appeals.c.id)))  # type: ignore[arg-type]
        if denial_ids:
            self._connection.execute(
                insert(appeal_denials), [{"appeal_id": appeal_id, "denial_id": d} for d in denial_ids]
            )
        return replace(stored, appeal=replace(appeal, id=appeal_id))

    def save(self, appeal: Appeal, at: datetime, decided_by_remittance_claim_id: int | None = None) -> None:
        """Store a changed status (and the dates and amount that come with it)."""
        values = _appeal_values(appeal) | {"updated_at": at}
        if decided_by_remittance_claim_id is not None:
            values["decided_by_remittance_claim_id"] = decided_by_remittance_claim_id
        self._connection.execute(update(appeals).where(appeals.c.id == appeal.id).values(values))

    def get(self, appeal_id: int, for_update: bool = False) -> StoredAppeal:
        """One appeal; `for_update` locks its row until the transaction ends (a status about to change)."""
        query = _query().where(appeals.c.id == appeal_id)
        row = self._connection.execute(query.with_for_update(of=appeals) if for_update else query).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no appeal {appeal_id}")
        return _stored(row)

    def lock_claim(self, claim_id: int) -> None:
        """Hold the claim's row until the transaction ends: one appeal drafted at a time per claim
        (PostgreSQL row lock; SQLite transactions already run one at a time)."""
        self._connection.execute(select(claims.c.id).where(claims.c.id == claim_id).with_for_update())

    def of_claim(self, claim_id: int) -> list[StoredAppeal]:
        query = _query().where(appeals.c.claim_id == claim_id).order_by(appeals.c.id)
        return [_stored(row) for row in self._connection.execute(query)]

    def find(self, statuses: list[AppealStatus] | None = None) -> list[StoredAppeal]:
        query = _query().order_by(appeals.c.deadline, appeals.c.id)
        if statuses is not None:
            query = query.where(appeals.c.status.in_([status.value for status in statuses]))
        return [_stored(row) for row in self._connection.execute(query)]

    def open_for(self, claim_ids: list[int]) -> list[StoredAppeal]:
        """The drafted and sent appeals of these claims."""
        if not claim_ids:
            return []
        query = _query().where(
            appeals.c.claim_id.in_(claim_ids),
            appeals.c.status.in_([AppealStatus.DRAFTED.value, AppealStatus.SENT.value]),
        )
        return [_stored(row) for row in self._connection.execute(query.order_by(appeals.c.id))]

    def denial_ids_of(self, appeal_id: int) -> list[int]:
        query = select(appeal_denials.c.denial_id).where(appeal_denials.c.appeal_id == appeal_id)
        return sorted(row[0] for row in self._connection.execute(query))

    # --- denials and the claim's facts -----------------------------------------------------------
    def denials_of(self, claim_id: int, statuses: tuple[str, ...] = ("open",),
                   ids: list[int] | None = None) -> list[DeniedLine]:  # fmt: skip
        query = (
            select(denials)
            .join(remittance_claims, remittance_claims.c.id == denials.c.remittance_claim_id)
            .where(remittance_claims.c.claim_id == claim_id)
            .order_by(denials.c.id)
        )
        query = (
            query.where(denials.c.id.in_(ids))
            if ids is not None
            else query.where(denials.c.status.in_(statuses))
        )
        return [_denied_line(row) for row in self._connection.execute(query)]

    def set_denial_status(self, denial_ids: list[int], status: str, only_from: str | None = None) -> None:
        """Set the denials' status (only those currently `only_from`, when given)."""
        if denial_ids:
            statement = update(denials).where(denials.c.id.in_(denial_ids))
            if only_from is not None:
                statement = statement.where(denials.c.status == only_from)
            self._connection.execute(statement.values(status=status))

    def payer_claim_number(self, claim_id: int) -> str:
        """The payer's claim control number from its latest adjudication of the claim (not a reversal)."""
        query = (
            select(remittance_claims.c.payer_claim_number)
            .where(remittance_claims.c.claim_id == claim_id,
                   remittance_claims.c.status_code != "22", remittance_claims.c.payer_claim_number != "")
            .order_by(remittance_claims.c.id.desc())
        )  # fmt: skip
        return self._connection.scalar(query) or ""

    def submission_proof(self, claim_id: int) -> SubmissionProof:
        query = (
            select(func.coalesce(claims.c.submitted_at, claims.c.created_at, type_=claims.c.submitted_at.type).label("submitted_at"),
                   clearinghouse_batches.c.file_name, clearinghouse_batches.c.interchange_control_number,
                   clearinghouse_batches.c.status.label("batch_status"),
                   clearinghouse_batches.c.status_detail.label("batch_detail"))
            .select_from(claims.outerjoin(clearinghouse_batches, clearinghouse_batches.c.id == claims.c.submission_batch_id))
            .where(claims.c.id == claim_id)
        )  # fmt: skip
        row = self._connection.execute(query).one()
        ack = self._connection.execute(
            select(claim_acknowledgments)
            .where(claim_acknowledgments.c.claim_id == claim_id, claim_acknowledgments.c.accepted)
            .order_by(claim_acknowledgments.c.id.desc())
        ).first()
        return SubmissionProof(row.submitted_at, row.file_name or "", row.interchange_control_number,
                               row.batch_status or "", row.batch_detail or "", ack.status_date if ack else None,
                               ack.words if ack else "")  # fmt: skip

    def add_acknowledgment(self, claim_id: int, accepted: bool, status_date: date | None, words: str,
                           payer_claim_number: str, at: datetime) -> None:  # fmt: skip
        """Keep a 277CA answer about a claim (append-only): the proof of submission appeals cite."""
        self._connection.execute(insert(claim_acknowledgments).values(
            claim_id=claim_id, accepted=accepted, status_date=status_date, words=words[:500],
            payer_claim_number=payer_claim_number[:50], received_at=at))  # fmt: skip

    # --- payer windows ------------------------------------------------------------------------
    def windows(self, payer_id: int) -> dict[str, int]:
        query = select(payer_appeal_windows).where(payer_appeal_windows.c.payer_id == payer_id)
        return {row.category: row.days for row in self._connection.execute(query)}

    def set_window(self, payer_id: int, category: str, days: int) -> None:
        key = (payer_appeal_windows.c.payer_id == payer_id) & (payer_appeal_windows.c.category == category)
        if self._connection.scalar(select(func.count()).select_from(payer_appeal_windows).where(key)):
            self._connection.execute(update(payer_appeal_windows).where(key).values(days=days))
        else:
            self._connection.execute(
                insert(payer_appeal_windows).values(payer_id=payer_id, category=category, days=days)
            )


def _appeal_values(appeal: Appeal) -> dict[str, Any]:
    return {"status": appeal.status.value, "sent_on": appeal.sent_on, "decided_on": appeal.decided_on,
            "recovered_cents": appeal.recovered_cents}  # fmt: skip


def _query():  # noqa: ANN202 - a Select
    return select(appeals, payers.c.name.label("payer_name")).join(payers, payers.c.id == appeals.c.payer_id)


def _stored(row: Any) -> StoredAppeal:
    appeal = Appeal(
        row.claim_control_number, Category(row.category), row.denied_on, row.deadline, row.denied_cents,
        AppealStatus(row.status), row.level, row.note, row.sent_on, row.decided_on, row.recovered_cents, row.id,
    )  # fmt: skip
    return StoredAppeal(appeal, row.claim_id, row.patient_id, row.payer_id, row.payer_name)


def _denied_line(row: Any) -> DeniedLine:
    return DeniedLine(row.id, row.remittance_claim_id, row.claim_line_id, row.procedure_code,
                      row.group_code, row.carc, tuple(r for r in row.rarcs.split(",") if r), row.amount_cents,
                      Category(row.category), row.denied_on)  # fmt: skip
