"""Patients (with their guarantor), coverages, encounters and their service lines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from revcycle.practice.charges import DrugIdentification, drug_quantity
from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.practice.organization import Address
from revcycle.practice.patient_search import account_number_for, name_key
from revcycle.practice.patients import Coverage, CoverageOrder, Guarantor, Patient
from revcycle.store.repositories.rows import (
    Repository,
    address_columns,
    address_from,
    person_columns,
    person_from,
)
from revcycle.store.tables import coverages, encounters, patients, service_lines


def _patient_values(patient: Patient) -> dict[str, Any]:
    return {
        "first_name": patient.first_name,
        "last_name": patient.last_name,
        "birth_date": patient.birth_date,
        "sex": patient.sex.value,
        "guarantor_relationship": patient.guarantor.relationship.value,
        **address_columns(patient.address),
        **person_columns(patient.guarantor.person, "guarantor_"),
        "phone": patient.phone,
        "email": patient.email,
        "first_name_key": name_key(patient.first_name),
        "last_name_key": name_key(patient.last_name),
    }


class PatientRepository(Repository):
    def add(self, patient: Patient) -> Patient:
        """Insert the patient and give it its account number (`patient_search.account_number_for` its id)."""
        patient_id = self._insert(patients, _patient_values(patient))
        account = account_number_for(patient_id)
        self._connection.execute(
            update(patients).where(patients.c.id == patient_id).values(account_number=account)
        )
        return replace(patient, id=patient_id, account_number=account)

    def change(self, patient: Patient) -> None:
        """Rewrite the patient's demographics, contact and guarantor (its account number and merge stay)."""
        self._connection.execute(
            update(patients).where(patients.c.id == patient.id).values(_patient_values(patient))
        )

    def lock(self, patient_ids: Iterable[int]) -> None:
        """Row locks on these patients until the transaction ends, in id order (PostgreSQL; a SQLite
        transaction already holds the database's write lock). Unknown ids are ignored."""
        ids = sorted(set(patient_ids))
        self._connection.execute(select(patients.c.id).where(patients.c.id.in_(ids)).with_for_update()).all()

    def mark_merged(self, duplicate_id: int, survivor_id: int, at: datetime) -> None:
        """The duplicate (and any record merged into it before) now points at the survivor."""
        self._connection.execute(update(patients).where(patients.c.merged_into_id == duplicate_id)
                                 .values(merged_into_id=survivor_id))  # fmt: skip
        self._connection.execute(update(patients).where(patients.c.id == duplicate_id)
                                 .values(merged_into_id=survivor_id, merged_at=at))  # fmt: skip

    def merged_into(self, survivor_id: int) -> list[int]:
        """The ids of the records merged into this one, oldest first."""
        query = select(patients.c.id).where(patients.c.merged_into_id == survivor_id).order_by(patients.c.id)
        return list(self._connection.scalars(query))

    def get(self, patient_id: int) -> Patient:
        return _patient_from(self._row(patients, patient_id, "patient"))

    def get_many(self, patient_ids: Iterable[int]) -> dict[int, Patient]:
        """`get` for many patients: id -> patient, one statement per CHUNK ids (unknown ids left out)."""
        return {
            row.id: _patient_from(row) for rows in self._rows_in(patients.c.id, patient_ids) for row in rows
        }

    def exists(self, patient_id: int) -> bool:
        return self._connection.scalar(select(patients.c.id).where(patients.c.id == patient_id)) is not None

    def change_address(self, patient_id: int, address: Address) -> None:
        self._connection.execute(
            update(patients).where(patients.c.id == patient_id).values(address_columns(address))
        )


def _patient_from(row: Any) -> Patient:
    guarantor = Guarantor(row.guarantor_relationship, person_from(row, "guarantor_"))
    return Patient(
        row.first_name, row.last_name, row.birth_date, row.sex, address_from(row), guarantor, row.id,  # type: ignore[arg-type]
        phone=row.phone, email=row.email, account_number=row.account_number or "", merged_into_id=row.merged_into_id,
    )  # fmt: skip


def _coverage_values(coverage: Coverage) -> dict[str, Any]:
    return {
        "patient_id": coverage.patient_id,
        "payer_id": coverage.payer_id,
        "plan_id": coverage.plan_id,
        "member_id": coverage.member_id,
        "group_number": coverage.group_number,
        "coverage_order": int(coverage.order),
        "effective_from": coverage.effective_from,
        "effective_to": coverage.effective_to,
        "relationship_to_subscriber": coverage.relationship_to_subscriber.value,
        **person_columns(coverage.subscriber, "subscriber_"),
        "merged_into_id": coverage.merged_into_id,
    }


class CoverageRepository(Repository):
    def add(self, coverage: Coverage) -> Coverage:
        return replace(coverage, id=self._insert(coverages, _coverage_values(coverage)))

    def change(self, coverage: Coverage) -> None:
        """Rewrite the coverage (its patient stays)."""
        values = _coverage_values(coverage)
        values.pop("patient_id")
        self._connection.execute(update(coverages).where(coverages.c.id == coverage.id).values(values))

    def set_orders(self, orders: dict[int, CoverageOrder]) -> None:
        """Give these coverages their new orders, in two steps so that a swap never holds two of one order
        (the open-order unique index sees only the final state)."""
        for coverage_id, order in orders.items():
            self._connection.execute(update(coverages).where(coverages.c.id == coverage_id)
                                     .values(coverage_order=-int(order)))  # fmt: skip
        for coverage_id, order in orders.items():
            self._connection.execute(update(coverages).where(coverages.c.id == coverage_id)
                                     .values(coverage_order=int(order)))  # fmt: skip

    def get(self, coverage_id: int) -> Coverage:
        return _coverage_from(self._row(coverages, coverage_id, "coverage"))

    def for_patient(self, patient_id: int) -> list[Coverage]:
        return self.for_patients([patient_id]).get(patient_id, [])

    def for_patients(self, patient_ids: Iterable[int]) -> dict[int, list[Coverage]]:
        """patient id -> their coverages in order (primary first), for the patients that have any."""
        found: dict[int, list[Coverage]] = defaultdict(list)
        order = (coverages.c.coverage_order, coverages.c.id)
        for rows in self._rows_in(coverages.c.patient_id, patient_ids, order_by=order):
            for row in rows:
                found[row.patient_id].append(_coverage_from(row))
        return dict(found)


def _coverage_from(row: Any) -> Coverage:
    return Coverage(
        patient_id=row.patient_id,
        payer_id=row.payer_id,
        member_id=row.member_id,
        order=row.coverage_order,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        relationship_to_subscriber=row.relationship_to_subscriber,
        subscriber=person_from(row, "subscriber_"),
        group_number=row.group_number,
        plan_id=row.plan_id,
        id=row.id,
        merged_into_id=row.merged_into_id,
    )


class EncounterRepository(Repository):
    def add(self, encounter: Encounter) -> Encounter:
        values = {
            "patient_id": encounter.patient_id,
            "date_of_service": encounter.date_of_service,
            "place_of_service": encounter.place_of_service,
            "billing_provider_id": encounter.billing_provider_id,
            "rendering_provider_id": encounter.rendering_provider_id,
            "facility_id": encounter.facility_id,
            "coverage_id": encounter.coverage_id,
            "diagnosis_codes": ",".join(encounter.diagnosis_codes),
            "note_text": encounter.note_text,
        }
        encounter_id = self._insert(encounters, values)
        lines = tuple(replace(line, id=self._add_line(encounter_id, line)) for line in encounter.lines)
        return replace(encounter, id=encounter_id, lines=lines)

    def _add_line(self, encounter_id: int, line: ServiceLine) -> int:
        return self._insert(service_lines, service_line_values(encounter_id, line))

    def get(self, encounter_id: int) -> Encounter:
        row = self._row(encounters, encounter_id, "encounter")
        query = (
            select(service_lines)
            .where(service_lines.c.encounter_id == encounter_id)
            .order_by(service_lines.c.line_number)
        )
        return _encounter_from(row, tuple(_line_from(line) for line in self._connection.execute(query)))

    def line_owners(self, service_line_ids: Iterable[int]) -> dict[int, int]:
        """service line id -> the patient whose encounter it is on (unknown ids left out)."""
        query = select(service_lines.c.id, encounters.c.patient_id).join(
            encounters, encounters.c.id == service_lines.c.encounter_id
        )
        ids = sorted(set(service_line_ids))
        if not ids:
            return {}
        return {row.id: row.patient_id for row in self._connection.execute(query.where(service_lines.c.id.in_(ids)))}

    def get_many(self, encounter_ids: Iterable[int]) -> dict[int, Encounter]:
        """`get` for many encounters: id -> encounter with its lines, two statements per CHUNK ids (unknown ids
        left out)."""
        rows = [row for chunk in self._rows_in(encounters.c.id, encounter_ids) for row in chunk]
        lines: dict[int, list[ServiceLine]] = defaultdict(list)
        in_order = (service_lines.c.encounter_id, service_lines.c.line_number)
        for chunk in self._rows_in(service_lines.c.encounter_id, [row.id for row in rows], order_by=in_order):
            for line in chunk:
                lines[line.encounter_id].append(_line_from(line))
        return {row.id: _encounter_from(row, tuple(lines[row.id])) for row in rows}


def _encounter_from(row: Any, lines: tuple[ServiceLine, ...]) -> Encounter:
    return Encounter(
        row.patient_id, row.date_of_service, row.place_of_service, row.billing_provider_id, row.rendering_provider_id,
        tuple(code for code in row.diagnosis_codes.split(",") if code), lines, row.facility_id, row.coverage_id, row.note_text, row.id,
    )  # fmt: skip


def service_line_values(encounter_id: int, line: ServiceLine) -> dict[str, object]:
    """The `service_lines` columns of an encounter's line (its id aside)."""
    return {
        "encounter_id": encounter_id,
        "line_number": line.line_number,
        "procedure_code": line.procedure_code,
        "modifiers": ",".join(line.modifiers),
        "diagnosis_pointers": ",".join(str(p) for p in line.diagnosis_pointers),
        "units": line.units,
        "charge_cents": line.charge_cents,
        "fee_override_reason": line.fee_override_reason,
        **drug_values(line.drug),
    }


def drug_values(drug: DrugIdentification | None) -> dict[str, object]:
    """The drug columns (`tables.drug_columns`) of a line's NDC, or NULLs."""
    if drug is None:
        return {"ndc": None, "ndc_unit": None, "ndc_quantity": None}
    return {"ndc": drug.ndc, "ndc_unit": drug.unit, "ndc_quantity": drug.quantity}


def drug_from(row: Any) -> DrugIdentification | None:
    """A line's NDC from its drug columns (None when it bills no drug)."""
    if row.ndc is None:
        return None
    return DrugIdentification(row.ndc, row.ndc_unit, drug_quantity(row.ndc_quantity))


def _line_from(row: Any) -> ServiceLine:
    modifiers = tuple(m for m in row.modifiers.split(",") if m)
    pointers = tuple(int(p) for p in row.diagnosis_pointers.split(","))
    return ServiceLine(
        row.line_number, row.procedure_code, row.charge_cents, row.units, modifiers, pointers, row.id,
        drug_from(row), row.fee_override_reason,
    )  # fmt: skip
