"""Charge entry (the superbill) as use cases: an encounter's diagnoses and its charge lines (CPT/HCPCS,
modifiers, units, diagnosis pointers, the fee, the NDC of a drug), each change one transaction, audited.

    bill = superbill(uow, user, encounter_id)                       # the visit, its diagnoses and lines
    set_diagnoses(uow, user, encounter_id, ["E11.9", "I10"])        # checked on the date of service
    add_charge(uow, user, encounter_id, ChargeEntry("99214", pointers=(1, 2)))   # priced by the Standard schedule
    preview = preview_charge(uow, user, encounter_id, entry)        # what is wrong, and the scrubber's findings
    remove_charge(uow, user, encounter_id, line_number=2)

Every code is looked up on the encounter's date of service. A fee other than the schedule's needs a reason,
which is kept on the line and written to the audit log. Charges change only while the encounter is neither
coded (finalized) nor billed. Needs `edit_encounters`; reads of the visit and the patient are audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from revcycle.claims import FeeSchedule, build_claims
from revcycle.codesets import code_systems, icd10cm
from revcycle.codesets.code_refs import dotted
from revcycle.codesets.search import SearchHit, search
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding, Severity
from revcycle.kernel.money import Money
from revcycle.practice.charges import DrugIdentification, LineFee, line_fee, pointer_problems
from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.practice.patients import Patient
from revcycle.practice.users import Permission, User
from revcycle.scrub import ScrubContext
from revcycle.scrub.registry import scrub_claim
from revcycle.services import audit, fee_schedules, patients
from revcycle.services.claims import encounter_parties
from revcycle.store.uow import UnitOfWork

MAX_DIAGNOSES = 12


@dataclass(frozen=True, slots=True)
class ChargeEntry:
    """One line as the biller enters it; `fee_cents` None takes the fee schedule's fee."""

    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    pointers: tuple[int, ...] = (1,)
    fee_cents: int | None = None
    fee_reason: str = ""
    drug: DrugIdentification | None = None


@dataclass(frozen=True, slots=True)
class Diagnosis:
    pointer: int
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class Superbill:
    encounter: Encounter
    patient: Patient
    diagnoses: tuple[Diagnosis, ...]
    titles: dict[str, str]  # procedure and modifier code -> its short title on the DOS
    closed: str  # why the charges can no longer change ("" while they can)


@dataclass(frozen=True, slots=True)
class ChargePreview:
    """What a line would be: its fee, what is wrong with it (refused as entered), and the scrubber's
    findings on the claim the encounter would make with it."""

    fee: LineFee | None
    problems: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def addable(self) -> bool:
        return not self.problems


def search_diagnoses(user: User, text: str, dos: date, limit: int = 10) -> list[SearchHit]:
    """ICD-10-CM codes for what the biller types, from the release in force on the date of service."""
    user.require(Permission.EDIT_ENCOUNTERS)
    return search(text, dos, system="icd10cm", limit=limit) if text.strip() else []


def superbill(uow: UnitOfWork, user: User, encounter_id: int) -> Superbill:
    """The encounter with its diagnoses (titled on the DOS) and lines; audited reads of the visit and patient."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        user.require(Permission.READ_PATIENTS)
        encounter = patients.shown_encounter(uow, user, uow.encounters.get(encounter_id))
        patient = patients.shown_patient(uow, user, uow.patients.get(encounter.patient_id))
        dos = encounter.date_of_service
        diagnoses = tuple(Diagnosis(number, code, _diagnosis_title(code, dos))
                          for number, code in enumerate(encounter.diagnosis_codes, start=1))  # fmt: skip
        return Superbill(encounter, patient, diagnoses, _titles(encounter), _closed(uow, encounter_id))


def set_diagnoses(uow: UnitOfWork, user: User, encounter_id: int, codes: Sequence[str]) -> Encounter:
    """The encounter's diagnoses in this order (1..12, each billable on the DOS); each line keeps pointing
    at the same codes. A line left pointing at none is refused, naming it."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = _open_encounter(uow, encounter_id)
        wanted = _checked_diagnoses(codes, encounter.date_of_service)
        lines = tuple(_repointed(line, encounter.diagnosis_codes, wanted) for line in encounter.lines)
        changed = replace(encounter, diagnosis_codes=wanted, lines=lines)
        uow.coding.write_encounter_codes(changed)
        audit.record(
            uow, user, audit.Action.CHANGE, "encounter", encounter_id, f"diagnoses {','.join(wanted) or '-'}"
        )
        return changed


def add_charge(uow: UnitOfWork, user: User, encounter_id: int, entry: ChargeEntry,
               fees: FeeSchedule | None = None) -> ServiceLine:  # fmt: skip
    """Add a line (numbered after the others), priced by the fee schedule unless a fee is entered."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = _open_encounter(uow, encounter_id)
        problems, fee = _line_problems(uow, user, encounter, entry, fees)
        if problems or fee is None:
            raise RevcycleError(ErrorCode.VALIDATION, f"{entry.procedure_code.strip().upper() or 'the line'}: "
                                f"{'; '.join(problems)}")  # fmt: skip
        line = _new_line(len(encounter.lines) + 1, entry, fee)
        uow.coding.write_encounter_codes(replace(encounter, lines=(*encounter.lines, line)))
        audit.record(uow, user, audit.Action.CHANGE, "encounter", encounter_id, _added_detail(line, fee))
        return uow.encounters.get(encounter_id).lines[-1]


def remove_charge(uow: UnitOfWork, user: User, encounter_id: int, line_number: int) -> Encounter:
    """Remove a line; the lines after it are numbered up."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = _open_encounter(uow, encounter_id)
        gone = next((line for line in encounter.lines if line.line_number == line_number), None)
        if gone is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"encounter {encounter_id} has no line {line_number}")
        kept = [line for line in encounter.lines if line.line_number != line_number]
        changed = replace(
            encounter, lines=tuple(replace(line, line_number=number) for number, line in enumerate(kept, 1))
        )
        uow.coding.write_encounter_codes(changed)
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "encounter",
            encounter_id,
            f"charge removed line {line_number} {gone.procedure_code}",
        )
        return changed


def preview_charge(uow: UnitOfWork, user: User, encounter_id: int, entry: ChargeEntry | None,
                   fees: FeeSchedule | None = None) -> ChargePreview:  # fmt: skip
    """The line's fee and problems and the scrubber's findings on the encounter's claim with the line added
    (`entry` None: the claim as the encounter stands). Nothing is stored."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        encounter = uow.encounters.get(encounter_id)
        problems, fee = _line_problems(uow, user, encounter, entry, fees) if entry is not None else ([], None)
        lines = encounter.lines
        if entry is not None and fee is not None and not problems:
            lines = (*lines, _new_line(len(lines) + 1, entry, fee))
        return ChargePreview(
            fee, tuple(problems), tuple(_scrub_findings(uow, replace(encounter, lines=lines)))
        )


# --- rules ----------------------------------------------------------------------------------------------


def _open_encounter(uow: UnitOfWork, encounter_id: int) -> Encounter:
    encounter = uow.encounters.get(encounter_id)
    closed = _closed(uow, encounter_id)
    if closed:
        raise RevcycleError(ErrorCode.CONFLICT, f"encounter {encounter_id}: {closed}")
    return encounter


def _closed(uow: UnitOfWork, encounter_id: int) -> str:
    if uow.claims.find(encounter_id=encounter_id):
        return "it is billed; a change goes on a corrected claim"
    if uow.coding.finalizations(encounter_id):
        return "its coding is finalized; the charges are what was coded"
    return ""


def _checked_diagnoses(codes: Sequence[str], dos: date) -> tuple[str, ...]:
    wanted = tuple(dotted(code.strip().upper()) for code in codes if code.strip())
    if len(wanted) > MAX_DIAGNOSES:
        raise RevcycleError(ErrorCode.VALIDATION, f"at most {MAX_DIAGNOSES} diagnoses, got {len(wanted)}")
    twice = sorted({code for code in wanted if wanted.count(code) > 1})
    if twice:
        raise RevcycleError(ErrorCode.VALIDATION, f"{', '.join(twice)} is listed twice")
    errors = [
        finding
        for code in wanted
        for finding in icd10cm.validate([code], dos)
        if finding.severity is Severity.ERROR
    ]  # each code on its own; the set's rules are the coder's
    if errors:
        raise RevcycleError(ErrorCode.VALIDATION, "; ".join(f.message for f in errors))
    return wanted


def _repointed(line: ServiceLine, old: tuple[str, ...], new: tuple[str, ...]) -> ServiceLine:
    kept = tuple(
        new.index(old[p - 1]) + 1 for p in line.diagnosis_pointers if p <= len(old) and old[p - 1] in new
    )
    if not kept:
        raise RevcycleError(ErrorCode.VALIDATION, f"line {line.line_number} ({line.procedure_code}) would point at no "
                            "diagnosis: point it at one that stays, or remove it first")  # fmt: skip
    return replace(line, diagnosis_pointers=kept)


def _line_problems(uow: UnitOfWork, user: User, encounter: Encounter, entry: ChargeEntry,
                   fees: FeeSchedule | None) -> tuple[list[str], LineFee | None]:  # fmt: skip
    """What is wrong with the line on this encounter (code, modifiers, units, pointers, fee), and its fee."""
    dos, code = encounter.date_of_service, entry.procedure_code.strip().upper()
    problems = _code_problems(code, dos) + _modifier_problems(entry.modifiers, dos)
    if not 1 <= entry.units <= 9999:
        problems.append("units are 1..9999")
    if not encounter.diagnosis_codes:
        problems.append("enter the diagnoses first: a line points at them")
    else:
        problems += pointer_problems(entry.pointers, len(encounter.diagnosis_codes))
    if problems:
        return problems, None
    try:
        fee = line_fee(
            _scheduled_fee(uow, user, fees, code, entry.modifiers, dos), entry.fee_cents, entry.fee_reason
        )
    except RevcycleError as error:
        return [*problems, error.message], None
    return problems, fee


def _code_problems(code: str, dos: date) -> list[str]:
    system = code_systems.detect(code, dos) if code else "icd10cm"
    if system not in ("cpt", "hcpcs"):
        return [f"{code or 'the code'} is not a CPT or HCPCS code"]
    return [
        finding.message
        for finding in code_systems.validate(system, code, dos)
        if finding.severity is Severity.ERROR
    ]


def _modifier_problems(modifiers: Sequence[str], dos: date) -> list[str]:
    problems = [] if len(modifiers) <= 4 else ["up to 4 modifiers"]
    for modifier in modifiers:
        problems += [
            f.message
            for f in code_systems.validate("modifier", modifier, dos)
            if f.severity is Severity.ERROR
        ]
    return problems


def _scheduled_fee(uow: UnitOfWork, user: User, fees: FeeSchedule | None, code: str, modifiers: Sequence[str],
                   dos: date) -> int | None:  # fmt: skip
    """The unit fee for the code (and a pricing modifier) on the DOS: from `fees` when given (a CSV), else from
    the practice's Standard fee schedule (`services.fee_schedules`); None when neither lists it."""
    if fees is not None:
        return fees.unit_charge_cents(code, modifiers, dos)
    try:
        stored = fee_schedules.fee_for(uow, user, code, modifiers, dos)
    except RevcycleError as error:
        if error.code is not ErrorCode.NOT_FOUND:
            raise
        return None  # the practice has no Standard schedule yet
    return stored.amount_cents if stored is not None else None


def _new_line(number: int, entry: ChargeEntry, fee: LineFee) -> ServiceLine:
    return ServiceLine(number, entry.procedure_code.strip().upper(), fee.unit_cents * entry.units, entry.units,
                       tuple(m.strip().upper() for m in entry.modifiers), tuple(entry.pointers), drug=entry.drug,
                       fee_override_reason=fee.reason if fee.source == "override" else "")  # fmt: skip


def _added_detail(line: ServiceLine, fee: LineFee) -> str:
    code = "-".join((line.procedure_code, *line.modifiers))
    detail = f"charge added line {line.line_number} {code} x{line.units} fee={fee.source}"
    if fee.source == "override":
        detail += f" {Money(fee.unit_cents).to_decimal()} reason: {fee.reason}"
    return detail[:500]


def _scrub_findings(uow: UnitOfWork, encounter: Encounter) -> list[Finding]:
    """The scrubber's findings on the claims the encounter would make now (none while it has no charge or
    is self-pay)."""
    if not encounter.lines or encounter.coverage_id is None:
        return []
    parties, _stored, _payer = encounter_parties(uow, encounter.id or 0)
    context = ScrubContext.standard(
        uow.clock.today(), other_claims=uow.claims.find(patient_id=encounter.patient_id)
    )
    return [
        finding
        for claim in build_claims(encounter, parties)
        for finding in scrub_claim(claim, context).findings
    ]


def _diagnosis_title(code: str, dos: date) -> str:
    try:
        found = icd10cm.release_for(dos).get(code.replace(".", ""))
    except RevcycleError:
        return ""
    return getattr(found, "title", "") or ""


def _titles(encounter: Encounter) -> dict[str, str]:
    dos, titles = encounter.date_of_service, {}
    for line in encounter.lines:
        for code, system in ((line.procedure_code, None), *((m, "modifier") for m in line.modifiers)):
            try:
                found = code_systems.lookup(system or code_systems.detect(code, dos), code, dos)
            except RevcycleError:
                found = None
            titles[code] = found.title if found is not None else ""
    return titles
