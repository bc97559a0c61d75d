"""The interface inbox with intake values as any reader makes them: applied in one transaction, once per control
id, a failure kept in the error queue whole (nothing applied), replayed once fixed, dismissed."""

from __future__ import annotations

from datetime import date

import pytest
from interface_setup import set_up_interfaces

from revcycle.interfaces.intake import (
    CoverageIntake,
    IntakeMessage,
    MessageHeader,
    PatientIntake,
    PatientRef,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import Address, Payer
from revcycle.services import interface_inbox, practice
from revcycle.services.interface_inbox import receive, replay

HOME = Address("12 Oak Ave", "Springfield", "IL", "62704")


def _registration(control_id: str, payer_code: str = "87726") -> IntakeMessage:
    coverage = CoverageIntake(payer_code, "XJ100200", order=1, effective_from=date(2026, 1, 1),
                              at={"": "IN1", "payer": "IN1-3"})  # fmt: skip
    patient = PatientIntake(PatientRef("E1001", "NORTHCLINIC", "PID-3"), "Nunez", "Maria", date(1985, 2, 14), "F",
                            HOME, "217-555-0147", coverages=(coverage,), at={"": "PID"})  # fmt: skip
    return IntakeMessage(MessageHeader("hl7", "EPIC^NORTHCLINIC", control_id, "ADT^A04"), (patient,))


def _reader(messages: dict[str, IntakeMessage]):
    return lambda raw: messages[raw]


def test_a_message_is_applied_with_its_row_in_one_transaction(engine):
    # given a practice and a registration with one coverage
    world = set_up_interfaces(engine)
    read = _reader({"ADT 1": _registration("MSG1")})
    # when it is received
    receipt = receive(world.uow(), world.interfaces, "hl7", "ADT 1", read)
    # then it is applied: the patient found by the sender's identifier, with its coverage
    assert (receipt.status, receipt.applied.registered, receipt.applied.updated) == ("applied", 1, 0)
    with world.uow() as uow:
        patient_id = uow.external_identifiers.patient_for("NORTHCLINIC", "E1001")
        patient = uow.patients.get(patient_id)
        coverages = uow.coverages.for_patient(patient_id)
        row = uow.interface_messages.get(receipt.message_id)
    assert (patient.last_name, patient.first_name, patient.birth_date, patient.phone) == (
        "Nunez",
        "Maria",
        date(1985, 2, 14),
        "2175550147",
    )
    assert [(c.payer_id, c.member_id, int(c.order), c.effective_from) for c in coverages] == [
        (world.payer_ids["87726"], "XJ100200", 1, date(2026, 1, 1))
    ]
    assert (row.status, row.sender, row.control_id, row.message_type, row.attempts, row.raw) == (
        "applied",
        "EPIC^NORTHCLINIC",
        "MSG1",
        "ADT^A04",
        1,
        "ADT 1",
    )


def test_the_same_control_id_twice_is_one_patient_and_a_duplicate(engine):
    # given a registration received once
    world = set_up_interfaces(engine)
    read = _reader({"ADT 1": _registration("MSG1")})
    first = receive(world.uow(), world.interfaces, "hl7", "ADT 1", read)
    # when the same message comes again
    second = receive(world.uow(), world.interfaces, "hl7", "ADT 1", read)
    # then the second is a duplicate of the applied first and nothing changed
    assert (second.status, second.prior_status, second.message_id, second.accepted) == (
        "duplicate",
        "applied",
        first.message_id,
        True,
    )
    with world.uow() as uow:
        total = uow.interface_messages.listing(None, None, 10, 0)[1]
        registered = len(uow.patients.get_many(range(1, 10)))
    assert (total, registered) == (1, 1)


def test_an_unknown_payer_keeps_the_message_in_the_queue_whole_then_a_replay_applies_it(engine):
    # given a registration naming a payer the practice lacks
    world = set_up_interfaces(engine)
    read = _reader({"ADT 1": _registration("MSG1", payer_code="99999")})
    # when it is received
    receipt = receive(world.uow(), world.interfaces, "hl7", "ADT 1", read)
    # then it failed at IN1-3, and not even the patient was registered
    assert (receipt.status, receipt.error_code) == ("failed", ErrorCode.NOT_FOUND)
    assert receipt.error == ("IN1-3: no payer with payer id '99999' in the practice; add it in set-up or map the "
                             "sender's plan code to one, then replay")  # fmt: skip
    with world.uow() as uow:
        assert uow.external_identifiers.patient_for("NORTHCLINIC", "E1001") is None
        assert uow.patients.get_many(range(1, 10)) == {}
    queue, total = interface_inbox.failed_messages(world.uow(), world.interfaces)
    assert ([(m.id, m.status, m.error[:5]) for m in queue], total) == (
        [(receipt.message_id, "failed", "IN1-3")],
        1,
    )
    # when the payer is added and the message replayed as it was
    practice.add_payer(world.uow(), world.admin, Payer("99999", "Late Payer", "CI", 90))
    replayed = replay(world.uow(), world.interfaces, receipt.message_id, read)
    # then it is applied, on its second attempt, and the queue is empty
    assert replayed.status == "applied"
    with world.uow() as uow:
        row = uow.interface_messages.get(receipt.message_id)
        assert uow.external_identifiers.patient_for("NORTHCLINIC", "E1001") is not None
    assert (row.status, row.error, row.attempts) == ("applied", "", 2)
    assert interface_inbox.failed_messages(world.uow(), world.interfaces)[1] == 0


def test_a_fixed_replay_must_keep_the_control_id_and_a_dismissed_message_leaves_the_queue(engine):
    # given a failed message
    world = set_up_interfaces(engine)
    read = _reader({"bad": _registration("MSG1", "99999"), "renamed": _registration("MSG2")})
    failed = receive(world.uow(), world.interfaces, "hl7", "bad", read)
    # when it is replayed with a text of another control id
    again = replay(world.uow(), world.interfaces, failed.message_id, read, fixed_raw="renamed")
    # then it fails again, saying why, and stays in the queue
    assert (again.status, again.error) == ("failed", "the fixed message is EPIC^NORTHCLINIC MSG2; it must keep the "
                                           "queued one's sender and control id (EPIC^NORTHCLINIC MSG1)")  # fmt: skip
    # when it is dismissed
    dismissed = interface_inbox.dismiss(world.uow(), world.interfaces, failed.message_id)
    # then it is no longer in the queue, and cannot be dismissed or replayed again
    assert (
        dismissed.status,
        dismissed.attempts,
        interface_inbox.failed_messages(world.uow(), world.interfaces)[1],
    ) == ("dismissed", 2, 0)
    with pytest.raises(RevcycleError) as refused:
        replay(world.uow(), world.interfaces, failed.message_id, read)
    assert (
        refused.value.message == f"interface message {failed.message_id} is dismissed, not in the error queue"
    )


def test_a_coder_may_not_receive_messages(engine):
    # given a coder
    world = set_up_interfaces(engine)
    # when the coder receives a message
    with pytest.raises(RevcycleError) as refused:
        receive(world.uow(), world.coder, "hl7", "ADT 1", _reader({"ADT 1": _registration("MSG1")}))
    # then it is refused
    assert refused.value.message == "user coder1 (coder) may not manage_interfaces"
