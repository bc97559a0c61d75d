"""Catching a payer that pays less than the contract: the practice's 837Ps go to two payer simulators; ACME
allows 90% of its contract, SECOND pays in full; both 835s are read and posted; the lines ACME paid short
by more than the tolerance go to the underpayment queue with the exact difference; a report by payer;
running the check again (or posting the same 835 again) changes nothing; a biller appeals one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import func, select

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.kernel.errors import RevcycleError
from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Patient, Payer
from revcycle.reports.underpayments import PayerUnderpayments, Tolerance
from revcycle.services import ledger, patients, practice, users
from revcycle.services.audit import events_for
from revcycle.services.remittances import post_remittance
from revcycle.services.underpayments import (
    find_underpayments,
    resolve_underpayment,
    set_payer_contract,
    underpayment_queue,
    underpayments_by_payer,
)
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.batch_837 import claim_batch
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.store import UnitOfWork
from revcycle.store.tables_underpayments import remitted_lines
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import InterchangeHeader
from revcycle.x12.guides.x837p.write import write_claim_batches
from sent_claims import practice_claim, record_sent

NOW = dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC)
RECEIVED = dt.date(2026, 3, 5)
PAID = dt.date(2026, 3, 20)
ACME = example_payer(pays_percent_of_contract=Decimal(90))  # allows 90% of what its contract says
SECOND = dataclasses.replace(example_payer(seed=2), payer_id="00431", name="SECOND HEALTH")
ACME_CLAIMS = [
    example_claim("U1", "W100", (example_line(1, "99214", 15000),)),
    example_claim(
        "U2",
        "W100",
        (
            example_line(1, "11102", 15000),
            example_line(2, "11721", 9000, ("59",)),
            example_line(3, "20610", 20000, ("59",)),
        ),
    ),  # fmt: skip
    example_claim("U3", "W200", (example_line(1, "99213", 12000),)),
    example_claim("U4", "W100", (example_line(1, "83036", 2500), example_line(2, "36415", 1500))),
]
SECOND_CLAIMS = [
    dataclasses.replace(example_claim("S1", "W100", (example_line(1, "99214", 15000),)), payer_id="00431")
]


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _835(payer, claims, control: int, engine_: PayerEngine | None = None) -> bytes:
    """The practice's 837P for the payer, adjudicated by the simulator; its 835 (pyx12-valid)."""
    batch = claim_batch(claims, f"B{control}", RECEIVED, payer.name)
    header = InterchangeHeader(
        "CLINIC01", payer.payer_id, control, created=dt.datetime(2026, 3, 4, 12), usage="T"
    )
    text = write_claim_batches(
        [batch], header, sender="CLINIC01", receiver=payer.payer_id, group_control=control
    )
    settings = EnvelopeSettings(payer.name.split()[0].lower(), payer.payer_id, "CLINIC01")
    run = simulate(text, engine_ or PayerEngine(payer), settings, RECEIVED, PAID, control)
    assert pyx12_errors(run.remittance_835) == []
    return run.remittance_835.encode()


def _practice(engine_):  # noqa: ANN001, ANN202
    def uow():
        return UnitOfWork(engine_, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", "correct horse battery")
    acme_id = practice.add_payer(uow(), admin, Payer("87726", "ACME HEALTH", "CI", 180)).id
    second_id = practice.add_payer(uow(), admin, Payer("00431", "SECOND HEALTH", "CI", 365)).id
    patient_id = patients.register_patient(uow(), admin, Patient("Jane", "Doe", dt.date(1980, 2, 1), "F",
                                                                   Address("1 Elm St", "Springfield", "IL", "62701"))).id  # fmt: skip
    for claims, payer_id in ((ACME_CLAIMS, acme_id), (SECOND_CLAIMS, second_id)):
        for claim in claims:
            row = record_sent(uow(), practice_claim(claim), patient_id, payer_id, NOW).id
            ledger.post_charge(uow(), admin, f"charge:{claim.claim_id}", ChargeRef(patient_id, row), claim.charge_cents,
                               payer_id, dt.date(2026, 3, 2))  # fmt: skip
    return uow, admin


def _queue(uow, admin) -> list[tuple]:  # noqa: ANN001
    return [(i.claim_control_number, i.procedure_code, i.modifiers, i.expected_cents, i.allowed_cents, i.paid_cents,
             i.difference_cents, i.payer_code) for i in underpayment_queue(uow(), admin)]  # fmt: skip


def test_a_payer_paying_below_contract_fills_the_underpayment_queue_with_exact_differences(engine):  # noqa: F811
    # given claims billed to ACME (allows 90% of its contract) and SECOND (pays the contract), both 835s posted
    uow, admin = _practice(engine)
    acme = post_remittance(uow(), admin, _835(ACME, ACME_CLAIMS, 1), source="acme.835")
    second = post_remittance(uow(), admin, _835(SECOND, SECOND_CLAIMS, 2), source="second.835")
    assert (acme.status, acme.claims_posted, second.claims_posted) == ("posted", 4, 1)
    # when the check runs before any contract is loaded
    before = find_underpayments(uow(), admin)
    # then nothing can be compared: both payers are reported as without a contract
    assert (before.lines_checked, before.found, len(before.payers_without_contract)) == (0, [], 2)
    # when the practice loads its contracts (the same fee schedule the simulators price with)
    set_payer_contract(uow(), admin, "87726", ACME.contract, source="acme-payer.json")
    set_payer_contract(uow(), admin, "00431", SECOND.contract, source="second-payer.json")
    # and checks with a $1.30 tolerance
    first = find_underpayments(uow(), admin, tolerance=Tolerance(130))
    # then 8 lines are checked and ACME's short lines are queued; SECOND's paid line is not;
    # 83036 ($13.00 expected, $11.70 allowed) is exactly $1.30 short: not flagged; 36415 ($0.30) not either
    assert (first.lines_checked, len(first.found), first.difference_cents) == (8, 5, 3700)
    assert _queue(uow, admin) == [
        ("U1", "99214", (), 13000, 11700, 11700, 1300, "87726"),
        ("U2", "11102", (), 9500, 8550, 8550, 950, "87726"),  # the highest rate: in full
        ("U2", "11721", ("59",), 2250, 2025, 2025, 225, "87726"),  # third by rate: 50% of $45
        ("U2", "20610", ("59",), 3250, 2925, 2925, 325, "87726"),  # second by rate: 50% of $65
        ("U3", "99213", (), 9000, 8100, 480, 900, "87726"),  # allowed $81 = paid $4.80 + patient $76.20
    ]
    # when the check runs again with a tolerance one cent lower
    second_run = find_underpayments(uow(), admin, tolerance=Tolerance(129))
    # then only 83036, now one cent over the tolerance, is added; nothing queued before is queued again
    assert (len(second_run.found), second_run.difference_cents) == (1, 130)
    assert _queue(uow, admin)[-1] == ("U4", "83036", (), 1300, 1170, 1170, 130, "87726")
    # and the report by payer totals ACME's six lines; SECOND has none
    assert underpayments_by_payer(uow(), admin) == [
        PayerUnderpayments("87726", "ACME HEALTH", 6, 38300, 34470, 26850, 3830)
    ]


def test_rerunning_and_reposting_change_nothing_and_an_appeal_leaves_the_queue(engine):  # noqa: F811
    # given ACME's 835 posted, the contract loaded and the queue filled once
    uow, admin = _practice(engine)
    data = _835(ACME, ACME_CLAIMS, 1)
    post_remittance(uow(), admin, data)
    set_payer_contract(uow(), admin, "87726", ACME.contract)
    found = find_underpayments(uow(), admin, tolerance=Tolerance(100))
    queue = _queue(uow, admin)
    # when the same 835 is posted again and the check is run again
    again = post_remittance(uow(), admin, data)
    rerun = find_underpayments(uow(), admin, tolerance=Tolerance(100))
    # then the file is already posted, no remitted line is recorded twice and no line enters twice
    assert again.status == "already_posted"
    with uow() as unit:
        assert unit.connection.execute(select(func.count()).select_from(remitted_lines)).scalar_one() == 7
    assert (len(found.found), rerun.found, rerun.difference_cents) == (6, [], 0)
    assert _queue(uow, admin) == queue
    # when a biller appeals the 99214 line
    first_id = found.found[0]
    resolve_underpayment(uow(), admin, first_id, "appealed", "sent the contract page to ACME")
    # then it leaves the open queue, the report drops $13.00, and it cannot be resolved twice
    assert [row.difference_cents for row in underpayments_by_payer(uow(), admin)] == [3830 - 1300]
    appealed = underpayment_queue(uow(), admin, statuses=("appealed",))
    assert [(i.id, i.status) for i in appealed] == [(first_id, "appealed")]
    with pytest.raises(RevcycleError, match="already resolved"):
        resolve_underpayment(uow(), admin, first_id, "accepted", "again")
    # and the audit log has its creation, every read that showed it and the change with its note
    events = [(e.action, e.detail) for e in events_for(uow(), admin, "underpayment", str(first_id))]
    assert events == [
        ("create", "line 1 short 1300 cents"),
        *[("read", "queue open payer all")] * 2,  # the queue read before and after the re-run
        ("change", "appealed: sent the contract page to ACME"),
        ("read", "queue appealed payer all"),
    ]


def test_a_corrected_claim_takes_the_reversed_line_off_the_queue_and_its_new_payment_is_checked(engine):  # noqa: F811
    # given U1 (99214, $13.00 short) in the queue
    uow, admin = _practice(engine)
    payer = PayerEngine(ACME)
    post_remittance(uow(), admin, _835(ACME, ACME_CLAIMS[:1], 1, payer))
    set_payer_contract(uow(), admin, "87726", ACME.contract)
    (original_item,) = find_underpayments(uow(), admin).found
    # when the practice corrects U1 to a 99213 (frequency 7, REF*F8) and the payer reverses and pays it again
    number = next(iter(payer.history))
    corrected = example_claim("U1", "W100", (example_line(1, "99213", 15000),), frequency="7",
                              original_payer_claim_number=number)  # fmt: skip
    posted = post_remittance(uow(), admin, _835(ACME, [corrected], 2, payer))
    assert (posted.claims, posted.claims_reversed) == (2, 1)
    checked = find_underpayments(uow(), admin)
    # then the original's item is closed as reversed and the new payment ($81 of a $90 contract) is queued
    assert checked.reversed == [original_item]
    assert (len(checked.found), checked.difference_cents) == (1, 900)
    assert _queue(uow, admin) == [("U1", "99213", (), 9000, 8100, 8100, 900, "87726")]
    assert [i.status for i in underpayment_queue(uow(), admin, statuses=("reversed",))] == ["reversed"]
