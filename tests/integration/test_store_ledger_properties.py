"""The ledger state machine run through the database (SQLite; a short run keeps it fast)."""

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from practice_rows import claim_row, seed

from revcycle.ledger import postings  # noqa: F401  (the machine posts through it)
from revcycle.store import UnitOfWork, make_engine, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ledger"))
from ledger_machine import LedgerMachine  # noqa: E402

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


class StoreBackend:
    """Each call is its own unit of work, as each use case would be."""

    template: Path
    directory: Path
    count = 0

    def __init__(self) -> None:
        StoreBackend.count += 1
        path = self.directory / f"example-{StoreBackend.count}.db"
        shutil.copy(self.template, path)
        self.engine = make_engine(f"sqlite:///{path}")

    def _run(self, work):
        with UnitOfWork(self.engine) as uow:
            return work(uow.journal)

    def post(self, entry):
        return self._run(lambda journal: journal.post(entry, NOW))

    def get(self, entry_id):
        return self._run(lambda journal: journal.get(entry_id))

    def entries(self):
        return self._run(lambda journal: journal.entries())

    def trial_balance(self):
        totals = self._run(lambda journal: journal.running_totals())
        balances = self._run(lambda journal: journal.trial_balance())
        assert {code: balance for code, (balance, _) in totals.items() if code in balances} == balances
        return balances

    def receivable(self, **filters):
        return self._run(lambda journal: journal.receivable(**filters))

    def row_counts(self):
        return self._run(lambda journal: journal.row_counts())


class StoreLedgerMachine(LedgerMachine):
    make_backend = StoreBackend


def test_store_journal_keeps_the_ledger_invariants(tmp_path):
    # given a migrated, seeded template database copied for every example
    template = tmp_path / "template.db"
    engine = make_engine(f"sqlite:///{template}")
    upgrade(engine)
    with UnitOfWork(engine) as uow:
        seed(uow)
        for number in range(1, 12):  # claims 1..11: the machine's lines name claims 10 and 11 (a foreign key)
            claim_row(uow, patient_id=1, payer_id=1, number=f"E{number}-1")
    engine.dispose()
    StoreBackend.template, StoreBackend.directory = template, tmp_path
    # when random sequences of postings run through the database / then every invariant holds
    run = StoreLedgerMachine.TestCase("runTest")
    run.settings = settings(
        max_examples=6, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
    )
    result = run.defaultTestResult()
    run.run(result)
    failures = result.failures + result.errors
    if failures:
        pytest.fail(failures[0][1])
