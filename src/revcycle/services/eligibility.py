"""Eligibility use cases: ask the payer (270/271) about a patient's coverage on a date of service.

    check = check_eligibility(uow, user, desk, settings, patient_id=7, on=date(2026, 3, 2))
    checks, skipped = check_encounters_on(uow, user, desk, settings, day)   # tomorrow's schedule

The coverage asked about is the patient's primary coverage in force on the date (the encounter's
coverage when checking an encounter). The patient is the subscriber (2000C) or, when the coverage
says so, a dependent of its subscriber (2000D). Each answer is stored (`eligibility_checks`) with
the encounter of that date, audited (ids only), and read by the scrubber before submission.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.edi.eligibility_270 import STANDARD_SERVICE_TYPES, InquiryParties, write_270
from revcycle.edi.eligibility_271 import read_271
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.eligibility import Benefits, EligibilityQuestion
from revcycle.practice.patients import Coverage, Patient, Relationship
from revcycle.practice.users import Permission, User
from revcycle.scrub.context import CoverageCheck
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class EligibilityCheck:
    check_id: int
    patient_id: int
    encounter_id: int | None
    benefits: Benefits


def check_eligibility(uow: UnitOfWork, user: User, desk: PayerDesk, settings: EnvelopeSettings, patient_id: int,
                      on: date, encounter_id: int | None = None,
                      coverage_id: int | None = None) -> EligibilityCheck:  # fmt: skip
    """Ask about the patient's coverage on `on`: `coverage_id` (the front desk's choice, e.g. the secondary),
    else the encounter's, else the primary in force."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        patient = uow.patients.get(patient_id)
        followup = uow.followup
        if encounter_id is not None and uow.encounters.get(encounter_id).patient_id != patient_id:
            raise RevcycleError(ErrorCode.VALIDATION, f"encounter {encounter_id} is not patient {patient_id}'s")
        encounter_id = encounter_id or followup.encounter_on(patient_id, on)
        coverage = _chosen(uow, patient_id, coverage_id) if coverage_id else _coverage(uow, patient_id, on, encounter_id)
        payer = uow.practice.payer(coverage.payer_id)
        provider = uow.practice.billing_provider(billing_provider_id(uow, encounter_id))
        number = uow.remittances.next_interchange_number(settings.name)
        question = question_for(patient, coverage, on, trace=f"{patient_id}-{number}")
        parties = InquiryParties(payer.name, payer.payer_code, provider.name, provider.npi)
        answers, problems = read_271(desk.ask(write_270([question], parties, settings, number, uow.clock.now())))
        if not answers:
            raise RevcycleError(ErrorCode.X12_SYNTAX, "the payer's 271 answered no member: " + "; ".join(problems[:3]))
        benefits = next((b for b in answers if b.trace == question.trace), answers[0])
        check_id = followup.add_eligibility_check(_row(benefits, question, patient_id, coverage, encounter_id, uow, user))
        audit.record(uow, user, audit.Action.CREATE, "eligibility_check", check_id,
                     f"patient={patient_id} encounter={encounter_id} active={benefits.active}")  # fmt: skip
        return EligibilityCheck(check_id, patient_id, encounter_id, benefits)


def check_encounters_on(uow: UnitOfWork, user: User, desk: PayerDesk, settings: EnvelopeSettings,
                        day: date) -> tuple[list[EligibilityCheck], list[tuple[int, str]]]:  # fmt: skip
    """Check every encounter on `day`; (checks, [(encounter id, why it was not checked)])."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        scheduled = uow.followup.encounters_on(day)
    checks: list[EligibilityCheck] = []
    skipped: list[tuple[int, str]] = []
    for encounter_id, patient_id in scheduled:
        try:
            checks.append(check_eligibility(uow, user, desk, settings, patient_id, day, encounter_id))
        except RevcycleError as error:
            skipped.append((encounter_id, error.message))
    return checks, skipped


def _chosen(uow: UnitOfWork, patient_id: int, coverage_id: int) -> Coverage:
    coverage = uow.coverages.get(coverage_id)
    if coverage.patient_id != patient_id:
        raise RevcycleError(ErrorCode.VALIDATION, f"coverage {coverage_id} is not patient {patient_id}'s")
    return coverage


def _coverage(uow: UnitOfWork, patient_id: int, on: date, encounter_id: int | None) -> Coverage:
    if encounter_id is not None:
        encounter = uow.encounters.get(encounter_id)
        if encounter.coverage_id is not None:
            return uow.coverages.get(encounter.coverage_id)
    in_force = sorted(
        (c for c in uow.coverages.for_patient(patient_id) if c.effective_from <= on and (c.effective_to is None or on <= c.effective_to)),
        key=lambda c: c.order,
    )  # fmt: skip
    if not in_force:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"patient {patient_id} has no coverage in force on {on}")
    return in_force[0]


def billing_provider_id(uow: UnitOfWork, encounter_id: int | None = None) -> int:
    """The encounter's billing provider, else the practice's first (the 270/276 information receiver)."""
    if encounter_id is not None:
        return uow.encounters.get(encounter_id).billing_provider_id
    found = uow.followup.first_billing_provider_id()
    if found is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, "no billing provider on file to ask the payer as")
    return found


def question_for(patient: Patient, coverage: Coverage, on: date, trace: str = "") -> EligibilityQuestion:
    """The patient as the subscriber, or as a dependent of the coverage's subscriber."""
    types = STANDARD_SERVICE_TYPES
    if coverage.relationship_to_subscriber is Relationship.SELF or coverage.subscriber is None:
        return EligibilityQuestion(coverage.member_id, patient.last_name, patient.first_name, on,
                                   patient.birth_date, types, trace=trace)  # fmt: skip
    subscriber = coverage.subscriber
    return EligibilityQuestion(coverage.member_id, subscriber.last_name, subscriber.first_name, on,
                               subscriber.birth_date, types, patient.last_name, patient.first_name,
                               patient.birth_date, trace)  # fmt: skip


def _row(benefits: Benefits, question: EligibilityQuestion, patient_id: int, coverage: Coverage,
         encounter_id: int | None, uow: UnitOfWork, user: User) -> dict:  # fmt: skip
    asked_last = question.dependent_last_name if question.about_dependent else question.last_name
    asked_first = question.dependent_first_name if question.about_dependent else question.first_name
    renamed = (benefits.last_name.upper(), benefits.first_name.upper()) != (asked_last.upper(), asked_first.upper())
    new_id = benefits.member_id if benefits.member_id and benefits.member_id != question.member_id else ""
    return {
        "patient_id": patient_id, "coverage_id": coverage.id, "encounter_id": encounter_id,
        "date_of_service": question.date_of_service, "active": benefits.active, "plan_name": benefits.plan_name[:80],
        "rejections": "; ".join(words for _code, words in benefits.rejections)[:500],
        "member_id_changed_to": new_id if not benefits.dependent else "",
        "name_changed_to": f"{benefits.last_name}, {benefits.first_name}"[:120] if renamed and benefits.identity_changed else "",
        "benefits": benefits_json(benefits), "checked_at": uow.clock.now(), "user_id": user.id,
    }  # fmt: skip


def coverage_checks(uow: UnitOfWork, encounter_ids: list[int]) -> dict[int, CoverageCheck]:
    """What the scrubber needs: each encounter's latest eligibility answer (inside the caller's transaction)."""
    rows = uow.followup.latest_eligibility(encounter_ids)
    return {
        encounter_id: CoverageCheck(row.active, row.date_of_service, _day(row.checked_at), row.plan_name, row.rejections)
        for encounter_id, row in rows.items()
    }  # fmt: skip


def _day(moment: datetime) -> date:
    return moment.date()


def benefits_json(benefits: Benefits) -> str:
    def plain(value: object) -> object:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(type(value).__name__)

    return json.dumps(asdict(benefits), default=plain, sort_keys=True)
