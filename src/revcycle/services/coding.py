"""The coder's desk as use cases: suggestions for an encounter's note, E/M level, code checks.

The suggestion reads the note and the patient's age and sex (audited reads of patient data); the
E/M level and the code check take no patient data. All three need `edit_encounters` (coders code).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from revcycle.coding.em import em_input_from_dict, level_visit
from revcycle.coding.em.visit import EmResult
from revcycle.coding.rules import check
from revcycle.coding.suggest import Suggestions, suggest
from revcycle.kernel.findings import Finding
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def suggest_for_encounter(uow: UnitOfWork, user: User, encounter_id: int, setting: str = "outpatient") -> Suggestions:
    """Ranked codes with evidence spans for the encounter's note, on its date of service."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = uow.encounters.get(encounter_id)
        patient = uow.patients.get(encounter.patient_id)
        audit.record(uow, user, audit.Action.READ, "encounter", encounter_id,
                     f"patient={encounter.patient_id} note for coding")
    dos = encounter.date_of_service
    return suggest(encounter.note_text, dos, age=age_on(patient.birth_date, dos), sex=patient.sex.value,
                   setting=setting)


def level_em(user: User, visit: dict[str, Any]) -> EmResult:
    """The office/outpatient E/M level (2021+ MDM or time) with its explanation."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return level_visit(em_input_from_dict(visit))


def check_codes(user: User, codes: Sequence[str], dos: date, age: int | None = None,
                sex: str | None = None) -> list[Finding]:
    """Code-combination findings (Excludes1, sequencing, manifestation, age/sex) for a code set."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return check(list(codes), dos, age, sex)
