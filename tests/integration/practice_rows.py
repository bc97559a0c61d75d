"""Synthetic practice rows for database tests (no PHI: made-up names, the CMS example NPI)."""

from __future__ import annotations

from datetime import date

from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Patient,
    Payer,
    RenderingProvider,
)

ADDRESS = Address("100 Elm St", "Springfield", "IL", "62701")
CLINIC = BillingProvider("Springfield Family Clinic", "1234567893", "12-3456789", "207Q00000X", ADDRESS)
DOCTOR = RenderingProvider("Ada", "Quill", "1245319599", "207Q00000X")


def patient(number: int = 1) -> Patient:
    return Patient(f"Test{number}", "Patient", date(1980, 1, number), "F", ADDRESS)


def payer(number: int = 1) -> Payer:
    return Payer(f"PAYER{number:02d}", f"Synthetic Health {number}", "CI", 90)


def coverage(
    patient_id: int, payer_id: int, start=date(2026, 1, 1), end=None, order=CoverageOrder.PRIMARY
) -> Coverage:
    return Coverage(patient_id, payer_id, f"MBR{patient_id:04d}", order, start, end)


def seed(uow, patients: int = 3, payers: int = 2) -> None:
    """Patients 1..n and payers 1..m in a fresh database (ids are assigned in order)."""
    for number in range(1, patients + 1):
        uow.patients.add(patient(number))
    for number in range(1, payers + 1):
        uow.practice.add_payer(payer(number))


def claim_row(uow, patient_id: int, payer_id: int | None = None, number: str = "E1-1") -> int:
    """A claim of the patient stored as built (the example claim): its id, for ledger lines that name a claim
    (journal_lines.claim_id is a foreign key since 0014)."""
    from datetime import UTC, datetime

    from revcycle.claims import examples

    return uow.claims.add(
        examples.example_claim(number, encounter_id=None),
        patient_id,
        payer_id,
        datetime(2026, 3, 4, tzinfo=UTC),
        None,
    ).id


def table_counts(engine) -> dict[str, int]:
    """Rows per table: what a failed use case must leave unchanged."""
    from sqlalchemy import func, select

    from revcycle.store.tables import metadata

    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(table))
            for name, table in metadata.tables.items()
        }
