"""Before the claim: eligibility on the day of the visit (270/271), the coder's desk (suggestions from
the note, then the decisions: auto-accepted above a confidence threshold, the rest left for a coder).

Auto-coding takes an encounter only when its suggestions are clear-cut: at least one diagnosis at
or above `AUTO_ACCEPT` and none in the grey zone [`REVIEW_FLOOR`, `AUTO_ACCEPT`). Those diagnoses
are accepted (up to four) and the coding finalized, when every service's own diagnosis (the problem it
was done for) is among them — else a line would point at an unrelated diagnosis, and a coder decides; `coding.check` refusing the final codes, or
any doubt, leaves the encounter in the coder queue (no claim is built for it).

Reading a note is the costliest step of the run (~50 ms), so the notes of a chunk are read by two
worker processes first; the desk then serves them from `services.coding_suggestions` (audited as usual).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.pool import Pool

from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.coding.procedure_lines import corresponding_code
from revcycle.coding.suggest import Suggestions, suggest
from revcycle.coding.workflow import Action
from revcycle.demo.notes import VisitNote
from revcycle.demo.partners import DemoClock
from revcycle.demo.setup import Practice
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.services import coding, coding_suggestions, eligibility
from revcycle.services.coding import CoderDecision
from revcycle.store import UnitOfWork

AUTO_ACCEPT = 0.8  # a diagnosis suggested at least this confidently is accepted without a coder
REVIEW_FLOOR = 0.5  # ... unless another one sits between this and AUTO_ACCEPT: then a coder decides
MAX_ACCEPTED = 4
READERS = 2  # worker processes reading notes (at most the machine's cores)
Tick = Callable[[], None]


@dataclass
class FrontDesk:
    eligibility_active: int = 0
    eligibility_inactive: int = 0
    suggested_diagnoses: int = 0
    auto_coded: list[int] = field(default_factory=list)  # encounter ids finalized without a coder
    in_queue: Counter = field(default_factory=Counter)  # why encounters wait for a coder

    def facts(self) -> dict[str, object]:
        return {
            "eligibility_checks": self.eligibility_active + self.eligibility_inactive,
            "eligibility_inactive": self.eligibility_inactive,
            "diagnoses_suggested": self.suggested_diagnoses,
            "encounters_auto_coded": len(self.auto_coded),
            "encounters_in_coder_queue": sum(self.in_queue.values()),
            "coder_queue_reasons": dict(sorted(self.in_queue.items())),
        }


def check_eligibility(uow: Callable[[], UnitOfWork], clinic: Practice, desk: PayerDesk, settings: EnvelopeSettings,
                      clock: DemoClock, desk_out: FrontDesk, tick: Tick) -> None:  # fmt: skip
    """A 270 for every visit on the morning of its date of service; the 271 is stored with the encounter."""
    for (encounter_id, visit), patient_id in zip(clinic.encounters.items(), _patients(clinic), strict=True):
        clock.move_to(visit.date_of_service, 8)
        check = eligibility.check_eligibility(uow(), clinic.biller, desk, settings, patient_id,
                                              visit.date_of_service, encounter_id)  # fmt: skip
        if check.benefits.active:
            desk_out.eligibility_active += 1
        else:
            desk_out.eligibility_inactive += 1
        tick()


def _patients(clinic: Practice) -> list[int]:
    return [clinic.patient_ids[visit.patient_index] for visit in clinic.encounters.values()]


@contextmanager
def note_readers() -> Iterator[Pool | None]:
    """Worker processes that read notes in parallel (forked once the code sets and the ranker are
    loaded, so they start warm); None on a single core or without fork."""
    workers = min(READERS, os.cpu_count() or 1)
    if workers < 2 or "fork" not in get_all_start_methods():  # no fork (Windows): one process reads
        yield None
        return
    suggest("Essential hypertension.", date(2026, 1, 5))  # loads the index and the ranker before the fork
    with get_context("fork").Pool(workers) as pool:
        yield pool


def _read(inputs: tuple[str, date, int, str]) -> Suggestions:
    note, dos, age, sex = inputs
    return suggest(note, dos, age=age, sex=sex)


def suggest_codes(uow: Callable[[], UnitOfWork], clinic: Practice, encounter_ids: list[int], readers: Pool | None,
                  desk_out: FrontDesk, tick: Tick) -> dict[int, Suggestions]:  # fmt: skip
    """The coder's desk reads each note (an audited read) and suggests codes with their evidence. With
    `readers`, the notes are read in parallel first and kept for the desk (`coding_suggestions.keep`)."""
    if readers is not None:
        inputs = [_inputs(clinic, encounter_id) for encounter_id in encounter_ids]
        for args, found in zip(inputs, readers.imap(_read, inputs, chunksize=4), strict=True):
            coding_suggestions.keep(*args, found)
            tick()
    suggested = {}
    for encounter_id in encounter_ids:
        suggested[encounter_id] = coding.suggest_for_encounter(uow(), clinic.coder, encounter_id)
        desk_out.suggested_diagnoses += len(suggested[encounter_id].diagnoses)
        if readers is None:
            tick()
    return suggested


def _inputs(clinic: Practice, encounter_id: int) -> tuple[str, date, int, str]:
    visit = clinic.visit(encounter_id)
    person = clinic.people[visit.patient_index]
    dos = visit.date_of_service
    return visit.note.text, dos, coding.age_on(person.birth_date, dos), person.sex


def decide(uow: Callable[[], UnitOfWork], clinic: Practice, suggestions: dict[int, Suggestions],
           desk_out: FrontDesk, tick: Tick) -> None:  # fmt: skip
    for encounter_id, found in suggestions.items():
        confident = [d.code for d in found.diagnoses if d.confidence >= AUTO_ACCEPT][:MAX_ACCEPTED]
        unsure = [d.code for d in found.diagnoses if REVIEW_FLOOR <= d.confidence < AUTO_ACCEPT]
        if not confident or unsure:
            desk_out.in_queue["no confident diagnosis" if not confident else "a diagnosis to review"] += 1
        elif not _every_service_has_its_reason(clinic.encounters[encounter_id].note, confident):
            desk_out.in_queue["a service without its diagnosis"] += 1
        else:
            _accept(uow, clinic, encounter_id, confident, desk_out)
        tick()


def _every_service_has_its_reason(note: VisitNote, codes: list[str]) -> bool:
    """Each service's problem (the superbill code it was done for) is among the codes, as coded: a line
    whose reason is not on the claim would point at an unrelated diagnosis, so a coder decides."""
    reasons = {note.superbill[r] for r in note.reasons if r is not None}
    return all(corresponding_code(reason, codes) is not None for reason in reasons)


def _accept(uow: Callable[[], UnitOfWork], clinic: Practice, encounter_id: int, codes: list[str],
            desk_out: FrontDesk) -> None:  # fmt: skip
    for code in codes:
        coding.record_decision(uow(), clinic.coder, encounter_id, CoderDecision(Action.ACCEPT, code,
                                                                                 reason="auto-accepted"))  # fmt: skip
    try:
        coding.finalize_coding(uow(), clinic.coder, encounter_id)
    except RevcycleError as error:
        if error.code is not ErrorCode.VALIDATION:
            raise
        desk_out.in_queue["the final codes fail a check"] += 1
        return
    desk_out.auto_coded.append(encounter_id)
