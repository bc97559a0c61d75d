"""A real MLLP client against the listener on 127.0.0.1: ACKs in order per connection, and the soak test — every
patient and charge of REVCYCLE_SOAK_MESSAGES messages (2,500 in make test; 10,000 in CI's long step, .ci/run)
landed exactly once."""

from __future__ import annotations

import os
import threading
import time
from datetime import date, timedelta

from hl7_setup import fixture, listening, messages_of
from interface_setup import set_up_interfaces
from sqlalchemy import func, select

from revcycle.interfaces.mllp import MllpClient
from revcycle.store.tables import encounters, patients, service_lines
from revcycle.store.tables_interfaces import interface_messages

SOAK_MESSAGES = int(os.environ.get("REVCYCLE_SOAK_MESSAGES", "2500"))
CONNECTIONS = 4


def _msa(ack: str) -> str:
    return next(segment for segment in ack.split("\r") if segment.startswith("MSA"))


def test_an_mllp_client_gets_each_ack_in_order_over_one_connection(engine):
    # given the listener, and an EHR's registration, its charge message, a bad one and the registration again
    world = set_up_interfaces(engine)
    bad = (
        messages_of("athena_dft_p03.hl7")[0]
        .replace("ATH-55501", "ATH-55599")
        .replace("|20260305||CG|99214", "|20260230||CG|99214")
    )
    texts = [fixture("epic_adt_a04.hl7"), fixture("athena_dft_p03.hl7"), bad, fixture("epic_adt_a04.hl7")]
    # when they are sent over one connection, pipelined
    with listening(world) as port, MllpClient("127.0.0.1", port) as client:
        acks = client.send_many(texts)
    # then each is answered in order: applied, applied, in the queue (AE), duplicate of an applied one (AA)
    assert [_msa(ack) for ack in acks] == [
        "MSA|AA|NC100001",
        "MSA|AA|ATH-55501",
        "MSA|AE|ATH-55599",
        "MSA|AA|NC100001",
    ]
    assert acks[2].split("\r")[2] == ("ERR||FT1^1^4^1|102^Data type error^HL70357|E||||FT1-4: transaction date (date "
                                      "of service) '20260230' is not a date")  # fmt: skip


def _segment(kind: str, fields: dict[int, str]) -> str:
    return "|".join([kind, *(fields.get(number, "") for number in range(1, max(fields) + 1))])


def _soak_messages(number: int) -> list[str]:
    """Patient `number`'s five messages: A04 with a coverage, A08 (a new phone), two DFTs (two visits, two lines
    each) and the A04 re-sent (same control id)."""
    mrn, dos = f"S{number:05d}", date(2026, 1, 5) + timedelta(days=number % 50)
    msh = "MSH|^~\\&|EPIC|SOAKCLINIC|REVCYCLE|BILLING|20260301080000||{kind}|{control}|P|2.5.1"
    pid = f"PID|1||{mrn}^^^SOAKCLINIC^MR||Soak{number}^Pat||19700101|F|||{number} Elm St^^Springfield^IL^62701||2175550100"
    in1 = _segment(
        "IN1",
        {1: "1", 3: "87726", 4: "Synthetic Health", 12: "20260101", 17: "SEL", 22: "1", 36: f"M{number:06d}"},
    )
    a04 = "\r".join([msh.format(kind="ADT^A04", control=f"{mrn}-1"), "EVN|A04", pid, in1])
    a08 = "\r".join(
        [msh.format(kind="ADT^A08", control=f"{mrn}-2"), "EVN|A08", pid.replace("2175550100", "2175550111")]
    )

    def dft(control: str, visit: str, day: date) -> str:
        stamp = day.strftime("%Y%m%d")
        return "\r".join([msh.format(kind="DFT^P03", control=control), "EVN|P03", pid,
                          _segment("PV1", {1: "1", 2: "O", 7: "1245319599^Quill^Ada", 19: visit}),
                          _segment("FT1", {1: "1", 4: stamp, 6: "CG", 10: "1", 11: "110.00", 19: "I10",
                                           20: "1245319599", 25: "99213"}),
                          _segment("FT1", {1: "2", 4: stamp, 6: "CG", 10: "1", 11: "15.00", 19: "I10",
                                           20: "1245319599", 25: "36415"}), "DG1|1||I10^^I10"])  # fmt: skip

    return [
        a04,
        a08,
        dft(f"{mrn}-3", f"V{number}A", dos),
        dft(f"{mrn}-4", f"V{number}B", dos + timedelta(days=1)),
        a04,
    ]


def test_soak_every_patient_and_charge_lands_exactly_once_through_the_listener(engine):
    # given the listener and REVCYCLE_SOAK_MESSAGES / 5 patients x 5 messages (a registration, an update, two charge messages, the
    # registration re-sent), spread over 4 connections, each patient's messages in order on one of them
    world = set_up_interfaces(engine)
    patients_count = SOAK_MESSAGES // 5
    batches = [
        [m for n in range(c, patients_count, CONNECTIONS) for m in _soak_messages(n)]
        for c in range(CONNECTIONS)
    ]
    acks: list[list[str]] = [[] for _ in range(CONNECTIONS)]
    # when every message is sent
    started = time.perf_counter()
    with listening(world) as port:

        def send(index: int) -> None:
            with MllpClient("127.0.0.1", port, timeout=120) as client:
                for start in range(0, len(batches[index]), 50):
                    acks[index] += client.send_many(batches[index][start : start + 50])

        threads = [threading.Thread(target=send, args=(index,)) for index in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    # then every message was answered AA, and each patient, visit and line is there once
    answered = [_msa(ack)[:7] for batch in acks for ack in batch]
    assert (len(answered), answered.count("MSA|AA|")) == (patients_count * 5, patients_count * 5)
    with engine.connect() as connection:
        counted = [connection.scalar(select(func.count()).select_from(table)) for table in
                   (patients, encounters, service_lines, interface_messages)]  # fmt: skip
        phones = connection.scalar(
            select(func.count()).select_from(patients).where(patients.c.phone == "2175550111")
        )
        charged = connection.scalar(select(func.sum(service_lines.c.charge_cents)))
    assert counted == [patients_count, patients_count * 2, patients_count * 4, patients_count * 4]
    assert (phones, charged) == (patients_count, patients_count * 2 * (11000 + 1500))
    print(
        f"\nsoak: {patients_count * 5} messages in {elapsed:.1f} s ({patients_count * 5 / elapsed:.0f} messages/s)"
    )
