"""Applying intake values (`interfaces.intake`) through the practice's use cases, inside the caller's transaction
(`services.interface_inbox.receive` holds it): a patient registered or updated (`services.patients`), its
coverages made the list sent (`interfaces.coverage_plan`), a visit recorded and charged (`services.charges`), a
duplicate merged (`services.front_desk`). Every use case audits as it does for a person at the front desk.

A problem raises a RevcycleError whose message starts with where the value was read ('IN1[2]-3: ...'), and the
caller rolls the whole message back. The sender's identifiers (`external_identifiers`) are claimed by a unique
constraint: a message that loses a race for a new MRN or visit number raises `Raced`, and is tried again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from revcycle.interfaces.coverage_plan import Wanted, plan_coverages
from revcycle.interfaces.intake import (
    ChargeIntake,
    CoverageIntake,
    GuarantorIntake,
    IntakeMessage,
    MergeIntake,
    PatientIntake,
    PatientRef,
    PersonIntake,
    VisitIntake,
    where,
)
from revcycle.interfaces.locations import at, located
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.encounters import Encounter
from revcycle.practice.patients import (
    CoverageOrder,
    Guarantor,
    Patient,
    Person,
    Relationship,
    normal_email,
    normal_phone,
)
from revcycle.practice.users import User
from revcycle.services import audit, charges, fee_schedules, front_desk, patients
from revcycle.services.charges import ChargeEntry
from revcycle.services.eligibility import billing_provider_id
from revcycle.store.uow import UnitOfWork


class Raced(RevcycleError):
    """Another message took the sender's identifier between our look-up and our claim: try the message again."""


@dataclass
class Applied:
    """What a message changed: the patients and encounters it touched, and the charge lines it added."""

    patient_ids: list[int] = field(default_factory=list)
    encounter_ids: list[int] = field(default_factory=list)
    registered: int = 0
    updated: int = 0
    merged: int = 0
    lines: int = 0


def apply_message(uow: UnitOfWork, user: User, message: IntakeMessage) -> Applied:
    """Each action of the message, in order, in the caller's transaction."""
    applied = Applied()
    on = (message.header.sent_at.date() if message.header.sent_at else None) or uow.clock.today()
    for action in message.actions:
        if isinstance(action, PatientIntake):
            apply_patient(uow, user, action, on, applied)
        elif isinstance(action, VisitIntake):
            apply_visit(uow, user, action, message.header.sender, applied)
        elif isinstance(action, MergeIntake):
            apply_merge(uow, user, action, applied)
    return applied


# --- patients ------------------------------------------------------------------------------------------


def patient_of(uow: UnitOfWork, ref: PatientRef) -> int | None:
    """Our patient the sender's identifier names (the survivor when that record was merged)."""
    found = uow.external_identifiers.patient_for(ref.assigner, ref.identifier)
    if found is None:
        return None
    merged_into = uow.patients.get(found).merged_into_id
    return merged_into if merged_into is not None else found


def known_patient(uow: UnitOfWork, ref: PatientRef) -> int:
    found = patient_of(uow, ref)
    if found is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{ref.at or 'patient'}: no patient has this identifier from "
                            f"{ref.assigner}; send the patient's registration (ADT A04) first")  # fmt: skip
    return found


def apply_patient(uow: UnitOfWork, user: User, intake: PatientIntake, on: date, applied: Applied) -> int:
    patient_id = patient_of(uow, intake.ref)
    if patient_id is None:
        added = patients.register_patient(uow, user, _new_patient(intake))
        patient_id = added.id or 0
        if not uow.external_identifiers.claim("patient", intake.ref.assigner, intake.ref.identifier, patient_id,
                                              uow.clock.now()):  # fmt: skip
            raise Raced(
                ErrorCode.CONFLICT, f"{intake.ref.at}: registered by another message at the same time"
            )
        applied.registered += 1
    else:
        before = uow.patients.get(patient_id)
        with located(where(intake, "")):
            changed = _updated_patient(before, intake)
        patients.edit_patient(uow, user, patient_id, changed)
        applied.updated += 1
    if intake.coverages is not None:
        _apply_coverages(uow, user, patient_id, intake.coverages, on)
    applied.patient_ids.append(patient_id)
    return patient_id


def _required(intake: PatientIntake, name: str, label: str) -> object:
    value = getattr(intake, name)
    if value is None or value == "":
        raise RevcycleError(ErrorCode.VALIDATION, f"{where(intake, name, 'PID')}: the {label} is required to "
                            "register a patient")  # fmt: skip
    return value


def _new_patient(intake: PatientIntake) -> Patient:
    values = {name: _required(intake, name, label) for name, label in (
        ("last_name", "last name"), ("first_name", "first name"), ("birth_date", "birth date"), ("sex", "sex"),
        ("address", "address"))}  # fmt: skip
    with located(where(intake, "")):
        return Patient(values["first_name"], values["last_name"], values["birth_date"],  # type: ignore[arg-type]
                       values["sex"], values["address"], _guarantor(intake.guarantor) or Guarantor(),  # type: ignore[arg-type]
                       phone=_contact(intake, "phone"), email=_contact(intake, "email"))  # fmt: skip


def _contact(intake: PatientIntake, name: str, kept: str = "") -> str:
    value = getattr(intake, name)
    if value is None:
        return kept
    with located(where(intake, name)):
        return normal_phone(value) if name == "phone" else normal_email(value)


def _updated_patient(before: Patient, intake: PatientIntake) -> Patient:
    """The patient on file with what the message sent (a field not sent keeps its value)."""

    def sent(name: str) -> object:
        value = getattr(intake, name)
        return getattr(before, name) if value is None else value

    return Patient(sent("first_name"), sent("last_name"), sent("birth_date"), sent("sex"), sent("address"),  # type: ignore[arg-type]
                   _guarantor(intake.guarantor) or before.guarantor, before.id,
                   phone=_contact(intake, "phone", before.phone), email=_contact(intake, "email", before.email))  # fmt: skip


def _person(person: PersonIntake | None, where_: str) -> Person | None:
    if person is None:
        return None
    with located(where_):
        return Person(person.first_name, person.last_name, person.birth_date, person.address)


def _guarantor(intake: GuarantorIntake | None) -> Guarantor | None:
    if intake is None:
        return None
    if intake.relationship is Relationship.SELF:
        return Guarantor()
    with located(where(intake, "")):
        return Guarantor(intake.relationship, _person(intake.person, where(intake, "person")))


# --- coverages -----------------------------------------------------------------------------------------


def _apply_coverages(uow: UnitOfWork, user: User, patient_id: int, sent: tuple[CoverageIntake, ...],
                     on: date) -> None:  # fmt: skip
    """Make the patient's coverages the list sent: ends, then corrections (orders last, in two steps, so a swap
    never holds two of one order), then the new ones; each audited as the front desk's change is."""
    if len(sent) > len(CoverageOrder):
        raise RevcycleError(ErrorCode.VALIDATION, f"{where(sent[3], '')}: at most three coverages (primary, "
                            "secondary, tertiary)")  # fmt: skip
    patients.require_unmerged(uow, patient_id)
    wanted = [_wanted(uow, item, position) for position, item in enumerate(sent, start=1)]
    plan = plan_coverages(patient_id, uow.coverages.for_patient(patient_id), wanted, on)
    for coverage_id, last_day in plan.ends.items():
        uow.coverages.change(replace(uow.coverages.get(coverage_id), effective_to=last_day))
        audit.record(uow, user, audit.Action.CHANGE, "coverage", coverage_id,
                     f"patient={patient_id} end {last_day.isoformat()} (interface)")  # fmt: skip
    reordered = {}
    for changed in plan.changes:
        before = uow.coverages.get(changed.id or 0)
        uow.coverages.change(replace(changed, order=before.order))
        if before.order != changed.order:
            reordered[changed.id or 0] = changed.order
        audit.record(uow, user, audit.Action.CHANGE, "coverage", changed.id or 0, f"patient={patient_id} edit "
                     "(interface)")  # fmt: skip
    uow.coverages.set_orders(reordered)
    for new in plan.adds:
        added = uow.coverages.add(new)
        audit.record(
            uow, user, audit.Action.CREATE, "coverage", added.id or 0, f"patient={patient_id} (interface)"
        )


def _wanted(uow: UnitOfWork, item: CoverageIntake, position: int) -> Wanted:
    payer = uow.practice.payer_by_code(item.payer_code)
    if payer is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{where(item, 'payer', where(item, ''))}: no payer with payer id "
                            f"{item.payer_code!r} in the practice; add it in set-up or map the sender's plan code to "
                            "one, then replay")  # fmt: skip
    order = item.order or position
    if not 1 <= order <= len(CoverageOrder):
        raise RevcycleError(ErrorCode.VALIDATION, f"{where(item, 'order')}: the coverage's order is 1, 2 or 3, "
                            f"not {order}")  # fmt: skip
    subscriber = (
        None
        if item.relationship is Relationship.SELF
        else _person(item.subscriber, where(item, "subscriber"))
    )
    if subscriber is None and item.relationship is not Relationship.SELF:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where(item, 'subscriber', where(item, ''))}: the subscriber "
                            "is not the patient; the subscriber's name is required")  # fmt: skip
    return Wanted(payer.id or 0, item.member_id, CoverageOrder(order), item.group_number, item.relationship,
                  subscriber, item.effective_from, item.effective_to, where(item, ""))  # fmt: skip


# --- visits and charges --------------------------------------------------------------------------------


def apply_visit(uow: UnitOfWork, user: User, visit: VisitIntake, sender: str, applied: Applied) -> int:
    """The visit (found by its number and date of service, else recorded), its diagnoses, then its lines."""
    patient_id = known_patient(uow, visit.patient)
    encounter_id = _visit_encounter(uow, user, visit, patient_id)
    encounter = uow.encounters.get(encounter_id)
    wanted = [*encounter.diagnosis_codes]
    wanted += [code for code in visit.diagnosis_codes if code not in wanted]
    if tuple(wanted) != encounter.diagnosis_codes:
        try:
            charges.set_diagnoses(uow, user, encounter_id, wanted)
        except RevcycleError as error:
            raise at(_diagnosis_where(visit, error.message), error) from error
    codes = uow.encounters.get(encounter_id).diagnosis_codes
    for line in visit.charges:
        _add_line(uow, user, visit, encounter_id, codes, line, sender)
        applied.lines += 1
    applied.patient_ids.append(patient_id)
    applied.encounter_ids.append(encounter_id)
    return encounter_id


def _diagnosis_where(visit: VisitIntake, message: str) -> str:
    for code in visit.diagnosis_codes:
        if code in message or code.replace(".", "") in message:
            return where(visit, f"dx:{code}", where(visit, "diagnosis_codes"))
    return where(visit, "diagnosis_codes")


def _visit_encounter(uow: UnitOfWork, user: User, visit: VisitIntake, patient_id: int) -> int:
    key = f"{visit.visit_number}|{visit.date_of_service.isoformat()}"
    if visit.visit_number:
        found = uow.external_identifiers.visit_for(visit.patient.assigner, key)
        if found is not None:
            return found
    encounter = patients.record_encounter(uow, user, _new_encounter(uow, visit, patient_id))
    if visit.visit_number and not uow.external_identifiers.claim(
        "visit", visit.patient.assigner, key, patient_id, uow.clock.now(), encounter.id
    ):
        raise Raced(
            ErrorCode.CONFLICT,
            f"{where(visit, 'visit_number')}: recorded by another message at the same time",
        )
    return encounter.id or 0


def _new_encounter(uow: UnitOfWork, visit: VisitIntake, patient_id: int) -> Encounter:
    billing = _billing(uow, visit)
    rendering = _rendering(uow, visit)
    facility = None
    if visit.facility_name:
        facility = uow.practice.facility_by_name(visit.facility_name)
        if facility is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"{where(visit, 'facility')}: no facility named "
                                f"{visit.facility_name!r} in the practice; add it or map the location")  # fmt: skip
    place = visit.place_of_service or (facility.place_of_service if facility else "11")
    coverage = _primary_in_force(uow, patient_id, visit.date_of_service)
    with located(where(visit, "place_of_service")):
        return Encounter(patient_id, visit.date_of_service, place, billing, rendering, (), (),
                         facility.id if facility else None, coverage)  # fmt: skip


def _billing(uow: UnitOfWork, visit: VisitIntake) -> int:
    if not visit.billing_npi:
        return billing_provider_id(uow)
    found = uow.practice.billing_provider_by_npi(visit.billing_npi)
    if found is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{where(visit, 'billing_npi')}: no billing provider with NPI "
                            f"{visit.billing_npi}")  # fmt: skip
    return found.id or 0


def _rendering(uow: UnitOfWork, visit: VisitIntake) -> int:
    if visit.rendering_npi:
        found = uow.practice.rendering_provider_by_npi(visit.rendering_npi)
        if found is None or not found.active:
            state = "no" if found is None else "no active"
            raise RevcycleError(ErrorCode.NOT_FOUND, f"{where(visit, 'rendering_npi')}: {state} rendering provider "
                                f"with NPI {visit.rendering_npi}; add the provider or map the sender's id")  # fmt: skip
        return found.id or 0
    active = [p for p in uow.practice.rendering_providers() if p.active]
    if len(active) != 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where(visit, 'rendering_npi', 'FT1-20')}: who performed the "
                            "service is required (the practice has more than one rendering provider)")  # fmt: skip
    return active[0].id or 0


def _primary_in_force(uow: UnitOfWork, patient_id: int, on: date) -> int | None:
    in_force = [c for c in uow.coverages.for_patient(patient_id) if c.merged_into_id is None and c.covers(on)]
    return min(in_force, key=lambda c: c.order).id if in_force else None


_FIELD_WORDS = (("modifier", "modifiers"), ("pointer", "diagnosis_codes"), ("diagnos", "diagnosis_codes"),
                ("unit", "units"), ("fee", "charge"))  # fmt: skip


def _add_line(uow: UnitOfWork, user: User, visit: VisitIntake, encounter_id: int, codes: tuple[str, ...],
              line: ChargeIntake, sender: str) -> None:  # fmt: skip
    pointers = tuple(codes.index(code) + 1 for code in line.diagnosis_codes if code in codes) or (1,)
    entry = ChargeEntry(line.procedure_code, line.modifiers, line.units, pointers[:4],
                        *_fee(uow, user, visit, line, sender))  # fmt: skip
    try:
        charges.add_charge(uow, user, encounter_id, entry)
    except RevcycleError as error:
        text = error.message.removeprefix(f"{line.procedure_code}: ")
        name = next((name for word, name in _FIELD_WORDS if word in text.lower()), "procedure")
        raise at(where(line, name, where(line, "procedure")), RevcycleError(error.code, text)) from error


def _fee(
    uow: UnitOfWork, user: User, visit: VisitIntake, line: ChargeIntake, sender: str
) -> tuple[int | None, str]:
    """The unit fee to enter and its reason: None (the fee schedule's) unless the visit is priced as sent or the
    schedule has no fee for the code on the date, then the sent charge per unit."""
    if line.charge_cents is None:
        return None, ""
    if visit.prices != "sent":
        try:
            scheduled = fee_schedules.fee_for(
                uow, user, line.procedure_code, line.modifiers, visit.date_of_service
            )
        except RevcycleError as error:
            if error.code is not ErrorCode.NOT_FOUND:
                raise
            scheduled = None
        if scheduled is not None:
            return None, ""
    if line.charge_cents % max(line.units, 1):
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"{where(line, 'charge')}: the charge sent does not divide "
                            f"into {line.units} equal units")  # fmt: skip
    return line.charge_cents // max(line.units, 1), f"charged by {sender[:60]}"


# --- merges --------------------------------------------------------------------------------------------


def apply_merge(uow: UnitOfWork, user: User, merge: MergeIntake, applied: Applied) -> None:
    survivor = known_patient(uow, merge.survivor)
    duplicate = known_patient(uow, merge.duplicate)
    if survivor != duplicate:  # merged already (a re-sent A40 under a new control id): nothing to do
        with located(merge.duplicate.at):
            front_desk.merge_patients(uow, user, survivor, duplicate)
        applied.merged += 1
    applied.patient_ids.append(survivor)
