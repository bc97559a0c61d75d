"""A practice with a payer, a patient with coverage and an encounter factory, for the claims tests."""

from datetime import UTC, date, datetime

from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services import patients, practice, users

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
CLINIC_ADDRESS = Address("100 Main St", "Springfield", "IL", "627011234")
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
RECEIVER = Receiver("Acme Clearinghouse", "ACMECH")


def setup_practice(uow):
    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    biller = users.add_user(uow(), "bea", "biller", PASSWORD, actor=admin)
    billing = practice.add_billing_provider(uow(), admin, BillingProvider(
        "Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", CLINIC_ADDRESS))
    smith = practice.add_rendering_provider(uow(), admin, RenderingProvider("John", "Smith", "1987654328", "207Q00000X"))
    office = practice.add_facility(uow(), admin, Facility("Main office", CLINIC_ADDRESS))
    payer = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 180))
    jane = patients.register_patient(uow(), biller, Patient(
        "Jane", "Doe", date(1980, 4, 12), "F", Address("12 Oak Ave", "Springfield", "IL", "627025678")))
    coverage = patients.add_coverage(uow(), biller, Coverage(
        jane.id, payer.id, "XYZ123456789", CoverageOrder.PRIMARY, date(2025, 1, 1), group_number="GRP100"))

    def encounter(diagnoses, day):
        lines = (ServiceLine(1, "99214", 15000, diagnosis_pointers=(1,)), ServiceLine(2, "83036", 4000))
        return patients.record_encounter(uow(), biller, Encounter(
            jane.id, day, "11", billing.id, smith.id, diagnoses, lines, facility_id=office.id, coverage_id=coverage.id))

    return biller, payer, encounter
