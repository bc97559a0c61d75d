"""What the pages show beside the use cases' own answers, read through `uow.views` (no SQL outside `store/`):
the coder queue, an encounter's coding state, claim links by number, payer names.

    queue = coder_queue(uow, user, size=50, page=2, query=QueueQuery(provider_id=3, sort="-confidence"))
    assign_encounters(uow, user, [12, 14])         # assign to me (a manager: to="cora")
    state = coding_state(uow, user, encounter_id)  # the latest finalization, who made it, the claims built

Each function is one transaction and checks the permission of the page that shows it. Encounters and
patients shown in the queue are audited as `patients.get_encounter` / `get_patient` audit them (one READ
each); ids, numbers, counts, codes and payer names are not patient data and write no audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from revcycle.claims import Claim
from revcycle.coding.sequence import CodingOrder
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import Payer
from revcycle.practice.encounters import Encounter
from revcycle.practice.patients import Patient
from revcycle.practice.users import Permission, Role, User
from revcycle.services import audit, patients
from revcycle.store.repositories.coder_queue import SORTS, QueueQuery
from revcycle.store.repositories.coding import Finalization
from revcycle.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class QueuedEncounter:
    encounter: Encounter
    patient: Patient
    decisions: int  # coding decisions made so far
    confidence_permille: int | None = None  # the auto-coder's top diagnosis confidence (None: not read yet)
    assigned_to: str | None = None  # the username working it
    payer_id: int | None = None  # the payer of the coverage billed first (None: self-pay)


@dataclass(frozen=True, slots=True)
class CoderQueue:
    items: list[
        QueuedEncounter
    ]  # at most the size asked for, in the order asked (oldest date of service first)
    total: int  # how many encounters match
    page: int = 1
    size: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True, slots=True)
class CodingState:
    finalization: Finalization | None  # the latest, if the coding was finalized
    finalized_by: str  # its user's name ("" when not finalized)
    claims: list[Claim]  # the claims built from the encounter, in the order they were built
    order: CodingOrder | None = None  # the coder's diagnosis order and line pointers in force, if set


def coder_queue(
    uow: UnitOfWork, user: User, size: int, page: int = 1, query: QueueQuery | None = None
) -> CoderQueue:
    """A page of the encounters with no claim and no coding finalization that match `query` (needs
    `edit_encounters` and `read_patients`), read together; each encounter and its patient shown is an audited
    read, as `patients.get_encounter` and `get_patient` audit them. A sort or page out of range is VALIDATION."""
    query = query or QueueQuery()
    if query.sort not in SORTS or size < 1 or page < 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"sort by one of {', '.join(SORTS)}; page and size from 1")
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        user.require(Permission.READ_PATIENTS)
        waiting, total = uow.coder_queue.page(query, uow.clock.today(), (page - 1) * size, size)
        encounters = uow.encounters.get_many(item.encounter_id for item in waiting)
        found = uow.patients.get_many(encounter.patient_id for encounter in encounters.values())
        items = []
        for item in waiting:
            encounter = patients.shown_encounter(uow, user, encounters[item.encounter_id])
            patient = patients.shown_patient(uow, user, found[encounter.patient_id])
            items.append(QueuedEncounter(encounter, patient, item.decisions, item.confidence_permille,
                                         item.assigned_to, item.payer_id))  # fmt: skip
        return CoderQueue(items, total, page, size)


def assign_encounters(
    uow: UnitOfWork, user: User, encounter_ids: Iterable[int], to: str | None = None
) -> int:
    """Assign encounters of the queue to `to` (a username; None: the user), in one transaction, each audited.
    A coder takes encounters for themself, unassigned or already theirs; a manager (or admin) assigns anyone's
    to anyone. Returns how many were assigned."""
    ids = sorted(set(encounter_ids))
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        manager = user.role in (Role.MANAGER, Role.ADMIN)
        assignee = uow.users.get(to) if to and to != user.username else user
        if assignee.username != user.username and not manager:
            raise RevcycleError(
                ErrorCode.FORBIDDEN, f"{user.username} may assign encounters only to themself"
            )
        if not assignee.can(Permission.EDIT_ENCOUNTERS):
            raise RevcycleError(ErrorCode.VALIDATION, f"{assignee.username} ({assignee.role}) does not code")
        known = uow.encounters.get_many(ids)
        unknown = [encounter_id for encounter_id in ids if encounter_id not in known]
        if not ids or unknown:
            raise RevcycleError(
                ErrorCode.NOT_FOUND, f"no encounter {', '.join(map(str, unknown)) or 'chosen'}"
            )
        taken = {i: name for i, name in uow.coder_queue.assignees(ids).items() if name != assignee.username}
        if taken and not manager:
            raise RevcycleError(
                ErrorCode.CONFLICT, "; ".join(f"E{i} is assigned to {name}" for i, name in taken.items())
            )
        uow.coder_queue.assign(ids, assignee.id or 0, user.id or 0, uow.clock.now())
        for encounter_id in ids:
            audit.record(
                uow,
                user,
                audit.Action.CHANGE,
                "encounter",
                encounter_id,
                f"coding assigned to {assignee.username}",
            )
        return len(ids)


def coding_state(uow: UnitOfWork, user: User, encounter_id: int) -> CodingState:
    """The encounter's latest coding finalization, who made it, and the claims built from it (needs
    `edit_encounters`; codes, ids and claim numbers only)."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        finalized = uow.coding.finalizations(encounter_id)
        latest = finalized[-1] if finalized else None
        by = "" if latest is None else uow.views.user_name(latest.user_id) or ""
        return CodingState(
            latest, by, uow.claims.find(encounter_id=encounter_id), uow.coding.latest_order(encounter_id)
        )


def claim_ids_by_number(uow: UnitOfWork, user: User, claim_numbers: Iterable[str]) -> dict[str, int]:
    """Claim row ids of the claim numbers a queue names, for its links (needs `read_ledger`; ids and numbers)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        return uow.claims.ids_by_number(claim_numbers)


def payers_by_id(uow: UnitOfWork, user: User, payer_ids: Iterable[int]) -> dict[int, Payer]:
    """The practice's payers by id, for names and codes on a page (needs `read_patients`, which every role has;
    practice data, not audited). An unknown id is NOT_FOUND."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        return {payer_id: uow.practice.payer(payer_id) for payer_id in sorted(set(payer_ids))}
