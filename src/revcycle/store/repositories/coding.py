"""The coder's decisions (append-only) and the final code set written onto an encounter.

`CodingRepository` is bound to `uow.connection` by `services.coding`. Decisions and finalizations
are only ever inserted (triggers refuse UPDATE and DELETE). Finalizing rewrites the encounter's
`diagnosis_codes` and its service lines in place: encounters are not append-only, and the
finalization row keeps the history of what was written, by whom and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update

from revcycle.coding.sequence import CodingOrder, pointers_from_text, pointers_text
from revcycle.coding.workflow import Action, Decision
from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.store.repositories.patients import service_line_values
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import encounters, service_lines, users
from revcycle.store.tables_charge_entry import coding_confidences, coding_sequences
from revcycle.store.tables_coding import coding_decisions, coding_finalizations


@dataclass(frozen=True, slots=True)
class StoredDecision:
    """A decision as stored: its code system, the decision (coder_id is the username) and its row id."""

    id: int
    encounter_id: int
    code_system: str
    decision: Decision
    coder_user_id: int


@dataclass(frozen=True, slots=True)
class Finalization:
    id: int
    encounter_id: int
    diagnosis_codes: tuple[str, ...]
    procedure_codes: tuple[str, ...]
    forced: bool
    user_id: int
    finalized_at: datetime


class CodingRepository(Repository):
    def add_decision(
        self, encounter_id: int, code_system: str, decision: Decision, coder_user_id: int
    ) -> int:
        values = {
            "encounter_id": encounter_id,
            "code_system": code_system,
            "suggested_code": decision.suggested_code or "",
            "action": decision.action.value,
            "final_code": decision.final_code or "",
            "coder_user_id": coder_user_id,
            "decided_at": decision.decided_at,
            "reason": decision.reason,
        }
        return self._insert(coding_decisions, values)

    def decisions(self, encounter_id: int) -> list[StoredDecision]:
        """The encounter's decisions in the order they were made."""
        query = (
            select(coding_decisions, users.c.username)
            .join(users, users.c.id == coding_decisions.c.coder_user_id)
            .where(coding_decisions.c.encounter_id == encounter_id)
            .order_by(coding_decisions.c.id)
        )
        return [_stored(row) for row in self._connection.execute(query)]

    def add_finalization(
        self,
        encounter_id: int,
        diagnosis_codes: list[str],
        procedure_codes: list[str],
        forced: bool,
        user_id: int,
        finalized_at: datetime,
    ) -> int:
        values = {
            "encounter_id": encounter_id,
            "diagnosis_codes": ",".join(diagnosis_codes),
            "procedure_codes": ",".join(procedure_codes),
            "forced": forced,
            "user_id": user_id,
            "finalized_at": finalized_at,
        }
        return self._insert(coding_finalizations, values)

    def finalizations(self, encounter_id: int) -> list[Finalization]:
        query = (
            select(coding_finalizations)
            .where(coding_finalizations.c.encounter_id == encounter_id)
            .order_by(coding_finalizations.c.id)
        )
        return [
            Finalization(
                row.id,
                row.encounter_id,
                tuple(row.diagnosis_codes.split(",")),
                tuple(c for c in row.procedure_codes.split(",") if c),
                row.forced,
                row.user_id,
                _utc(row.finalized_at),
            )
            for row in self._connection.execute(query)
        ]

    def add_order(self, encounter_id: int, order: CodingOrder, user_id: int, at: datetime) -> int:
        """The coder's diagnosis order and line pointers, as set now (only ever inserted; the latest is in force)."""
        values = {"encounter_id": encounter_id, "diagnosis_codes": ",".join(order.diagnoses),
                  "line_pointers": pointers_text(order.pointers), "user_id": user_id, "set_at": at}  # fmt: skip
        return self._insert(coding_sequences, values)

    def latest_order(self, encounter_id: int) -> CodingOrder | None:
        query = (select(coding_sequences).where(coding_sequences.c.encounter_id == encounter_id)
                 .order_by(coding_sequences.c.id.desc()).limit(1))  # fmt: skip
        row = self._connection.execute(query).first()
        if row is None:
            return None
        return CodingOrder(
            tuple(c for c in row.diagnosis_codes.split(",") if c), pointers_from_text(row.line_pointers)
        )

    def note_confidence(self, encounter_id: int, permille: int, at: datetime) -> None:
        """The auto-coder's top diagnosis confidence for the encounter (the latest reading replaces the last)."""
        self._connection.execute(
            delete(coding_confidences).where(coding_confidences.c.encounter_id == encounter_id)
        )
        self._connection.execute(insert(coding_confidences).values(
            encounter_id=encounter_id, top_confidence_permille=permille, suggested_at=at))  # fmt: skip

    def write_encounter_codes(self, encounter: Encounter) -> None:
        """Store `encounter`'s diagnoses and lines (already validated by `Encounter`) over the old ones."""
        self._connection.execute(
            update(encounters)
            .where(encounters.c.id == encounter.id)
            .values(diagnosis_codes=",".join(encounter.diagnosis_codes))
        )
        self._connection.execute(delete(service_lines).where(service_lines.c.encounter_id == encounter.id))
        for line in encounter.lines:
            self._connection.execute(insert(service_lines).values(_line_values(encounter.id or 0, line)))


def _line_values(encounter_id: int, line: ServiceLine) -> dict[str, object]:
    values = service_line_values(encounter_id, line)
    if line.id is not None:
        values["id"] = line.id  # an unchanged line keeps its id
    return values


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the clock writes UTC, so naive means UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _stored(row: object) -> StoredDecision:
    decision = Decision(
        action=Action(row.action),  # type: ignore[attr-defined]
        coder_id=row.username,  # type: ignore[attr-defined]
        decided_at=_utc(row.decided_at),  # type: ignore[attr-defined]
        suggested_code=row.suggested_code or None,  # type: ignore[attr-defined]
        final_code=row.final_code or None,  # type: ignore[attr-defined]
        reason=row.reason,  # type: ignore[attr-defined]
    )
    return StoredDecision(row.id, row.encounter_id, row.code_system, decision, row.coder_user_id)  # type: ignore[attr-defined]
