"""The front desk's use cases: find a patient, see one (page data), merge a duplicate, check a visit in,
check a coverage's eligibility with the benefits in plain words.

    found, total = find_patients(uow, user, PatientQuery.from_text("nunez, ma"), page_of(50, 0))
    merge_patients(uow, user, survivor_id=12, duplicate_id=31)
    visit = check_in(uow, user, CheckInRequest(key="web:1f2e...", patient_id=12, ...))

Merging: one transaction under locks on both patients. The duplicate's coverages move to the survivor
(or, when the survivor has the same policy, stay linked to it), its encounters and eligibility answers
move; its claims and ledger lines, which are immutable, stay on the duplicate, and the survivor's
account (`account_balance`) sums the survivor and every record merged into it, so no balance changes.
The duplicate is kept, marked merged into the survivor; both are audited.

Check-in: the visit (an encounter with no diagnoses or charges yet) and the copay collected, posted as
a patient payment kept as the patient's credit (`services.ledger.post_patient_payment`) until the
visit's charges post. The request's key makes it happen once: the same key again returns the first
check-in (the `check_ins` unique key holds it even for two at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.balances import Receivable
from revcycle.ledger.postings import ChargeRef
from revcycle.payer.benefit_words import office_copay_cents, plain_benefits
from revcycle.practice.coverage_rules import merge_coverages
from revcycle.practice.encounters import Encounter
from revcycle.practice.patient_search import PatientQuery, is_account_number
from revcycle.practice.patients import Coverage, Patient
from revcycle.practice.users import Permission, User
from revcycle.services import audit, eligibility, ledger
from revcycle.services.patients import record_encounter, require_patient, require_unmerged
from revcycle.store.repositories.front_desk import CheckInRecord, Choice
from revcycle.store.repositories.listing import Page
from revcycle.store.uow import UnitOfWork

COPAY_METHODS = ("cash", "check", "card")


def find_patients(uow: UnitOfWork, user: User, query: PatientQuery, page: Page) -> tuple[list[Patient], int]:
    """One page of the patients matching the query, in its order; each shown is audited (READ, `list`)."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        ids, total = uow.front_desk.search(query, page)
        by_id = uow.patients.get_many(ids)
        audit.record_many(
            uow, user, audit.Action.READ, "patient", [(patient_id, "list") for patient_id in ids]
        )
        return [by_id[patient_id] for patient_id in ids], total


def resolve_patient(uow: UnitOfWork, user: User, reference: str) -> Patient:
    """The patient named by an account number (8 digits with its check digit) or an id (audited READ);
    NOT_FOUND otherwise."""
    cleaned = reference.strip()
    if is_account_number(cleaned):
        found, _total = find_patients(
            uow, user, PatientQuery(account_number=cleaned, include_merged=True), Page(1, 0)
        )
        if found:
            return found[0]
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no patient has account number {cleaned}")
    if len(cleaned) == 8 and cleaned.isdecimal():
        raise RevcycleError(
            ErrorCode.VALIDATION, f"account number {cleaned}: its check digit does not match; retype it"
        )
    if not cleaned.isdecimal():
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{cleaned!r}: an account number (8 digits) or a patient id"
        )
    with uow:
        user.require(Permission.READ_PATIENTS)
        patient = uow.patients.get(int(cleaned))
        audit.record(uow, user, audit.Action.READ, "patient", patient.id or 0, "look-up")
        return patient


@dataclass(frozen=True, slots=True)
class PatientOverview:
    """What the front desk's patient page shows."""

    patient: Patient
    coverages: list[Coverage]
    payer_names: dict[int, str]
    balance: Receivable
    merged_records: list[Patient]
    survivor: Patient | None
    check_ins: list[CheckInRecord]
    guarantor_name: str = ""


def patient_overview(uow: UnitOfWork, user: User, patient_id: int) -> PatientOverview:
    """The patient, coverages (with payer names), the account balance (with merged records), merged records,
    recent check-ins; one READ audit row for the patient."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        patient = uow.patients.get(patient_id)
        coverages = uow.coverages.for_patient(patient_id)
        merged = list(uow.patients.get_many(uow.patients.merged_into(patient_id)).values())
        family = [patient_id, *(p.id or 0 for p in merged)]
        names = {c.id: c.name for c in uow.front_desk.payers()}
        survivor = uow.patients.get(patient.merged_into_id) if patient.merged_into_id else None
        overview = PatientOverview(
            patient, coverages, {c.payer_id: names.get(c.payer_id, "") for c in coverages},
            _family_balance(uow, family) if user.can(Permission.READ_LEDGER) else Receivable(),
            merged, survivor, uow.front_desk.check_ins_of(family), _guarantor_name(patient),
        )  # fmt: skip
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "front desk")
        return overview


def _guarantor_name(patient: Patient) -> str:
    person = patient.guarantor.person
    return f"{person.last_name}, {person.first_name}" if person else ""


def _family_balance(uow: UnitOfWork, patient_ids: list[int]) -> Receivable:
    sums = [uow.journal.receivable(patient_id=patient_id) for patient_id in patient_ids]
    return Receivable(
        sum(s.insurance_cents for s in sums),
        sum(s.patient_cents for s in sums),
        sum(s.unapplied_cents for s in sums),
    )


def account_balance(uow: UnitOfWork, user: User, patient_id: int) -> Receivable:
    """What is owed on the patient's account: the patient's own and every record merged into it."""
    with uow:
        user.require(Permission.READ_LEDGER)
        require_patient(uow, patient_id)
        family = [patient_id, *uow.patients.merged_into(patient_id)]
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "account balance")
        return _family_balance(uow, family)


@dataclass(frozen=True, slots=True)
class MergeResult:
    survivor: Patient
    duplicate: Patient
    coverages_moved: int
    coverages_linked: int
    encounters_moved: int


def merge_patients(uow: UnitOfWork, user: User, survivor_id: int, duplicate_id: int) -> MergeResult:
    """Merge the duplicate into the survivor, whole or not at all (CONFLICT, nothing changed, when their
    coverages would clash in order; VALIDATION for a record merged already or merged into itself)."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        if survivor_id == duplicate_id:
            raise RevcycleError(ErrorCode.VALIDATION, "a record cannot be merged into itself")
        uow.patients.lock([survivor_id, duplicate_id])
        survivor = require_unmerged(uow, survivor_id)
        require_unmerged(uow, duplicate_id)
        plan = merge_coverages(
            uow.coverages.for_patient(survivor_id), uow.coverages.for_patient(duplicate_id)
        )
        moved = uow.front_desk.repoint_for_merge(duplicate_id, survivor_id, plan.moved, plan.linked)
        uow.patients.mark_merged(duplicate_id, survivor_id, uow.clock.now())
        counts = f"coverages moved={len(plan.moved)} linked={len(plan.linked)} encounters={moved}"
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "patient",
            survivor_id,
            f"merge absorbed patient={duplicate_id} {counts}",
        )
        audit.record(
            uow, user, audit.Action.CHANGE, "patient", duplicate_id, f"merged into patient={survivor_id}"
        )
        return MergeResult(survivor, uow.patients.get(duplicate_id), len(plan.moved), len(plan.linked), moved)


@dataclass(frozen=True, slots=True)
class CheckInRequest:
    """A visit checked in: who sees the patient where and when, and the copay collected (cents, 0 = none)."""

    key: str
    patient_id: int
    date_of_service: date
    rendering_provider_id: int
    place_of_service: str
    facility_id: int | None = None
    coverage_id: int | None = None
    billing_provider_id: int | None = None
    copay_cents: int = 0
    copay_method: str = "cash"
    copay_reference: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class CheckIn:
    record: CheckInRecord
    encounter: Encounter
    replayed: bool


def check_in(uow: UnitOfWork, user: User, request: CheckInRequest) -> CheckIn:
    """Create the visit and post the copay, once per key (a replay returns the first check-in)."""
    _check_request(request)
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        if request.copay_cents:
            user.require(Permission.POST_LEDGER)
        uow.patients.lock([request.patient_id])  # a second check-in with this key waits here, then replays
        if (done := uow.front_desk.check_in_by_key(request.key)) is not None:
            return _replayed(uow, user, request, done)
        require_patient(uow, request.patient_id)
        require_unmerged(uow, request.patient_id)
        coverage_id = request.coverage_id or _primary_in_force(
            uow, request.patient_id, request.date_of_service
        )
        billing = request.billing_provider_id or eligibility.billing_provider_id(uow)
        encounter = record_encounter(uow, user, Encounter(
            request.patient_id, request.date_of_service, request.place_of_service, billing,
            request.rendering_provider_id, (), (), request.facility_id, coverage_id,
        ))  # fmt: skip
        entry_id = _post_copay(uow, user, request) if request.copay_cents else None
        record = uow.front_desk.add_check_in({
            "idempotency_key": request.key, "encounter_id": encounter.id, "patient_id": request.patient_id,
            "date_of_service": request.date_of_service, "copay_cents": request.copay_cents,
            "copay_method": request.copay_method if request.copay_cents else "",
            "copay_reference": request.copay_reference if request.copay_cents else "",
            "journal_entry_id": entry_id, "checked_in_at": uow.clock.now(), "user_id": user.id,
        })  # fmt: skip
        audit.record(uow, user, audit.Action.CREATE, "check_in", record.id,
                     f"patient={request.patient_id} encounter={encounter.id} copay={request.copay_cents}")  # fmt: skip
        return CheckIn(record, encounter, replayed=False)


def _check_request(request: CheckInRequest) -> None:
    if not 1 <= len(request.key) <= 120:
        raise RevcycleError(ErrorCode.VALIDATION, "a check-in needs a key of 1 to 120 characters")
    if (
        isinstance(request.copay_cents, bool)
        or not isinstance(request.copay_cents, int)
        or request.copay_cents < 0
    ):
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, "the copay is zero or positive integer cents")
    if request.copay_cents and request.copay_method not in COPAY_METHODS:
        raise RevcycleError(ErrorCode.VALIDATION, f"copay method: one of {', '.join(COPAY_METHODS)}")
    if request.copay_cents and request.copay_method == "check" and not request.copay_reference.strip():
        raise RevcycleError(ErrorCode.VALIDATION, "a copay paid by check needs the check number")


def _replayed(uow: UnitOfWork, user: User, request: CheckInRequest, done: CheckInRecord) -> CheckIn:
    if (done.patient_id, done.date_of_service, done.copay_cents) != (
        request.patient_id, request.date_of_service, request.copay_cents,
    ):  # fmt: skip
        raise RevcycleError(ErrorCode.IDEMPOTENCY_CONFLICT, "this check-in key was used for another visit")
    encounter = uow.encounters.get(done.encounter_id)
    audit.record(
        uow,
        user,
        audit.Action.READ,
        "encounter",
        done.encounter_id,
        f"patient={done.patient_id} check-in replay",
    )
    return CheckIn(done, encounter, replayed=True)


def _primary_in_force(uow: UnitOfWork, patient_id: int, on: date) -> int | None:
    in_force = [c for c in uow.coverages.for_patient(patient_id) if c.merged_into_id is None and c.covers(on)]
    return min(in_force, key=lambda c: c.order).id if in_force else None


def _post_copay(uow: UnitOfWork, user: User, request: CheckInRequest) -> int:
    """The copay as a patient payment held as the patient's credit (applied when the visit's charges post),
    and its receipt (method, reference), so the day's deposit reconciliation counts it."""
    posted = ledger.post_patient_payment(
        uow, user, f"check-in:{request.key}:copay", ChargeRef(request.patient_id), request.copay_cents,
        unapplied_cents=request.copay_cents, on=request.date_of_service,
    )  # fmt: skip
    uow.posting.add_receipt(posted.id, request.patient_id, request.copay_method, request.copay_reference,
                            request.copay_cents, uow.clock.today())  # fmt: skip
    return posted.id


@dataclass(frozen=True, slots=True)
class CoverageEligibility:
    """An eligibility answer for one coverage, with its benefits in plain words."""

    check: eligibility.EligibilityCheck
    coverage_id: int
    payer_name: str
    words: list[tuple[str, str]]
    office_copay_cents: int | None


def check_coverage(uow: UnitOfWork, user: User, desk: PayerDesk, settings: EnvelopeSettings, patient_id: int,
                   on: date, coverage_id: int | None = None) -> CoverageEligibility:  # fmt: skip
    """Ask the payer (270/271) about the coverage (default: the primary in force on `on`); stored and audited
    as `services.eligibility.check_eligibility` does."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_unmerged(uow, patient_id)
        chosen = coverage_id or _primary_in_force(uow, patient_id, on)
        if chosen is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no coverage in force on {on.isoformat()} to ask about")
        payer_name = uow.practice.payer(uow.coverages.get(chosen).payer_id).name
    found = eligibility.check_eligibility(uow, user, desk, settings, patient_id, on, coverage_id=chosen)
    benefits = found.benefits
    return CoverageEligibility(
        found, chosen, payer_name, plain_benefits(benefits), office_copay_cents(benefits)
    )


@dataclass(frozen=True, slots=True)
class FormChoices:
    rendering_providers: list[Choice]
    facilities: list[Choice]
    payers: list[Choice]


def form_choices(uow: UnitOfWork, user: User) -> FormChoices:
    """The providers, facilities and payers the front desk's forms offer, by name."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        desk = uow.front_desk
        return FormChoices(desk.rendering_providers(), desk.facilities(), desk.payers())
