"""One 835, one transaction: a failure in the middle, or a worker killed in the middle, posts nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from remit_setup import answer, bill, set_up_practice
from sqlalchemy import func, select

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger import ChargeRef, postings
from revcycle.services.remittances import file_digest, post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.store.tables_remit import remittance_claims, remittances

CHILD = """
import sys, time
from revcycle.kernel import FixedClock
from revcycle.services import users
from revcycle.services.remittances import post_remittance
from revcycle.store import UnitOfWork, make_engine
engine = make_engine(sys.argv[1])
user = users.acting_user(UnitOfWork(engine), "biller1")
def stall(done, total):
    if done >= 3:
        open(sys.argv[3], "w").write("3 claims written, transaction open")
        time.sleep(600)
post_remittance(UnitOfWork(engine), user, open(sys.argv[2], "rb").read(), progress=stall, chunk_claims=3)
"""


def _claims(count: int):
    return [example_claim(f"K{n}", "W100", (example_line(1, "99214", 20000 + n),)) for n in range(count)]


def _counts(practice):
    with practice.uow() as uow:
        journal = uow.journal.row_counts()
        posted = uow.connection.scalar(select(func.count()).select_from(remittances))
        claims = uow.connection.scalar(select(func.count()).select_from(remittance_claims))
    return journal, posted, claims


def test_a_failure_in_the_middle_of_the_file_posts_nothing(engine):
    # given 6 billed claims and their 835, and a ledger key the 4th claim's payment will need already used
    practice = set_up_practice(engine)
    claims = _claims(6)
    bill(practice, claims)
    data = answer(PayerEngine(example_payer()), claims)
    clash = f"era:{file_digest(data)[:20]}:1:c4:l1:pay"
    with practice.uow() as uow:
        uow.journal.post(postings.charge(clash, date(2026, 3, 2), ChargeRef(practice.patient_id), 100), uow.clock.now())
    before = _counts(practice)
    # when the 835 is posted, the 4th claim fails (an idempotency conflict) after 3 claims were written
    with pytest.raises(RevcycleError) as failure:
        post_remittance(practice.uow(), practice.biller, data, chunk_claims=3)
    # then the whole file rolled back: no journal row, no remittance, no remitted claim
    assert failure.value.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert _counts(practice) == before


def test_a_worker_killed_mid_post_leaves_nothing_half_posted(engine, database_url, tmp_path):
    # given 8 billed claims and their 835 on disk
    practice = set_up_practice(engine)
    claims = _claims(8)
    bill(practice, claims)
    era = tmp_path / "era.835"
    era.write_bytes(answer(PayerEngine(example_payer()), claims))
    marker = tmp_path / "stalled"
    before = _counts(practice)
    # when a worker process posts it and is killed (SIGKILL) after writing 3 claims' entries
    child = subprocess.Popen([sys.executable, "-c", CHILD, database_url, str(era), str(marker)])
    deadline = time.monotonic() + 60
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the worker never reached the middle of the file"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # then nothing of the file is in the database, and posting it again posts it whole
    assert child.returncode == -signal.SIGKILL
    assert _counts(practice) == before
    report = post_remittance(practice.uow(), practice.biller, era.read_bytes())
    assert (report.status, report.claims_posted, report.entries_posted) == ("posted", 8, 8 * 2)
