"""What the pages show beside the use cases' own answers, read through `uow.views` (no SQL outside `store/`):
the coder queue, an encounter's coding state, claim links by number, payer names.

    queue = coder_queue(uow, user, size=50)        # encounters waiting to be coded, oldest DOS first
    state = coding_state(uow, user, encounter_id)  # the latest finalization, who made it, the claims built

Each function is one transaction and checks the permission of the page that shows it. Encounters and
patients shown in the queue are audited as `patients.get_encounter` / `get_patient` audit them (one READ
each); ids, numbers, counts, codes and payer names are not patient data and write no audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from revcycle.claims import Claim
from revcycle.practice import Payer
from revcycle.practice.encounters import Encounter
from revcycle.practice.patients import Patient
from revcycle.practice.users import Permission, User
from revcycle.services import patients
from revcycle.store.repositories.coding import Finalization
from revcycle.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class QueuedEncounter:
    encounter: Encounter
    patient: Patient
    decisions: int  # coding decisions made so far


@dataclass(frozen=True, slots=True)
class CoderQueue:
    items: list[QueuedEncounter]  # at most the size asked for, oldest date of service first
    total: int  # how many encounters wait in all


@dataclass(frozen=True, slots=True)
class CodingState:
    finalization: Finalization | None  # the latest, if the coding was finalized
    finalized_by: str  # its user's name ("" when not finalized)
    claims: list[Claim]  # the claims built from the encounter, in the order they were built


def coder_queue(uow: UnitOfWork, user: User, size: int) -> CoderQueue:
    """Encounters with no claim and no coding finalization (needs `edit_encounters` and `read_patients`), read
    together; each encounter and its patient shown is an audited read, as `patients.get_encounter` and
    `get_patient` audit them."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        user.require(Permission.READ_PATIENTS)
        waiting = uow.views.waiting_encounters(size)
        encounters = uow.encounters.get_many(item.encounter_id for item in waiting)
        found = uow.patients.get_many(encounter.patient_id for encounter in encounters.values())
        items = []
        for item in waiting:
            encounter = patients.shown_encounter(uow, user, encounters[item.encounter_id])
            patient = patients.shown_patient(uow, user, found[encounter.patient_id])
            items.append(QueuedEncounter(encounter, patient, item.decisions))
        return CoderQueue(items, uow.views.waiting_encounter_count())


def coding_state(uow: UnitOfWork, user: User, encounter_id: int) -> CodingState:
    """The encounter's latest coding finalization, who made it, and the claims built from it (needs
    `edit_encounters`; codes, ids and claim numbers only)."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        finalized = uow.coding.finalizations(encounter_id)
        latest = finalized[-1] if finalized else None
        by = "" if latest is None else uow.views.user_name(latest.user_id) or ""
        return CodingState(latest, by, uow.claims.find(encounter_id=encounter_id))


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
