"""Request bodies (pydantic: malformed input is a 422 naming its field) and their domain objects.

Responses are the domain dataclasses made JSON by `to_json` (dates ISO, enums by value, money in
integer cents as everywhere else).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field, model_validator

from revcycle.api.input_bounds import date_problem, query_problem
from revcycle.claims import FeeSchedule, FeeScheduleEntry
from revcycle.claims.corrections import ClaimChanges, LineEdit, NewLine
from revcycle.coding.workflow import Action
from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.practice.organization import Address
from revcycle.practice.patients import Coverage, Guarantor, Patient, Person
from revcycle.services.coding import CoderDecision
from revcycle.statements import StatementSettings


def to_json(value: Any) -> Any:
    return jsonable_encoder(value)


class Strict(BaseModel):
    """Every request body: no unknown fields, and each value within bounds (`input_bounds`): strings without
    NUL, dates between 1900 and 2199, ids within 32 bits and other whole numbers within 64 (a 422, not a 500)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _within_bounds(self) -> Strict:
        for name, value in self:
            for item in value if isinstance(value, list | tuple) else (value,):
                if (problem := _bound_problem(name, item)) is not None:
                    raise ValueError(f"{name}: expected {problem}")
        return self


def _bound_problem(name: str, value: Any) -> str | None:
    if isinstance(value, str):
        return "a text without NUL characters" if "\x00" in value else None
    if isinstance(value, date):
        return date_problem(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return query_problem(name, str(value))
    return None


class Credentials(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class UnlockIn(Strict):
    username: str | None = Field(default=None, min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9._-]+$")
    address: str | None = Field(default=None, min_length=2, max_length=64, pattern=r"^[0-9A-Fa-f.:]+$")


class AddressIn(Strict):
    line1: str = Field(min_length=1, max_length=55)
    city: str = Field(min_length=1, max_length=30)
    state: str = Field(min_length=2, max_length=2)
    zip_code: str = Field(pattern=r"^\d{5}(\d{4})?$")
    line2: str = ""

    def domain(self) -> Address:
        return Address(self.line1, self.city, self.state, self.zip_code, self.line2)


class PersonIn(Strict):
    first_name: str = Field(min_length=1, max_length=35)
    last_name: str = Field(min_length=1, max_length=60)
    birth_date: date | None = None
    address: AddressIn | None = None

    def domain(self) -> Person:
        return Person(self.first_name, self.last_name, self.birth_date, self.address.domain() if self.address else None)


class PatientIn(Strict):
    first_name: str = Field(min_length=1, max_length=35)
    last_name: str = Field(min_length=1, max_length=60)
    birth_date: date
    sex: str = Field(pattern=r"^[FMU]$")
    address: AddressIn
    guarantor_relationship: str = "self"
    guarantor: PersonIn | None = None

    def domain(self) -> Patient:
        guarantor = Guarantor(self.guarantor_relationship, self.guarantor.domain() if self.guarantor else None)
        return Patient(self.first_name, self.last_name, self.birth_date, self.sex, self.address.domain(), guarantor)


class CoverageIn(Strict):
    payer_id: int = Field(gt=0)
    member_id: str = Field(min_length=1, max_length=80)
    order: int = Field(default=1, ge=1, le=3)
    effective_from: date
    effective_to: date | None = None
    relationship_to_subscriber: str = "self"
    subscriber: PersonIn | None = None
    group_number: str = ""
    plan_id: int | None = Field(default=None, gt=0)

    def domain(self, patient_id: int) -> Coverage:
        return Coverage(patient_id, self.payer_id, self.member_id, self.order, self.effective_from,
                        self.effective_to, self.relationship_to_subscriber,
                        self.subscriber.domain() if self.subscriber else None, self.group_number, self.plan_id)


class ServiceLineIn(Strict):
    line_number: int = Field(ge=1, le=50)
    procedure_code: str = Field(min_length=5, max_length=5)
    charge_cents: int = Field(ge=0)
    units: int = Field(default=1, ge=1)
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    diagnosis_pointers: list[int] = Field(default_factory=lambda: [1], max_length=4)

    def domain(self) -> ServiceLine:
        return ServiceLine(self.line_number, self.procedure_code, self.charge_cents, self.units,
                           tuple(self.modifiers), tuple(self.diagnosis_pointers))


class EncounterIn(Strict):
    date_of_service: date
    place_of_service: str = Field(pattern=r"^\d{2}$")
    billing_provider_id: int = Field(gt=0)
    rendering_provider_id: int = Field(gt=0)
    diagnosis_codes: list[str] = Field(default_factory=list, max_length=12)
    lines: list[ServiceLineIn] = Field(default_factory=list)
    facility_id: int | None = Field(default=None, gt=0)
    coverage_id: int | None = Field(default=None, gt=0)
    note_text: str = Field(default="", max_length=100_000)

    def domain(self, patient_id: int) -> Encounter:
        return Encounter(patient_id, self.date_of_service, self.place_of_service, self.billing_provider_id,
                         self.rendering_provider_id, tuple(self.diagnosis_codes),
                         tuple(line.domain() for line in self.lines), self.facility_id, self.coverage_id,
                         self.note_text)


class SuggestIn(Strict):
    setting: str = Field(default="outpatient", pattern=r"^(outpatient|inpatient)$")


class CheckIn(Strict):
    codes: list[str] = Field(min_length=1, max_length=50)
    date_of_service: date
    age: int | None = Field(default=None, ge=0, le=130)
    sex: str | None = Field(default=None, pattern=r"^[FM]$")


class ScrubIn(Strict):
    claim_ids: list[int] | None = None


class Export837In(Strict):
    submitter_name: str = Field(min_length=1, max_length=60)
    submitter_id: str = Field(min_length=2, max_length=80)
    contact_name: str = Field(min_length=1, max_length=60)
    contact_phone: str = Field(pattern=r"^\d{10}$")
    receiver_name: str = Field(min_length=1, max_length=60)
    receiver_id: str = Field(min_length=2, max_length=80)
    interchange_control: int | None = Field(default=None, ge=1, le=999_999_999)


class PatientPaymentIn(Strict):
    idempotency_key: str = Field(min_length=1, max_length=200)
    amount_cents: int = Field(gt=0)
    unapplied_cents: int = Field(default=0, ge=0)
    claim_id: int | None = Field(default=None, gt=0)
    service_line_id: int | None = Field(default=None, gt=0)
    on: date | None = None


class UserIn(Strict):
    username: str = Field(min_length=2, max_length=64)
    role: str
    password: str = Field(min_length=1, max_length=200)


class DecisionIn(Strict):
    """One coder decision: accept / reject / edit name a `suggested_code`; edit and add give `final_code`."""

    action: Action
    suggested_code: str | None = Field(default=None, min_length=1, max_length=10)
    final_code: str | None = Field(default=None, min_length=1, max_length=10)
    reason: str = Field(default="", max_length=500)
    system: str | None = Field(default=None, pattern=r"^(icd10cm|cpt|hcpcs)$")

    def domain(self) -> CoderDecision:
        return CoderDecision(self.action, self.suggested_code, self.final_code, self.reason, self.system)


class FeeIn(Strict):
    procedure_code: str = Field(min_length=5, max_length=5)
    unit_charge_cents: int = Field(ge=0)
    effective_from: date = date(2000, 1, 1)


class FinalizeIn(Strict):
    force: bool = False
    fees: list[FeeIn] = Field(default_factory=list, max_length=500)

    def fee_schedule(self) -> FeeSchedule | None:
        entries = [FeeScheduleEntry(fee.procedure_code, fee.unit_charge_cents, fee.effective_from) for fee in self.fees]
        return FeeSchedule(entries) if entries else None


class SubmitBatchIn(Strict):
    submitter_name: str = Field(default="SPRINGFIELD FAMILY MEDICINE", min_length=1, max_length=60)
    contact_name: str = Field(default="BILLING OFFICE", min_length=1, max_length=60)
    contact_phone: str = Field(default="2175550100", pattern=r"^\d{10}$")


class ResolveIn(Strict):
    note: str = Field(min_length=1, max_length=400)


class EligibilityIn(Strict):
    on: date | None = None
    encounter_id: int | None = Field(default=None, gt=0)


class EligibilityDayIn(Strict):
    on: date


class ClaimStatusIn(Strict):
    stale_days: int | None = Field(default=None, ge=0, le=3650)


class StatementRunIn(Strict):
    on: date | None = None
    minimum_balance_cents: int = Field(default=500, ge=0)
    cycle_days: int = Field(default=30, ge=1, le=366)
    due_in_days: int = Field(default=21, ge=1, le=366)
    billing_phone: str = Field(default="", max_length=20)

    def settings(self) -> StatementSettings:
        return StatementSettings(self.minimum_balance_cents, self.cycle_days, self.due_in_days, self.billing_phone)


class AppealIn(Strict):
    note: str = Field(default="", max_length=4000)


class AppealSentIn(Strict):
    on: date | None = None


class AppealOutcomeIn(Strict):
    outcome: str = Field(pattern=r"^(won|partially_won|upheld|withdrawn)$")
    recovered_cents: int | None = Field(default=None, ge=0)
    on: date | None = None


class LineEditIn(Strict):
    line_number: int = Field(ge=1, le=50)
    procedure_code: str | None = Field(default=None, min_length=5, max_length=5)
    modifiers: list[str] | None = Field(default=None, max_length=4)
    units: int | None = Field(default=None, ge=1)
    charge_cents: int | None = Field(default=None, ge=0)
    diagnosis_pointers: list[int] | None = Field(default=None, max_length=4)

    def domain(self) -> LineEdit:
        return LineEdit(self.line_number, self.procedure_code, _tuple(self.modifiers), self.units,
                        self.charge_cents, _tuple(self.diagnosis_pointers))  # fmt: skip


class NewLineIn(Strict):
    procedure_code: str = Field(min_length=5, max_length=5)
    charge_cents: int = Field(ge=0)
    units: int = Field(default=1, ge=1)
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    diagnosis_pointers: list[int] = Field(default_factory=lambda: [1], min_length=1, max_length=4)
    service_date: date | None = None

    def domain(self) -> NewLine:
        return NewLine(self.procedure_code, self.charge_cents, self.units, tuple(self.modifiers),
                       tuple(self.diagnosis_pointers), self.service_date)  # fmt: skip


class CorrectionIn(Strict):
    """What changes on the corrected claim; `recode`: take the encounter's latest coding decisions."""

    diagnoses: list[str] | None = Field(default=None, min_length=1, max_length=12)
    line_edits: list[LineEditIn] = Field(default_factory=list, max_length=50)
    removed_lines: list[int] = Field(default_factory=list, max_length=50)
    added_lines: list[NewLineIn] = Field(default_factory=list, max_length=50)
    recode: bool = False

    def domain(self) -> ClaimChanges:
        return ClaimChanges(_tuple(self.diagnoses), tuple(e.domain() for e in self.line_edits),
                            tuple(self.removed_lines), tuple(n.domain() for n in self.added_lines), self.recode)  # fmt: skip


class VoidIn(Strict):
    reason: str = Field(min_length=1, max_length=200)


def _tuple(values: list[Any] | None) -> tuple[Any, ...] | None:
    return None if values is None else tuple(values)


class PlanIn(Strict):
    """A plan on the patient's balance (or `total_cents` of it): by `installments` or `installment_cents`."""

    installments: int | None = Field(default=None, ge=1, le=120)
    installment_cents: int | None = Field(default=None, gt=0)
    first_due: date | None = None
    frequency: str = Field(default="monthly", pattern=r"^(weekly|biweekly|monthly)$")
    total_cents: int | None = Field(default=None, gt=0)


class PlanPaymentIn(Strict):
    amount_cents: int = Field(gt=0)
    on: date | None = None
    method: str = Field(default="cash", pattern=r"^(cash|check|card|ach)$")
    reference: str = Field(default="", max_length=80)


class OnDayIn(Strict):
    on: date | None = None


class FindUnderpaymentsIn(Strict):
    remittance_id: int | None = Field(default=None, gt=0)
    tolerance_cents: int = Field(default=100, ge=0)
    tolerance_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)


class ResolveUnderpaymentIn(Strict):
    outcome: str = Field(pattern=r"^(appealed|accepted)$")
    note: str = Field(min_length=1, max_length=400)
