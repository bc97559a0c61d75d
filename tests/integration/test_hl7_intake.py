"""HL7 v2 messages in the shapes real EHRs send (tests/fixtures/hl7: Epic, Cerner, athena, eClinicalWorks styles),
each read with the example mapping and applied through the inbox, to exact patients, coverages and charges."""

from __future__ import annotations

from datetime import date

from hl7_setup import messages_of, received
from interface_setup import set_up_interfaces

from revcycle.practice import Address


def _patient(world, assigner: str, identifier: str):
    with world.uow() as uow:
        patient_id = uow.external_identifiers.patient_for(assigner, identifier)
        return uow.patients.get(patient_id), uow.coverages.for_patient(patient_id)


def _coverage_rows(coverages, payer_codes):
    names = {payer_id: code for code, payer_id in payer_codes.items()}
    return [(names[c.payer_id], c.member_id, int(c.order), c.group_number, c.relationship_to_subscriber.value,
             c.subscriber.last_name + "," + c.subscriber.first_name if c.subscriber else "", c.effective_from,
             c.effective_to) for c in coverages]  # fmt: skip


def _lines(encounter):
    return [(line.procedure_code, line.modifiers, line.units, line.diagnosis_pointers, line.charge_cents,
             line.fee_override_reason) for line in encounter.lines]  # fmt: skip


def test_an_epic_registration_with_two_insurances_each_with_its_in2(engine):
    # given the Epic-style A04 (CR; PID-3 with MRN and SSN; escaped name; NK1, PD1 and a Z-segment)
    world = set_up_interfaces(engine)
    # when it is received
    receipt = received(world, "epic_adt_a04.hl7")
    # then the patient is registered with its contact and both coverages in order
    assert (receipt.status, receipt.header.control_id, receipt.header.message_type) == (
        "applied",
        "NC100001",
        "ADT^A04",
    )
    patient, coverages = _patient(world, "NORTHCLINIC", "E1001")
    assert (patient.last_name, patient.first_name, patient.birth_date, patient.sex.value, patient.phone,
            patient.email, patient.guarantor.relationship.value) == (
        "O'Brien&Reyes", "Mary", date(1985, 2, 14), "F", "2175550147", "mary.obrien@example.org", "self")  # fmt: skip
    assert patient.address == Address("12 Oak Ave", "Springfield", "IL", "62704", "Apt 3")
    assert _coverage_rows(coverages, world.payer_ids) == [
        ("87726", "XJ100200", 1, "GRP7700", "self", "", date(2026, 1, 1), None),
        ("00431", "MB55501", 2, "", "spouse", "O'Brien,Sean", date(2026, 1, 1), None),
    ]


def test_a_cerner_update_for_an_unknown_patient_registers_it(engine):
    # given the Cerner-style A08 (LF; MRN in PID-3's second repetition; IN1 before PV1; member id in IN1-49;
    # X12 relationship codes; \S\ in the street; a Z-segment with \X0D\)
    world = set_up_interfaces(engine)
    # when it is received
    receipt = received(world, "cerner_adt_a08.hl7")
    # then the patient is registered under the hospital's MRN, its guarantor its spouse
    assert receipt.status == "applied"
    patient, coverages = _patient(world, "SOUTHHOSP", "S-2002")
    assert (patient.last_name, patient.first_name, patient.birth_date, patient.sex.value, patient.phone) == (
        "Nguyen",
        "Thanh",
        date(1972, 9, 30),
        "M",
        "3095550199",
    )
    assert patient.address == Address("48 Mill Rd^Rear", "Peoria", "IL", "616021234")
    guarantor = patient.guarantor
    assert (guarantor.relationship.value, guarantor.person.last_name, guarantor.person.first_name,
            guarantor.person.birth_date) == ("spouse", "Nguyen", "Lan", date(1974, 1, 2))  # fmt: skip
    assert _coverage_rows(coverages, world.payer_ids) == [
        ("60054", "W22001988", 1, "", "self", "", date(2025, 7, 1), None)
    ]


def test_an_athena_charge_message_lands_on_the_registered_patient_with_pointers_by_dg1_priority(engine):
    # given the patient registered by Epic, and athena's DFT (CRLF; DG1 after FT1; DG1-15 priorities; trailing blank)
    world = set_up_interfaces(engine)
    received(world, "epic_adt_a04.hl7")
    # when the DFT is received
    receipt = received(world, "athena_dft_p03.hl7")
    # then one visit with the diagnoses by priority and the lines pointing at them, priced by the schedule
    assert (receipt.status, receipt.applied.lines) == ("applied", 3)
    patient, coverages = _patient(world, "NORTHCLINIC", "E1001")
    with world.uow() as uow:
        encounter = uow.encounters.get(receipt.applied.encounter_ids[0])
    assert (encounter.patient_id, encounter.date_of_service, encounter.place_of_service, encounter.facility_id,
            encounter.rendering_provider_id, encounter.coverage_id, encounter.diagnosis_codes) == (
        patient.id, date(2026, 3, 5), "11", world.office_id, world.doctor_id, coverages[0].id,
        ("E11.9", "I10", "R30.0"))  # fmt: skip
    assert _lines(encounter) == [("99214", ("25",), 1, (1, 2), 16500, ""), ("36415", (), 1, (1,), 1500, ""),
                                 ("81002", (), 1, (3, 1), 1200, "")]  # fmt: skip


def test_a_second_charge_message_of_the_same_visit_adds_to_its_encounter(engine):
    # given the visit V5001 charged once
    world = set_up_interfaces(engine)
    received(world, "epic_adt_a04.hl7")
    first = received(world, "athena_dft_p03.hl7")
    # when another DFT of the same visit and date (a new control id, one line) comes
    later = messages_of("athena_dft_p03.hl7")[0].replace("ATH-55501", "ATH-55502")
    later = "\r".join(s for s in later.split("\r") if not s.startswith(("FT1|2", "FT1|3")))
    later = later.replace("99214^Office visit est moderate^C4|25", "93000^ECG^C4|").replace("165.00", "45.00")
    second = received(world, "", later)
    # then its line is the encounter's fourth
    assert second.applied.encounter_ids == first.applied.encounter_ids
    with world.uow() as uow:
        encounter = uow.encounters.get(first.applied.encounter_ids[0])
    assert [line.procedure_code for line in encounter.lines] == ["99214", "36415", "81002", "93000"]


def test_eclinicalworks_charge_codes_provider_ids_and_locations_come_through_the_senders_tables(engine):
    # given eClinicalWorks' registration (LF; guarantor a parent; the child's coverage under the parent)
    world = set_up_interfaces(engine)
    registered = received(world, "ecw_adt_a04.hl7")
    # when its DFT comes (FT1-7 charge codes, internal provider ids, location codes, priced as sent)
    charged = received(world, "ecw_dft_p03.hl7")
    # then the patient, coverage and lines are the practice's codes, the sent fee kept as an override
    assert (registered.status, charged.status) == ("applied", "applied")
    patient, coverages = _patient(world, "LAKESIDE", "L-77")
    assert (patient.guarantor.relationship.value, patient.guarantor.person.first_name) == ("parent", "Piotr")
    assert _coverage_rows(coverages, world.payer_ids) == [
        ("87726", "UHC778899", 1, "G-4410", "child", "Kowalski,Piotr", date(2025, 1, 1), None)
    ]
    with world.uow() as uow:
        encounter = uow.encounters.get(charged.applied.encounter_ids[0])
    assert (encounter.rendering_provider_id, encounter.facility_id, encounter.diagnosis_codes) == (
        world.second_doctor_id,
        world.office_id,
        ("M17.11", "D51.9"),
    )
    assert _lines(encounter) == [("99213", (), 1, (1,), 11500, "charged by ECW^LAKESIDE"),
                                 ("20610", ("RT",), 1, (1,), 21000, ""), ("J3420", (), 2, (2, 1), 3600, "")]  # fmt: skip


def test_a_merge_moves_the_duplicate_and_later_messages_for_it_reach_the_survivor(engine):
    # given E1001 and its duplicate E1009 registered
    world = set_up_interfaces(engine)
    received(world, "epic_adt_a04.hl7")
    duplicate = messages_of("epic_adt_a04.hl7")[0].replace("E1001^", "E1009^").replace("NC100001", "NC100002")
    received(world, "", duplicate)
    # when the A40 merges E1009 into E1001
    merged = received(world, "epic_adt_a40.hl7")
    # then the duplicate is merged, and a charge message for E1009 lands on the survivor
    survivor, _coverages = _patient(world, "NORTHCLINIC", "E1001")
    assert (merged.status, merged.applied.merged) == ("applied", 1)
    charge = messages_of("athena_dft_p03.hl7")[0].replace("E1001^", "E1009^")
    assert received(world, "", charge).applied.patient_ids == [survivor.id]


def test_a_batch_file_is_its_messages_and_the_resent_one_is_a_duplicate(engine):
    # given an FHS/BHS batch of three registrations, the third a re-send of the first
    world = set_up_interfaces(engine)
    # when each message is received
    statuses = [received(world, "", text).status for text in messages_of("epic_batch_a28.hl7")]
    # then two patients are registered and the re-send is a duplicate
    assert statuses == ["applied", "applied", "duplicate"]
    assert [_patient(world, "NORTHCLINIC", mrn)[0].last_name for mrn in ("E2001", "E2002")] == [
        "Adams",
        "Baker",
    ]
