"""The coder's desk as use cases: suggestions for an encounter's note, E/M level, code checks,
and the coder's decisions on the suggestions up to the final code set on the encounter.

The suggestion reads the note and the patient's age and sex (audited reads of patient data); the
E/M level and the code check take no patient data. All need `edit_encounters` (coders code).

Workflow: `record_decision` stores one accept / reject / edit / add (who and when from the user
and the clock; append-only, audited); `coding_worklist` shows the suggestions and the decisions so
far; `finalize_coding` writes the final ICD-10-CM codes (and decided CPT/HCPCS lines) onto the
encounter, which is what `services.claims.build_encounter_claims` bills. Finalizing runs
`coding.check` on the date of service and refuses error findings unless a manager forces it.
The API and the web name a stored decision `services.coding.StoredDecision` (what `record_decision` returns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from revcycle.claims import FeeSchedule
from revcycle.codesets.code_refs import dotted
from revcycle.coding.em import em_input_from_dict, level_visit
from revcycle.coding.em.visit import EmResult
from revcycle.coding.procedure_lines import corresponding_code
from revcycle.coding.rules import check
from revcycle.coding.sequence import CodingOrder, pointers_text, require_fit
from revcycle.coding.suggest import Suggestions
from revcycle.coding.workflow import (
    Action,
    Decision,
    Worklist,
    decide,
    final_codes,
    latest_decisions,
    pending,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding, Severity
from revcycle.practice.encounters import MAX_DIAGNOSIS_POINTERS, Encounter, ServiceLine
from revcycle.practice.users import Permission, Role, User
from revcycle.services import audit
from revcycle.services.coding_suggestions import suggestions_for as _suggestions
from revcycle.store.repositories.coding import StoredDecision
from revcycle.store.uow import UnitOfWork

ICD10CM = "icd10cm"
_ICD10CM_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_CPT_SHAPE = re.compile(r"^[0-9]{4}[0-9FTU]$")
_HCPCS_SHAPE = re.compile(r"^[A-V][0-9]{4}$")


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def suggest_for_encounter(
    uow: UnitOfWork, user: User, encounter_id: int, setting: str = "outpatient"
) -> Suggestions:
    """Ranked codes with evidence spans for the encounter's note, on its date of service."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = uow.encounters.get(encounter_id)
        patient = uow.patients.get(encounter.patient_id)
        _audit_note_read(uow, user, encounter)
    dos = encounter.date_of_service
    found = _suggestions(
        encounter.note_text, dos, age_on(patient.birth_date, dos), patient.sex.value, setting
    )
    with uow:
        _note_confidence(uow, encounter_id, found)
    return found


def _note_confidence(uow: UnitOfWork, encounter_id: int, found: Suggestions) -> None:
    """Keep the top diagnosis confidence for the coder queue's filter and sort (per mille)."""
    top = max((item.confidence for item in found.diagnoses), default=0.0)
    uow.coding.note_confidence(encounter_id, max(0, min(1000, round(top * 1000))), uow.clock.now())


def level_em(user: User, visit: dict[str, Any]) -> EmResult:
    """The office/outpatient E/M level (2021+ MDM or time) with its explanation."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return level_visit(em_input_from_dict(visit))


def check_codes(
    user: User, codes: Sequence[str], dos: date, age: int | None = None, sex: str | None = None
) -> list[Finding]:
    """Code-combination findings (Excludes1, sequencing, manifestation, age/sex) for a code set."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return check(list(codes), dos, age, sex)


@dataclass(frozen=True, slots=True)
class CoderDecision:
    """What the coder decided on one code; `record_decision` adds who (the user) and when (the clock).

    ACCEPT / REJECT / EDIT name a `suggested_code`; EDIT and ADD give the `final_code`. `system`
    (icd10cm, cpt, hcpcs) is needed only for an ADD whose code's shape is ambiguous: an undotted
    letter + 4 digits is read as HCPCS, so enter ICD-10-CM codes dotted (E11.65).
    """

    action: Action
    suggested_code: str | None = None
    final_code: str | None = None
    reason: str = ""
    system: str | None = None


@dataclass(frozen=True, slots=True)
class CodingWorklist:
    """An encounter's suggestions and the decisions so far (diagnoses and procedures separately)."""

    encounter_id: int
    date_of_service: date
    suggestions: Suggestions
    diagnoses: Worklist
    procedures: Worklist
    decisions: tuple[StoredDecision, ...]

    @property
    def final_diagnoses(self) -> list[str]:
        return final_codes(self.diagnoses)

    @property
    def final_procedures(self) -> list[str]:
        return final_codes(self.procedures)

    @property
    def pending(self) -> list[str]:
        return pending(self.diagnoses) + pending(self.procedures)


def code_system(code: str) -> str:
    """icd10cm, cpt or hcpcs by the code's shape; a code of no known shape is a VALIDATION error."""
    code = code.strip().upper()
    if _CPT_SHAPE.match(code):
        return "cpt"
    if _HCPCS_SHAPE.match(code):
        return "hcpcs"
    if _ICD10CM_SHAPE.match(dotted(code)):
        return ICD10CM
    raise RevcycleError(ErrorCode.VALIDATION, f"{code!r} is neither an ICD-10-CM nor a CPT/HCPCS code")


def _normal(code: str | None, system: str) -> str | None:
    if code is None or not code.strip():
        return None
    return dotted(code.strip().upper()) if system == ICD10CM else code.strip().upper()


def _encounter_context(uow: UnitOfWork, encounter_id: int) -> tuple[Encounter, int, str]:
    encounter = uow.encounters.get(encounter_id)
    patient = uow.patients.get(encounter.patient_id)
    return encounter, age_on(patient.birth_date, encounter.date_of_service), patient.sex.value


def _audit_note_read(uow: UnitOfWork, user: User, encounter: Encounter) -> None:
    """The note read for coding: one audited READ of the encounter."""
    audit.record(uow, user, audit.Action.READ, "encounter", encounter.id or 0,
                 f"patient={encounter.patient_id} note for coding")  # fmt: skip


def _build_worklist(uow: UnitOfWork, user: User, encounter: Encounter, age: int, sex: str) -> CodingWorklist:
    encounter_id = encounter.id or 0
    _audit_note_read(uow, user, encounter)
    found = _suggestions(encounter.note_text, encounter.date_of_service, age, sex)
    _note_confidence(uow, encounter_id, found)
    stored = tuple(uow.coding.decisions(encounter_id))
    diagnoses = [item.code for item in found.diagnoses]
    for code in encounter.diagnosis_codes:  # entered with the charges (the superbill): the coder reviews them too
        if dotted(code) not in diagnoses:
            diagnoses.append(dotted(code))
    procedures = [item.code for item in found.procedures]
    for item in stored:
        codes = diagnoses if item.code_system == ICD10CM else procedures
        if item.decision.suggested_code and item.decision.suggested_code not in codes:
            codes.append(item.decision.suggested_code)  # decided earlier, no longer suggested: kept
    diagnosis_list, procedure_list = (
        Worklist(str(encounter_id), tuple(diagnoses)),
        Worklist(str(encounter_id), tuple(procedures)),
    )
    for item in stored:
        if item.code_system == ICD10CM:
            diagnosis_list = decide(diagnosis_list, item.decision)
        else:
            procedure_list = decide(procedure_list, item.decision)
    return CodingWorklist(
        encounter_id, encounter.date_of_service, found, diagnosis_list, procedure_list, stored
    )


def coding_worklist(uow: UnitOfWork, user: User, encounter_id: int) -> CodingWorklist:
    """The encounter's suggestions (on its date of service) and the coder's decisions so far."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter, age, sex = _encounter_context(uow, encounter_id)
        return _build_worklist(uow, user, encounter, age, sex)


def _decision_system(worklist: CodingWorklist, decision: CoderDecision) -> str:
    if decision.action is Action.ADD:
        if not decision.final_code:
            raise RevcycleError(ErrorCode.VALIDATION, "add needs the code to add")
        return decision.system or code_system(decision.final_code)
    if not decision.suggested_code:
        raise RevcycleError(ErrorCode.VALIDATION, f"{decision.action.value} needs the suggested code")
    if _normal(decision.suggested_code, ICD10CM) in worklist.diagnoses.suggested:
        return ICD10CM
    code = decision.suggested_code.strip().upper()
    systems = {item.code: item.system for item in worklist.suggestions.procedures}
    systems |= {
        d.decision.suggested_code: d.code_system for d in worklist.decisions if d.code_system != ICD10CM
    }
    if code in worklist.procedures.suggested:
        return systems.get(code) or code_system(code)
    raise RevcycleError(
        ErrorCode.NOT_FOUND, f"{decision.suggested_code} is not among the encounter's suggestions"
    )


def _same_family(system: str, final_code: str | None) -> None:
    if final_code is None:
        return
    final_system = code_system(final_code)
    if (final_system == ICD10CM) != (system == ICD10CM):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{final_code} is a {final_system} code; the suggestion is {system}"
        )


def record_decision(
    uow: UnitOfWork, user: User, encounter_id: int, decision: CoderDecision
) -> StoredDecision:
    """Store one decision on the encounter's suggestions (append-only), audited; returns it as stored."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter, age, sex = _encounter_context(uow, encounter_id)
        worklist = _build_worklist(uow, user, encounter, age, sex)
        system = _decision_system(worklist, decision)
        final = _normal(decision.final_code, system)
        _same_family(system, final)
        made = Decision(
            decision.action,
            user.username,
            uow.clock.now(),
            _normal(decision.suggested_code, system),
            final,
            decision.reason.strip(),
        )
        target = worklist.diagnoses if system == ICD10CM else worklist.procedures
        made = decide(target, made).decisions[-1]
        decision_id = uow.coding.add_decision(encounter_id, system, made, user.id or 0)
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "encounter",
            encounter_id,
            f"coding {made.action.value} {system} {made.suggested_code or '-'} -> {made.final_code or '-'}",
        )
        return StoredDecision(decision_id, encounter_id, system, made, user.id or 0)


def _repoint(line: ServiceLine, old: Sequence[str], new: Sequence[str]) -> tuple[int, ...]:
    """The line's diagnosis pointers into the new code list: each old code to the same code, else to the
    code the coder made of it (`corresponding_code`: M17.9 -> M17.11); pointers to dropped codes go; none
    left → 1. The first pointer stays the line's reason."""
    found = [corresponding_code(old[p - 1], new) for p in line.diagnosis_pointers if p <= len(old)]
    kept = [new.index(code) + 1 for code in found if code is not None]
    return tuple(dict.fromkeys(kept))[:MAX_DIAGNOSIS_POINTERS] or (1,)


def _priced_line(
    code: str, encounter: Encounter, fees: FeeSchedule | None, pointers: tuple[int, ...]
) -> ServiceLine:
    price = fees.unit_charge_cents(code, (), encounter.date_of_service) if fees else None
    if price is None:
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"{code} is coded but has no line and no fee on {encounter.date_of_service}: "
            "give a fee schedule that prices it",
        )
    return ServiceLine(1, code, price, diagnosis_pointers=pointers)


def _coded_encounter(
    encounter: Encounter,
    diagnoses: list[str],
    procedures: Worklist,
    fees: FeeSchedule | None,
    point_at_all: bool = True,
) -> Encounter:
    """The encounter with the final diagnoses; lines whose code was rejected go, edited ones change,
    kept or added codes without a line get one (priced by `fees`); lines are renumbered 1..n."""
    decided = latest_decisions(procedures)
    lines: list[ServiceLine] = []
    for line in encounter.lines:
        decision = decided.get(line.procedure_code)
        if decision is not None and decision.action is Action.REJECT:
            continue
        code = decision.final_code if decision is not None and decision.final_code else line.procedure_code
        lines.append(
            replace(
                line,
                procedure_code=code,
                diagnosis_pointers=_repoint(line, encounter.diagnosis_codes, diagnoses),
            )
        )
    first_pointers = tuple(range(1, min(len(diagnoses), MAX_DIAGNOSIS_POINTERS) + 1))
    present = {line.procedure_code for line in lines}
    lines += [
        _priced_line(code, encounter, fees, first_pointers)
        for code in final_codes(procedures)
        if code not in present
    ]
    numbered = [replace(line, line_number=number) for number, line in enumerate(lines, 1)]
    pointed = _point_at_all(numbered, diagnoses) if point_at_all else tuple(numbered)
    return replace(encounter, diagnosis_codes=tuple(diagnoses), lines=pointed)


def _ordered(coded: Encounter, order: CodingOrder | None) -> Encounter:
    """The coded encounter with the coder's line pointers (the diagnoses already in the coder's order); an order
    set before the codes changed no longer fits and is refused, saying why."""
    if order is None:
        return coded
    derived = {line.line_number: line.diagnosis_pointers for line in coded.lines}
    try:
        require_fit(order, list(coded.diagnosis_codes), len(coded.lines), derived)
    except RevcycleError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"the diagnosis order set for encounter {coded.id} no longer fits: "
                            f"{error.message}; set it again") from None  # fmt: skip
    lines = tuple(replace(line, diagnosis_pointers=order.pointers.get(line.line_number, line.diagnosis_pointers))
                  for line in coded.lines)  # fmt: skip
    return replace(coded, lines=lines)


def set_coding_order(
    uow: UnitOfWork,
    user: User,
    encounter_id: int,
    diagnoses: Sequence[str],
    pointers: dict[int, tuple[int, ...]] | None = None,
    fees: FeeSchedule | None = None,
) -> Encounter:
    """The order of the final diagnoses (first-listed first) and, for any coded line, its pointers into them;
    finalizing keeps both. Returns the encounter as finalizing would write it (stored: only the order). Lines
    are numbered as after coding (rejected codes gone, added codes last)."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter, age, sex = _encounter_context(uow, encounter_id)
        _require_unbilled(uow, encounter_id)
        worklist = _build_worklist(uow, user, encounter, age, sex)
        order = CodingOrder(tuple(_normal(code, ICD10CM) or "" for code in diagnoses), dict(pointers or {}))
        final = worklist.final_diagnoses
        ordered = list(order.diagnoses) if set(order.diagnoses) == set(final) else final
        preview = _coded_encounter(encounter, ordered, worklist.procedures, fees, point_at_all=False)
        require_fit(
            order,
            final,
            len(preview.lines),
            {line.line_number: line.diagnosis_pointers for line in preview.lines},
        )
        coded = _ordered(preview, order)
        uow.coding.add_order(encounter_id, order, user.id or 0, uow.clock.now())
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "encounter",
            encounter_id,
            f"coding order dx={','.join(order.diagnoses)} pointers={pointers_text(order.pointers) or '-'}",
        )
        return coded


def _point_at_all(lines: list[ServiceLine], diagnoses: list[str]) -> tuple[ServiceLine, ...]:
    """Lines that point at every final diagnosis (a claim carries only the diagnoses its lines point
    at): each diagnosis no line points at goes onto the first line with room (4 pointers a line)."""
    pointed = {pointer for line in lines for pointer in line.diagnosis_pointers}
    for pointer in range(1, len(diagnoses) + 1):
        if pointer in pointed:
            continue
        roomy = next(
            (i for i, line in enumerate(lines) if len(line.diagnosis_pointers) < MAX_DIAGNOSIS_POINTERS), None
        )
        if roomy is None:
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"{diagnoses[pointer - 1]} has no service line with room for "
                f"its pointer ({len(lines)} line(s), 4 pointers each)",
            )
        lines[roomy] = replace(lines[roomy], diagnosis_pointers=(*lines[roomy].diagnosis_pointers, pointer))
    return tuple(lines)


def _require_unbilled(uow: UnitOfWork, encounter_id: int) -> None:
    if uow.claims.find(encounter_id=encounter_id):
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"encounter {encounter_id} already has claims: a coding change goes on a corrected claim",
        )
    if uow.journal.get_by_key(f"encounter:{encounter_id}:line:1") is not None:
        raise RevcycleError(
            ErrorCode.CONFLICT, f"encounter {encounter_id} has charges posted: reverse them first"
        )


def _require_clean(findings: list[Finding], force: bool) -> None:
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    if errors and not force:
        listed = "; ".join(f"{finding.code}: {finding.message}" for finding in errors)
        raise RevcycleError(ErrorCode.VALIDATION, f"the final codes fail {len(errors)} check(s): {listed}")


def finalize_coding(
    uow: UnitOfWork, user: User, encounter_id: int, force: bool = False, fees: FeeSchedule | None = None
) -> list[str]:
    """Write the final ICD-10-CM codes (and decided CPT/HCPCS lines) onto the encounter; returns the
    diagnoses in claim order. Error findings of `coding.check` on the DOS refuse it unless a
    manager (or admin) forces it."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        if force and user.role not in (Role.MANAGER, Role.ADMIN):
            raise RevcycleError(
                ErrorCode.FORBIDDEN, f"user {user.username} ({user.role}) may not force coding"
            )
        encounter, age, sex = _encounter_context(uow, encounter_id)
        _require_unbilled(uow, encounter_id)
        worklist = _build_worklist(uow, user, encounter, age, sex)
        diagnoses = worklist.final_diagnoses
        if not diagnoses:
            raise RevcycleError(ErrorCode.VALIDATION, f"encounter {encounter_id}: no diagnosis code was kept")
        order = uow.coding.latest_order(encounter_id)
        if order is not None:
            diagnoses = list(order.diagnoses) if set(order.diagnoses) == set(diagnoses) else diagnoses
        _require_clean(check(diagnoses, encounter.date_of_service, age, sex), force)
        coded = _ordered(
            _coded_encounter(encounter, diagnoses, worklist.procedures, fees, order is None), order
        )
        repository = uow.coding
        repository.write_encounter_codes(coded)
        procedures = [line.procedure_code for line in coded.lines]
        repository.add_finalization(encounter_id, diagnoses, procedures, force, user.id or 0, uow.clock.now())
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "encounter",
            encounter_id,
            f"coding finalized dx={','.join(diagnoses)} px={','.join(procedures)} forced={force}",
        )
        return diagnoses
