"""Charge entry (the superbill) and the coder queue, through `services.charges` and `services.views` (audited
there): an encounter's diagnoses and lines, a line's preview (its fee, what is wrong, the scrubber's findings),
the coder's diagnosis order and pointers, the queue a page at a time, and assigning encounters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from revcycle.api.auth import Requires, request_uow
from revcycle.api.input_bounds import DAYS_MAX
from revcycle.api.schemas import Strict
from revcycle.kernel.money import Money
from revcycle.practice.charges import DrugIdentification
from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.practice.users import Permission, User
from revcycle.services import charges, coding, views

router = APIRouter(prefix="/api", tags=["charges"])
Coder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]


class DrugIn(Strict):
    ndc: str = Field(
        min_length=10, max_length=13, description="11 digits, or the labeler's 4-4-2 / 5-3-2 / 5-4-1"
    )
    unit: str = Field(min_length=2, max_length=2, description="F2, GR, ME, ML or UN")
    quantity: Decimal = Field(gt=0)


class ChargeIn(Strict):
    procedure_code: str = Field(min_length=5, max_length=5)
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    units: int = Field(default=1, ge=1, le=9999)
    pointers: list[int] = Field(default_factory=lambda: [1], min_length=1, max_length=4)
    fee: Decimal | None = Field(
        default=None, gt=0, le=Decimal("9999999.99"), description="unit fee in dollars; omitted: the fee schedule's"
    )
    fee_reason: str = Field(default="", max_length=200)
    drug: DrugIn | None = None

    def domain(self) -> charges.ChargeEntry:
        drug = (
            DrugIdentification.parse(self.drug.ndc, self.drug.unit, self.drug.quantity) if self.drug else None
        )
        fee = Money.from_decimal(self.fee).cents if self.fee is not None else None
        return charges.ChargeEntry(self.procedure_code, tuple(self.modifiers), self.units, tuple(self.pointers), fee,
                                   self.fee_reason, drug)  # fmt: skip


class DiagnosesIn(Strict):
    codes: list[str] = Field(max_length=12)


class OrderIn(Strict):
    diagnoses: list[str] = Field(min_length=1, max_length=12)
    pointers: dict[int, list[int]] = Field(default_factory=dict, description="line number -> pointers (1-4)")


class AssignIn(Strict):
    encounter_ids: list[int] = Field(min_length=1, max_length=500)
    to: str | None = Field(default=None, max_length=64, description="a username; omitted: me")


def line_json(line: ServiceLine) -> dict[str, Any]:
    drug = line.drug
    return {"line_number": line.line_number, "procedure_code": line.procedure_code, "modifiers": list(line.modifiers),
            "units": line.units, "pointers": list(line.diagnosis_pointers), "charge": str(Money(line.charge_cents).to_decimal()),
            "fee_override_reason": line.fee_override_reason,
            "drug": {"ndc": drug.ndc, "unit": drug.unit, "quantity": str(drug.quantity)} if drug else None}  # fmt: skip


def _encounter_json(encounter: Encounter) -> dict[str, Any]:
    return {"encounter_id": encounter.id, "diagnoses": list(encounter.diagnosis_codes),
            "lines": [line_json(line) for line in encounter.lines]}  # fmt: skip


@router.get("/encounters/{encounter_id}/charges")
def superbill(request: Request, user: Coder, encounter_id: int) -> dict[str, Any]:
    """The encounter's diagnoses (titled on the date of service) and charge lines; `closed` says why they can no
    longer change (billed, or coded)."""
    bill = charges.superbill(request_uow(request), user, encounter_id)
    return {**_encounter_json(bill.encounter), "date_of_service": bill.encounter.date_of_service.isoformat(),
            "diagnoses": [{"pointer": d.pointer, "code": d.code, "title": d.title} for d in bill.diagnoses],
            "closed": bill.closed}  # fmt: skip


@router.put("/encounters/{encounter_id}/diagnoses")
def set_diagnoses(request: Request, user: Coder, encounter_id: int, body: DiagnosesIn) -> dict[str, Any]:
    """The encounter's diagnoses in order (each billable on the DOS); lines keep pointing at the same codes."""
    return _encounter_json(charges.set_diagnoses(request_uow(request), user, encounter_id, body.codes))


@router.post("/encounters/{encounter_id}/charges", status_code=201)
def add_charge(request: Request, user: Coder, encounter_id: int, body: ChargeIn) -> dict[str, Any]:
    """Add a line, priced by the Standard fee schedule; a different fee needs `fee_reason` (audited)."""
    return line_json(charges.add_charge(request_uow(request), user, encounter_id, body.domain()))


@router.post("/encounters/{encounter_id}/charges/preview")
def preview_charge(request: Request, user: Coder, encounter_id: int, body: ChargeIn) -> dict[str, Any]:
    """What the line would be (its fee, what is wrong with it) and the scrubber's findings on the claim with it;
    nothing is stored."""
    found = charges.preview_charge(request_uow(request), user, encounter_id, body.domain())
    fee = found.fee
    return {"addable": found.addable, "problems": list(found.problems),
            "fee": None if fee is None else {"unit": str(Money(fee.unit_cents).to_decimal()), "source": fee.source},
            "findings": [finding.to_dict() for finding in found.findings]}  # fmt: skip


@router.delete("/encounters/{encounter_id}/charges/{line_number}")
def remove_charge(request: Request, user: Coder, encounter_id: int, line_number: int) -> dict[str, Any]:
    return _encounter_json(charges.remove_charge(request_uow(request), user, encounter_id, line_number))


@router.put("/encounters/{encounter_id}/coding/order")
def set_order(request: Request, user: Coder, encounter_id: int, body: OrderIn) -> dict[str, Any]:
    """The final diagnoses in claim order and any coded line's pointers; finalizing keeps them."""
    pointers = {line: tuple(found) for line, found in body.pointers.items()}
    return _encounter_json(
        coding.set_coding_order(request_uow(request), user, encounter_id, body.diagnoses, pointers)
    )


@router.get("/coding/queue")
def coder_queue(request: Request, user: Coder, page: Annotated[int, Query(ge=1)] = 1,
                size: Annotated[int, Query(ge=1, le=200)] = 50, provider_id: int | None = None,
                payer_id: int | None = None, dos_from: date | None = None, dos_to: date | None = None,
                confidence_min: Annotated[int | None, Query(ge=0, le=1000)] = None,
                confidence_max: Annotated[int | None, Query(ge=0, le=1000)] = None,
                min_age_days: Annotated[int | None, Query(ge=0, le=DAYS_MAX)] = None,
                assigned: Annotated[str, Query(max_length=64)] = "", q: Annotated[str, Query(max_length=60)] = "",
                sort: Annotated[str, Query(max_length=12)] = "dos") -> dict[str, Any]:  # fmt: skip
    """Encounters waiting to be coded, a page at a time: filters (confidence per mille; `assigned` a username
    or `none`; `q` an encounter number or a last name's start) and `sort` (dos, -dos, confidence, -confidence,
    patient, provider, payer, age, -age)."""
    query = views.QueueQuery(provider_id, payer_id, dos_from, dos_to, confidence_min, confidence_max, min_age_days,
                             assigned, q, sort)  # fmt: skip
    queue = views.coder_queue(request_uow(request), user, size, page, query)
    items = [{"encounter_id": item.encounter.id, "date_of_service": item.encounter.date_of_service.isoformat(),
              "patient": f"{item.patient.last_name}, {item.patient.first_name}", "patient_id": item.patient.id,
              "rendering_provider_id": item.encounter.rendering_provider_id, "payer_id": item.payer_id,
              "confidence_permille": item.confidence_permille, "assigned_to": item.assigned_to,
              "decisions": item.decisions, "charge": str(Money(item.encounter.total_charge_cents).to_decimal())}
             for item in queue.items]  # fmt: skip
    return {
        "items": items,
        "total": queue.total,
        "page": queue.page,
        "pages": queue.pages,
        "size": queue.size,
    }


@router.post("/coding/queue/assign")
def assign(request: Request, user: Coder, body: AssignIn) -> dict[str, Any]:
    """Assign encounters to me (or, for a manager, to a coder named in `to`), all or none."""
    count = views.assign_encounters(request_uow(request), user, body.encounter_ids, body.to)
    return {"assigned": count, "to": body.to or user.username}
