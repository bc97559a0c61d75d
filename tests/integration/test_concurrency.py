"""Two OS processes post to the same accounts at the same time: no update is lost.

Each worker posts 200 entries (40 on SQLite, whose writers queue anyway) through the services (one transaction each) to the same patient
and payer accounts; every 10th posting uses a key both workers share, with the same content, so
exactly one of the two lands. On PostgreSQL the accounts are locked with SELECT ... FOR UPDATE
in id order; on SQLite, BEGIN IMMEDIATE serialises the writers. Either way the running totals
(read and rewritten under the lock) must equal the sums of the lines, and both must be exact.
"""

import multiprocessing

from practice_rows import claim_row, patient
from services_setup import NOW, PASSWORD

from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.practice import Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.store import UnitOfWork, make_engine

POSTINGS = {"postgresql": 200, "sqlite": 40}
SHARED_EVERY = 10


def _cents(worker: int, number: int) -> int:
    return 100 + number if number % SHARED_EVERY == 0 else 1000 * (worker + 1) + number


def _post_many(url: str, worker: int, postings: int, barrier) -> None:
    engine = make_engine(url)
    user = users.acting_user(UnitOfWork(engine), "biller1")
    barrier.wait(timeout=60)
    for number in range(postings):
        key = f"shared-{number}" if number % SHARED_EVERY == 0 else f"w{worker}-{number}"
        ref = ChargeRef(1, claim_id=number % 3 or None)  # claims 1 and 2, or none
        uow = UnitOfWork(engine, FixedClock(NOW))
        if number % 2 == 0:
            ledger.post_charge(uow, user, key, ref, _cents(worker, number), payer_id=1)
        else:
            ledger.post_insurance_payment(uow, user, key, ref, 1, _cents(worker, number))
    engine.dispose()


def _expected_balance(postings: int) -> int:
    """Insurance AR after both workers: charges minus payments, shared keys counted once."""
    total = 0
    for number in range(postings):
        sign = 1 if number % 2 == 0 else -1
        workers = (0,) if number % SHARED_EVERY == 0 else (0, 1)
        total += sum(sign * _cents(worker, number) for worker in workers)
    return total


def test_two_processes_posting_to_the_same_accounts_lose_nothing(engine, database_url):
    # given a biller, a payer and a patient
    admin = users.add_user(UnitOfWork(engine, FixedClock(NOW)), "admin", "admin", PASSWORD)
    users.add_user(UnitOfWork(engine, FixedClock(NOW)), "biller1", "biller", PASSWORD, actor=admin)
    practice.add_payer(
        UnitOfWork(engine, FixedClock(NOW)), admin, Payer("87726", "Synthetic Health", "CI", 90)
    )
    patients.register_patient(UnitOfWork(engine, FixedClock(NOW)), admin, patient(1))
    with UnitOfWork(engine) as uow:  # claims 1 and 2 (journal_lines.claim_id is a foreign key)
        assert [claim_row(uow, 1, 1, number) for number in ("E1-1", "E1-2")] == [1, 2]
    # when two processes post at the same moment
    postings = POSTINGS[engine.dialect.name]
    engine.dispose()  # no pooled connection may be inherited by the forked workers
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_post_many, args=(database_url, worker, postings, barrier))
        for worker in (0, 1)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=240)
    assert [process.exitcode for process in workers] == [0, 0]
    # then every entry landed exactly once and every balance is exact
    unique_entries = 2 * postings - postings // SHARED_EVERY
    expected = _expected_balance(postings)
    with UnitOfWork(engine) as uow:
        assert uow.journal.row_counts() == (unique_entries, 2 * unique_entries)
        trial = uow.journal.trial_balance()
        assert trial["insurance_ar:payer=1"] == expected
        assert sum(trial.values()) == 0
        running = uow.journal.running_totals()
        assert {code: balance for code, (balance, _) in running.items()} == trial
        assert running["insurance_ar:payer=1"] == (expected, unique_entries)
        assert uow.journal.receivable(patient_id=1).insurance_cents == expected
        assert len(uow.audit.events("journal_entry")) == unique_entries
