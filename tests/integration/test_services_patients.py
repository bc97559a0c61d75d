"""Patient data entry through the services: validation before writing, one transaction, audit rows."""

from datetime import date

import pytest
from practice_rows import coverage, patient, table_counts
from services_setup import DOS, NOW, set_up_practice

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import Address, CoverageOrder, Encounter, RenderingProvider, ServiceLine
from revcycle.services import audit, patients, practice
from revcycle.store.repositories.patients import EncounterRepository


def _encounter(p, dos=DOS, coverage_id=None, patient_id=None, lines=None):
    lines = lines or (ServiceLine(1, "99213", 15000), ServiceLine(2, "36415", 2500))
    return Encounter(
        patient_id or p.patient_id,
        dos,
        "11",
        p.clinic_id,
        p.doctor_id,
        ("E11.9",),
        lines,
        coverage_id=coverage_id,
    )


def test_create_read_and_change_of_patient_data_are_audited(engine):
    # given a registered patient (created by biller1 in the set-up)
    p = set_up_practice(engine)
    # when the biller reads the patient and changes the address
    read = patients.get_patient(p.uow(), p.biller, p.patient_id)
    patients.change_patient_address(
        p.uow(), p.biller, p.patient_id, Address("9 Oak Ave", "Springfield", "IL", "627011234")
    )
    # then the audit log says who, when, which entity and what action, without PHI
    trail = audit.events_for(p.uow(), p.auditor, "patient", p.patient_id)
    assert [(e.username, e.action, e.entity_type, e.entity_id, e.detail) for e in trail] == [
        ("biller1", "create", "patient", "1", ""),
        ("biller1", "read", "patient", "1", ""),
        ("biller1", "change", "patient", "1", "address"),
    ]
    assert {e.occurred_at.replace(tzinfo=None) for e in trail} == {NOW.replace(tzinfo=None)}
    assert read.first_name == "Test1"
    assert patients.get_patient(p.uow(), p.biller, p.patient_id).address.zip_code == "627011234"


def test_encounter_is_stored_with_its_lines(engine):
    p = set_up_practice(engine)
    stored = patients.record_encounter(p.uow(), p.biller, _encounter(p, coverage_id=p.coverage_id))
    again = patients.get_encounter(p.uow(), p.biller, stored.id)
    assert again == stored
    assert [(line.id, line.procedure_code, line.charge_cents) for line in again.lines] == [
        (1, "99213", 15000),
        (2, "36415", 2500),
    ]


def test_coverage_not_in_force_on_the_dos_writes_nothing(engine):
    # given a coverage in force during 2026 only
    p = set_up_practice(engine)
    before = table_counts(engine)
    # when an encounter of 2025-12-31 is billed to it
    with pytest.raises(RevcycleError) as raised:
        patients.record_encounter(
            p.uow(), p.biller, _encounter(p, dos=date(2025, 12, 31), coverage_id=p.coverage_id)
        )
    # then a typed error explains why and nothing was written
    assert raised.value.code is ErrorCode.COVERAGE_NOT_IN_FORCE
    assert (
        raised.value.message
        == "coverage 1 is in force 2026-01-01..2026-12-31, not on the date of service 2025-12-31"
    )
    assert table_counts(engine) == before


def test_unknown_patient_writes_nothing(engine):
    p = set_up_practice(engine)
    before = table_counts(engine)
    for attempt in (
        lambda: patients.record_encounter(p.uow(), p.biller, _encounter(p, patient_id=99)),
        lambda: patients.add_coverage(p.uow(), p.biller, coverage(99, p.primary_payer_id)),
        lambda: patients.get_patient(p.uow(), p.biller, 99),
    ):
        with pytest.raises(RevcycleError) as raised:
            attempt()
        assert raised.value.code is ErrorCode.NOT_FOUND
        assert raised.value.message == "unknown patient 99"
    assert table_counts(engine) == before


def test_invalid_npi_and_negative_charge_write_nothing(engine):
    p = set_up_practice(engine)
    before = table_counts(engine)
    with pytest.raises(RevcycleError) as raised:
        practice.add_rendering_provider(
            p.uow(), p.admin, RenderingProvider("Bo", "Nash", "1245319590", "207Q00000X")
        )
    assert raised.value.code is ErrorCode.INVALID_NPI
    assert "1245319590" in raised.value.message
    with pytest.raises(RevcycleError) as raised:
        patients.record_encounter(p.uow(), p.biller, _encounter(p, lines=(ServiceLine(1, "99213", -15000),)))
    assert raised.value.code is ErrorCode.INVALID_AMOUNT
    assert table_counts(engine) == before


def test_a_failure_after_the_first_insert_rolls_everything_back(engine, monkeypatch):
    # given the second service line's insert fails (after the encounter and line 1 were inserted)
    p = set_up_practice(engine)
    before = table_counts(engine)
    original_add_line = EncounterRepository._add_line

    def add_line_then_fail(self, encounter_id, line):
        if line.line_number == 2:
            raise RevcycleError(ErrorCode.CONFLICT, "disk full (simulated)")
        return original_add_line(self, encounter_id, line)

    monkeypatch.setattr(EncounterRepository, "_add_line", add_line_then_fail)
    # when the encounter is recorded
    with pytest.raises(RevcycleError, match="simulated"):
        patients.record_encounter(p.uow(), p.biller, _encounter(p))
    # then no encounter, no line and no audit row remain
    assert table_counts(engine) == before


def test_coder_may_not_register_patients_and_auditor_may_not_edit(engine):
    p = set_up_practice(engine)
    with pytest.raises(RevcycleError) as raised:
        patients.register_patient(p.uow(), p.auditor, patient(2))
    assert raised.value.code is ErrorCode.FORBIDDEN


def test_coverages_are_listed_primary_first_and_the_read_is_audited(engine):
    p = set_up_practice(engine)
    patients.add_coverage(
        p.uow(), p.biller, coverage(p.patient_id, p.secondary_payer_id, order=CoverageOrder.SECONDARY)
    )
    listed = patients.patient_coverages(p.uow(), p.biller, p.patient_id)
    assert [(c.payer_id, c.order) for c in listed] == [(p.primary_payer_id, 1), (p.secondary_payer_id, 2)]
    assert audit.events_for(p.uow(), p.auditor, "patient", p.patient_id)[-1].detail == "coverages"


def test_neither_the_audit_log_nor_the_application_log_holds_phi(engine, caplog):
    # given a patient whose name, birth date and member id are known, and logging at DEBUG
    caplog.set_level("DEBUG")
    p = set_up_practice(engine)
    # when patient data is created, read and changed and an encounter is recorded
    patients.get_patient(p.uow(), p.biller, p.patient_id)
    patients.patient_coverages(p.uow(), p.biller, p.patient_id)
    patients.record_encounter(p.uow(), p.biller, _encounter(p, coverage_id=p.coverage_id))
    # then no audit field and no log record contains them
    phi = ("Test1", "1980-01-01", "MBR0001", "E11.9")
    trail = audit.events_for(p.uow(), p.auditor)
    assert len(trail) >= 10
    audit_text = " ".join(f"{e.username} {e.action} {e.entity_type} {e.entity_id} {e.detail}" for e in trail)
    assert [value for value in phi if value in audit_text or value in caplog.text] == []
