"""The coder queue as a read model: the encounters waiting to be coded (no claim, no coding finalization), a page
at a time, filtered and sorted in SQL, with who works each; and the assignments themselves.

Bound to the unit of work: `uow.coder_queue`. The caller (`services.views`) checks permissions and audits the
encounters and patients it shows. Filters: rendering provider, date-of-service range, payer (of the coverage
billed first), the auto-coder's top confidence (per mille), age (days since the date of service), who works
it, and a search on the patient's last name (start) or the encounter number (E12 or 12).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, delete, func, insert, select

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import coverages, encounters, patients, users
from revcycle.store.tables_charge_entry import coding_assignments, coding_confidences
from revcycle.store.tables_claims import claims
from revcycle.store.tables_coding import coding_decisions, coding_finalizations

SORTS = ("dos", "-dos", "confidence", "-confidence", "patient", "provider", "payer", "age", "-age")


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the coder asks of the queue; every filter is optional. `assigned`: "" anyone, "none" unassigned,
    else a username. Confidence bounds are per mille (0..1000), inclusive."""

    provider_id: int | None = None
    payer_id: int | None = None
    dos_from: date | None = None
    dos_to: date | None = None
    confidence_min: int | None = None
    confidence_max: int | None = None
    min_age_days: int | None = None
    assigned: str = ""
    search: str = ""
    sort: str = "dos"


@dataclass(frozen=True, slots=True)
class QueueRow:
    encounter_id: int
    decisions: int
    confidence_permille: int | None  # None: no suggestion read yet
    assigned_to: str | None
    payer_id: int | None


class CoderQueueRepository(Repository):
    def page(self, query: QueueQuery, today: date, offset: int, limit: int) -> tuple[list[QueueRow], int]:
        """One page of the waiting encounters that match, in the order asked (then by id), and how many match."""
        matching = self._matching(query, today)
        total = int(
            self._connection.execute(select(func.count()).select_from(matching.subquery())).scalar_one()
        )
        rows = self._connection.execute(matching.order_by(*_order(query.sort)).offset(offset).limit(limit))
        return [
            QueueRow(row.id, int(row.decisions), row.confidence, row.assigned_to, row.payer_id)
            for row in rows
        ], total

    def _matching(self, query: QueueQuery, today: date) -> Select:  # type: ignore[type-arg]
        decided = (select(coding_decisions.c.encounter_id, func.count().label("decisions"))
                   .group_by(coding_decisions.c.encounter_id).subquery())  # fmt: skip
        statement = (
            select(encounters.c.id, func.coalesce(decided.c.decisions, 0).label("decisions"),
                   coding_confidences.c.top_confidence_permille.label("confidence"),
                   users.c.username.label("assigned_to"), coverages.c.payer_id)
            .outerjoin(decided, decided.c.encounter_id == encounters.c.id)
            .outerjoin(coding_confidences, coding_confidences.c.encounter_id == encounters.c.id)
            .outerjoin(coding_assignments, coding_assignments.c.encounter_id == encounters.c.id)
            .outerjoin(users, users.c.id == coding_assignments.c.user_id)
            .outerjoin(coverages, coverages.c.id == encounters.c.coverage_id)
            .join(patients, patients.c.id == encounters.c.patient_id)
            .where(_waiting())
        )  # fmt: skip
        for condition in _conditions(query, today):
            statement = statement.where(condition)
        return statement

    def assign(self, encounter_ids: Iterable[int], user_id: int, by_user_id: int, at: datetime) -> None:
        """These encounters now worked by `user_id` (an earlier assignment is replaced)."""
        ids = sorted(set(encounter_ids))
        self._connection.execute(delete(coding_assignments).where(coding_assignments.c.encounter_id.in_(ids)))
        if ids:
            self._connection.execute(insert(coding_assignments), [
                {"encounter_id": i, "user_id": user_id, "assigned_by_user_id": by_user_id, "assigned_at": at}
                for i in ids])  # fmt: skip

    def assignees(self, encounter_ids: Iterable[int]) -> dict[int, str]:
        """encounter id -> the username working it, for the encounters that are assigned."""
        query = (select(coding_assignments.c.encounter_id, users.c.username)
                 .join(users, users.c.id == coding_assignments.c.user_id)
                 .where(coding_assignments.c.encounter_id.in_(sorted(set(encounter_ids)))))  # fmt: skip
        return {row.encounter_id: row.username for row in self._connection.execute(query)}


def _waiting() -> ColumnElement[bool]:
    billed = select(claims.c.encounter_id).where(claims.c.encounter_id.is_not(None))
    return encounters.c.id.not_in(billed) & encounters.c.id.not_in(
        select(coding_finalizations.c.encounter_id)
    )


def _conditions(query: QueueQuery, today: date) -> list[ColumnElement[bool]]:
    confidence = coding_confidences.c.top_confidence_permille
    given = [
        (query.provider_id, lambda: encounters.c.rendering_provider_id == query.provider_id),
        (query.payer_id, lambda: coverages.c.payer_id == query.payer_id),
        (query.dos_from, lambda: encounters.c.date_of_service >= query.dos_from),
        (query.dos_to, lambda: encounters.c.date_of_service <= query.dos_to),
        (query.confidence_min, lambda: confidence >= query.confidence_min),
        (query.confidence_max, lambda: confidence <= query.confidence_max),
        (
            query.min_age_days,
            lambda: encounters.c.date_of_service <= today - timedelta(days=query.min_age_days or 0),
        ),
    ]
    found = [make() for value, make in given if value is not None]
    if query.assigned == "none":
        found.append(coding_assignments.c.user_id.is_(None))
    elif query.assigned:
        found.append(users.c.username == query.assigned)
    if query.search.strip():
        found.append(_search(query.search.strip()))
    return found


def _search(text: str) -> ColumnElement[bool]:
    number = text.upper().removeprefix("E")
    if number.isdecimal() and len(number) <= 9:  # an encounter id is a 32-bit integer column
        return encounters.c.id == int(number)
    return func.lower(patients.c.last_name).like(f"{text.lower().replace('%', '').replace('_', '')}%")


def _order(sort: str) -> list[ColumnElement]:  # type: ignore[type-arg]
    confidence = func.coalesce(coding_confidences.c.top_confidence_permille, -1)
    columns = {
        "dos": [encounters.c.date_of_service], "-dos": [encounters.c.date_of_service.desc()],
        "age": [encounters.c.date_of_service.desc()], "-age": [encounters.c.date_of_service],
        "confidence": [confidence], "-confidence": [confidence.desc()],
        "patient": [patients.c.last_name, patients.c.first_name], "provider": [encounters.c.rendering_provider_id],
        "payer": [coverages.c.payer_id],
    }  # fmt: skip
    return [*columns.get(sort, columns["dos"]), encounters.c.id]
