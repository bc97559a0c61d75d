"""The same payment posted from four processes at once is posted exactly once (PostgreSQL).

Each round the payer's one payment (one TRN) comes in two envelopes (other ISA/GS control numbers, so two
digests); four processes post behind a barrier, two per envelope. So each round races the payment's identity
(payer + TRN02 + TRN03 + amount, `payment_identities`, unique) across envelopes and the file digest within one.
Exactly one process posts; the three others answer "already posted" as a sequential re-post would (the
winner's twin: the same file; the other envelope: every payment skipped), and none of them sees an error.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from remit_setup import PAID, PAYER_SETTINGS, bill, set_up_practice
from services_setup import NOW

from revcycle.edi.remit_835 import write_835
from revcycle.kernel import FixedClock
from revcycle.services import users
from revcycle.services.remittances import post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.store import UnitOfWork, make_engine

ROUNDS = 20
PROCESSES = 4
EVERY_PAYMENT = "every payment in the file was already posted; nothing changed"


def _envelopes(engine: PayerEngine, claim, round_number: int) -> tuple[bytes, bytes, int]:
    """One adjudication (one payment, one TRN) written in two envelopes, and the amount it pays."""
    advice = engine.adjudicate([claim], PAID)
    created = dt.datetime.combine(PAID, dt.time(9))
    first, second = (write_835(advice, PAYER_SETTINGS, 2 * round_number + twin, created) for twin in (1, 2))
    return first.encode(), second.encode(), advice.total_paid_cents


def _post_rounds(url: str, worker: int, files: list[tuple[bytes, bytes, int]], barrier, results) -> None:
    engine = make_engine(url)
    user = users.acting_user(UnitOfWork(engine), "biller1")
    for round_number, envelopes in enumerate(files):
        barrier.wait(timeout=60)
        try:
            report = post_remittance(
                UnitOfWork(engine, FixedClock(NOW)), user, envelopes[worker % 2], "race.835"
            )
            results.put((round_number, worker, report.status, report.message))
        except Exception as error:  # noqa: BLE001 - what the test must never see, reported rather than lost
            results.put((round_number, worker, "error", f"{type(error).__name__}: {error}"))
    engine.dispose()


def test_the_same_payment_in_two_envelopes_from_four_processes_posts_once_every_round(engine, database_url):
    if engine.dialect.name != "postgresql":
        pytest.skip("the race needs concurrent writers: PostgreSQL (SQLite's BEGIN IMMEDIATE queues them)")
    # given a practice that billed one claim per round, and each round's payment in two envelopes
    practice = set_up_practice(engine)
    payer = PayerEngine(example_payer())
    claims = [example_claim(f"R{n}", "W100", (example_line(1, "99214", 15000),)) for n in range(ROUNDS)]
    bill(practice, claims)
    files = [_envelopes(payer, claim, n) for n, claim in enumerate(claims)]
    # when four processes post each round's files at the same moment, two per envelope
    engine.dispose()  # no pooled connection may be inherited by the forked workers
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_post_rounds, args=(database_url, worker, files, barrier, results))
        for worker in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    answers = [results.get(timeout=300) for _ in range(ROUNDS * PROCESSES)]
    for process in workers:
        process.join(timeout=60)
    assert [process.exitcode for process in workers] == [0] * PROCESSES
    # then every round exactly one process posted and the three others were told "already posted"
    for round_number in range(ROUNDS):
        here = sorted(
            (worker, status, message) for n, worker, status, message in answers if n == round_number
        )
        statuses = [status for _worker, status, _message in here]
        assert sorted(statuses) == ["already_posted"] * 3 + ["posted"], (round_number, here)
        winner = next(worker for worker, status, _message in here if status == "posted")
        for worker, _status, message in here:
            if worker == winner:
                continue
            if worker % 2 == winner % 2:  # the winner's own file: the digest is posted
                assert message.startswith("already posted on ") and message.endswith("; nothing changed")
            else:  # the other envelope: its one payment is posted
                assert message == EVERY_PAYMENT
    # and the database holds each payment once: 20 remittances, 20 identities, the ledger paid 20 times
    with practice.uow() as uow:
        posted = uow.connection.exec_driver_sql(
            "SELECT count(*) FROM remittances WHERE status = 'posted'"
        ).scalar()
        identities = uow.connection.exec_driver_sql("SELECT count(*) FROM payment_identities").scalar()
        cash = uow.journal.trial_balance()["cash"]
    assert (posted, identities, cash) == (ROUNDS, ROUNDS, sum(paid for _first, _second, paid in files))
    assert cash > 0
