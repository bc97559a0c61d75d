"""The interface error queue through HL7: a message that cannot be applied is answered AE with an ERR naming the
field, nothing of it is applied, and once fixed (or once the practice knows the code) a replay applies it."""

from __future__ import annotations

from datetime import UTC, datetime

from hl7_setup import READ, fixture, messages_of, received
from interface_setup import set_up_interfaces

from revcycle.interfaces.hl7_ack import build_ack
from revcycle.practice import Payer
from revcycle.services import interface_inbox, practice
from revcycle.services.hl7_intake import answer

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)


def _ack(text: str, receipt) -> list[str]:
    code = "AA" if receipt.accepted else "AE"
    return build_ack(text, code, NOW, "" if receipt.accepted else receipt.error, receipt.error_code).split(
        "\r"
    )[1:-1]


def _counts(world) -> tuple[int, int, int]:
    with world.uow() as uow:
        return (len(uow.patients.get_many(range(1, 50))), uow.external_identifiers.patient_for("NORTHCLINIC", "E1001")
                is not None, sum(1 for i in range(1, 50) if _encounter(uow, i)))  # fmt: skip


def _encounter(uow, encounter_id: int) -> bool:
    try:
        uow.encounters.get(encounter_id)
    except Exception:  # noqa: BLE001 - NOT_FOUND: no such encounter
        return False
    return True


def test_an_impossible_birth_date_is_answered_ae_at_pid_7_and_replayed_once_fixed(engine):
    # given a registration whose PID-7 is 1985-02-30
    world = set_up_interfaces(engine)
    text = messages_of("epic_adt_a04.hl7")[0].replace("|19850214|F|", "|19850230|F|")
    # when it is received
    receipt = received(world, "", text)
    # then it is answered AE with the location and reason, and nothing was registered
    assert _ack(text, receipt) == [
        "MSA|AE|NC100001",
        "ERR||PID^1^7^1|102^Data type error^HL70357|E||||PID-7: birth date '19850230' is not a date",
    ]
    assert _counts(world) == (0, False, 0)
    # when the analyst fixes PID-7 and replays it
    fixed = interface_inbox.replay(
        world.uow(), world.interfaces, receipt.message_id, READ, text.replace("19850230", "19850214")
    )
    # then it is applied, and the same message again is answered AA as a duplicate
    again = received(world, "", text)
    assert (fixed.status, again.status, again.prior_status, _ack(text, again)) == (
        "applied",
        "duplicate",
        "applied",
        ["MSA|AA|NC100001"],
    )
    assert _counts(world)[:2] == (1, True)


def test_an_unknown_cpt_fails_the_whole_charge_message_then_a_fixed_code_applies_it(engine):
    # given a registered patient and a DFT whose first line bills 99999
    world = set_up_interfaces(engine)
    received(world, "epic_adt_a04.hl7")
    text = messages_of("athena_dft_p03.hl7")[0].replace(
        "99214^Office visit est moderate^C4", "99999^Unknown^C4"
    )
    # when it is received
    receipt = received(world, "", text)
    # then AE at FT1-25, and no visit, diagnosis or line of it was kept
    assert _ack(text, receipt)[1] == ("ERR||FT1^1^25^1|102^Data type error^HL70357|E||||FT1-25: 99999 is not a CPT "
                                      "code we hold")  # fmt: skip
    assert _counts(world) == (1, True, 0)
    # when it is replayed with 99213
    fixed = interface_inbox.replay(world.uow(), world.interfaces, receipt.message_id, READ,
                                   text.replace("99999^Unknown^C4", "99213^Office visit^C4"))  # fmt: skip
    # then the visit and its three lines are there
    assert (fixed.status, fixed.applied.lines, _counts(world)) == ("applied", 3, (1, True, 1))


def test_an_unknown_payer_is_ae_at_in1_3_until_the_practice_adds_it(engine):
    # given a registration whose second insurance is a payer the practice lacks
    world = set_up_interfaces(engine)
    text = messages_of("epic_adt_a04.hl7")[0].replace("|00431|", "|77777|")
    # when it is received
    receipt = received(world, "", text)
    # then AE: unknown key at IN1[2]-3, no patient
    assert _ack(text, receipt)[1] == (
        "ERR||IN1^2^3^1|204^Unknown key identifier^HL70357|E||||IN1[2]-3: no payer with payer id '77777' in the "
        "practice; add it in set-up or map the sender's plan code to one, then replay"
    )
    assert _counts(world) == (0, False, 0)
    queue, total = interface_inbox.failed_messages(world.uow(), world.interfaces)
    assert (total, queue[0].control_id, queue[0].message_type) == (1, "NC100001", "ADT^A04")
    # when the payer is added and the message replayed as it was
    practice.add_payer(world.uow(), world.admin, Payer("77777", "New Payer", "CI", 90))
    replayed = interface_inbox.replay(world.uow(), world.interfaces, receipt.message_id, READ)
    # then it is applied with both coverages
    assert (replayed.status, _counts(world)[:2]) == ("applied", (1, True))


def test_a_message_without_msh_is_rejected_ar_and_kept_nowhere(engine):
    # given text that is no HL7 message
    world = set_up_interfaces(engine)
    # when it is received
    receipt = received(world, "", "PID|1||E1001\r")
    # then it is rejected (AR, segment sequence error) and the inbox holds nothing
    assert (receipt.status, receipt.message_id) == ("rejected", None)
    assert build_ack("PID|1||E1001\r", "AR", NOW, receipt.error, receipt.error_code).split("\r")[1:-1] == [
        "MSA|AR|", "ERR||MSH^1|100^Segment sequence error^HL70357|E||||MSH: the message does not start with an MSH "
        "segment"]  # fmt: skip
    assert interface_inbox.inbox_counts(world.uow(), world.interfaces) == {
        "applied": 0,
        "failed": 0,
        "dismissed": 0,
    }


def test_an_event_revcycle_does_not_apply_is_rejected_with_201(engine):
    # given a discharge (A03)
    world = set_up_interfaces(engine)
    text = messages_of("epic_adt_a04.hl7")[0].replace("ADT^A04^ADT_A01", "ADT^A03^ADT_A03")
    # when it is received
    receipt = received(world, "", text)
    # then it is rejected with unsupported event code, not queued
    err = build_ack(text, "AR", NOW, receipt.error, receipt.error_code).split("\r")[2]
    assert (receipt.status, err) == ("rejected", "ERR||MSH^1^9^1|201^Unsupported event code^HL70357|E||||MSH-9: "
                                     "ADT\\S\\A03 is not a message revcycle applies (ADT A01/A04/A05/A08/A28/A31/A40, DFT P03)")  # fmt: skip


def test_a_user_who_may_not_receive_is_answered_ar_and_nothing_is_kept(engine):
    # given a coder (no manage_interfaces)
    world = set_up_interfaces(engine)
    text = fixture("epic_adt_a04.hl7")
    # when the message is answered as the coder
    receipt, ack = answer(world.uow(), world.coder, text, READ)
    # then it is rejected, AR, and the inbox is empty
    assert (receipt.status, ack.split("\r")[1]) == ("rejected", "MSA|AR|NC100001")
    assert interface_inbox.inbox_counts(world.uow(), world.admin) == {
        "applied": 0,
        "failed": 0,
        "dismissed": 0,
    }
