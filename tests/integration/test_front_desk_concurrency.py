"""Two front desks at the same moment (two processes behind a barrier, SQLite and PostgreSQL): the same
check-in sent twice makes one visit and one copay; two different primaries added at once leave one."""

from __future__ import annotations

import multiprocessing
from datetime import date

from front_desk_setup import VISIT, set_up_front_desk
from services_setup import NOW

from revcycle.kernel import FixedClock
from revcycle.kernel.errors import RevcycleError
from revcycle.practice import Coverage, CoverageOrder
from revcycle.services import front_desk, patients
from revcycle.services.front_desk import CheckInRequest
from revcycle.store import UnitOfWork, make_engine


def _biller(engine):  # noqa: ANN001, ANN202
    with UnitOfWork(engine) as uow:
        return uow.users.find("biller1")


def _check_in(url: str, patient_id: int, doctor_id: int, barrier, answers) -> None:  # noqa: ANN001
    engine = make_engine(url)
    biller = _biller(engine)
    barrier.wait()
    visit = front_desk.check_in(UnitOfWork(engine, FixedClock(NOW)), biller, CheckInRequest(
        "desk:same", patient_id, VISIT, doctor_id, "11", copay_cents=2500, copay_method="cash"))  # fmt: skip
    answers.put((visit.encounter.id, visit.replayed))


def _add_primary(url: str, patient_id: int, payer_id: int, member: str, barrier, answers) -> None:  # noqa: ANN001
    engine = make_engine(url)
    biller = _biller(engine)
    barrier.wait()
    try:
        patients.add_coverage(UnitOfWork(engine, FixedClock(NOW)), biller, Coverage(
            patient_id, payer_id, member, CoverageOrder.PRIMARY, date(2026, 4, 1), date(2026, 12, 31)))  # fmt: skip
        answers.put("added")
    except RevcycleError as refused:
        answers.put(refused.code.value)


def _race(target, args_of) -> list:  # noqa: ANN001
    context = multiprocessing.get_context("fork")
    barrier, answers = context.Barrier(2), context.Queue()
    workers = [context.Process(target=target, args=(*args_of(worker), barrier, answers)) for worker in (0, 1)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [process.exitcode for process in workers] == [0, 0]
    return sorted(answers.get(timeout=5) for _ in workers)


def test_the_same_check_in_at_once_makes_one_visit_and_one_copay(engine, database_url, tmp_path):
    # given Richard Roe, and two desks about to send the same check-in
    desk = set_up_front_desk(engine, tmp_path / "ch")
    engine.dispose()
    # when both send it at the same moment
    answers = _race(_check_in, lambda worker: (database_url, desk.roe_id, desk.doctor_id))
    # then both name the same visit, one of them a replay; one copay entry, one check-in row
    (first_id, first_replayed), (second_id, second_replayed) = answers
    assert first_id == second_id and sorted([first_replayed, second_replayed]) == [False, True]
    with desk.uow() as uow:
        payments = [e for e in uow.journal.entries(desk.roe_id) if e.kind.value == "patient_payment"]
        assert len(payments) == 1
        assert uow.journal.receivable(patient_id=desk.roe_id).unapplied_cents == -2500


def test_two_primaries_added_at_once_leave_one(engine, database_url, tmp_path):
    # given Richard's Acme primary ending March 31 (so April is open for a new primary)
    desk = set_up_front_desk(engine, tmp_path / "ch")
    patients.end_coverage(desk.uow(), desk.biller, desk.acme_coverage_id, date(2026, 3, 31))
    engine.dispose()
    # when two desks add different primaries for April..December at the same moment (dated: the open-order
    # index does not cover them, the lock on the patient does)
    answers = _race(_add_primary, lambda worker: (database_url, desk.roe_id, (desk.acme_id, desk.second_id)[worker],
                                                  f"NEW{worker}"))  # fmt: skip
    # then one is added and the other refused as a conflict
    assert answers == ["added", "conflict"]
    with desk.uow() as uow:
        primaries = [c for c in uow.coverages.for_patient(desk.roe_id) if c.order is CoverageOrder.PRIMARY]
    assert len(primaries) == 2  # Acme until March 31, and the one added from April 1
