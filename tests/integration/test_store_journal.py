"""The journal repository keeps the pure journal's promises in the database."""

from datetime import UTC, date, datetime

import pytest
from practice_rows import claim_row, seed

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.ledger import ChargeRef, accounts, postings
from revcycle.store import UnitOfWork

ON = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
REF = ChargeRef(1, claim_id=1, service_line_id=501)  # claim 1: the patient's claim the seed stores


def _seeded(engine):
    with UnitOfWork(engine) as uow:
        seed(uow)
        assert claim_row(uow, patient_id=1, payer_id=2) == REF.claim_id


def test_posting_stores_lines_with_dimensions_and_running_totals(engine):
    # given a seeded database
    _seeded(engine)
    # when a charge and a payment are posted
    with UnitOfWork(engine) as uow:
        charge = uow.journal.post(postings.charge("c1", ON, REF, 15000, payer_id=2), NOW)
        uow.journal.post(postings.insurance_payment("p1", ON, REF, 2, 8000), NOW)
    # then they read back exactly, and running totals equal the sums of lines
    with UnitOfWork(engine) as uow:
        stored = uow.journal.get(charge.id)
        assert [line.as_tuple() for line in stored.lines] == [
            ("insurance_ar:payer=2", 15000, 1, 2, 1, 501),
            ("revenue", -15000, 1, 2, 1, 501),
        ]
        assert stored.entry.fingerprint() == charge.entry.fingerprint()
        assert uow.journal.trial_balance() == {"cash": 8000, "insurance_ar:payer=2": 7000, "revenue": -15000}
        assert uow.journal.running_totals() == {
            "cash": (8000, 1),
            "insurance_ar:payer=2": (7000, 2),
            "revenue": (-15000, 1),
        }
        assert uow.journal.receivable(claim_id=1).insurance_cents == 7000
        assert uow.journal.receivable(payer_id=1).total_cents == 0


def test_same_key_twice_writes_nothing_and_other_content_conflicts(engine):
    _seeded(engine)
    with UnitOfWork(engine) as uow:
        first = uow.journal.post(postings.charge("c1", ON, REF, 15000), NOW)
    with UnitOfWork(engine) as uow:
        again = uow.journal.post(postings.charge("c1", ON, REF, 15000), NOW)
        assert again.id == first.id
        with pytest.raises(RevcycleError) as raised:
            uow.journal.post(postings.charge("c1", ON, REF, 14000), NOW)
        assert raised.value.code is ErrorCode.IDEMPOTENCY_CONFLICT
    with UnitOfWork(engine) as uow:
        assert uow.journal.row_counts() == (1, 2)
        assert uow.journal.running_totals()["revenue"] == (-15000, 1)


def test_reversal_once_and_only_as_a_mirror(engine):
    _seeded(engine)
    with UnitOfWork(engine) as uow:
        charge = uow.journal.post(postings.charge("c1", ON, REF, 15000), NOW)
        reversal = uow.journal.post(postings.reversal("r1", ON, charge), NOW)
    with UnitOfWork(engine) as uow:
        assert uow.journal.reversal_of(charge.id) == reversal.id
        assert uow.journal.receivable(patient_id=1).is_zero
        with pytest.raises(RevcycleError) as raised:
            uow.journal.post(postings.reversal("r2", ON, charge), NOW)
        assert raised.value.code is ErrorCode.CONFLICT
    with UnitOfWork(engine) as uow:
        assert uow.journal.row_counts() == (2, 4)


def test_a_failure_half_way_leaves_nothing(engine):
    # given a seeded database
    _seeded(engine)
    # when a unit of work posts one entry, then fails before finishing
    with pytest.raises(RuntimeError, match="half way"), UnitOfWork(engine) as uow:
        uow.journal.post(postings.charge("c1", ON, REF, 15000), NOW)
        assert uow.journal.row_counts() == (1, 2)
        raise RuntimeError("half way")
    # then nothing of it remains: no entry, no line, no account
    with UnitOfWork(engine) as uow:
        assert uow.journal.row_counts() == (0, 0)
        assert uow.journal.running_totals() == {}


def test_nested_units_of_work_share_one_transaction(engine):
    _seeded(engine)
    uow = UnitOfWork(engine)
    with pytest.raises(RevcycleError), uow:
        with uow:  # an inner use case
            uow.journal.post(postings.charge("c1", ON, REF, 15000), NOW)
        uow.journal.post(postings.charge("c2", ON, REF, -1), NOW)  # fails while building the entry
    with UnitOfWork(engine) as check:
        assert check.journal.row_counts() == (0, 0)


def test_an_unused_unit_of_work_has_no_connection(engine):
    with pytest.raises(RevcycleError, match="not active"):
        UnitOfWork(engine).connection  # noqa: B018


def test_several_entries_in_one_transaction_keep_running_totals_exact(engine):
    # given a use case that locks every account first, then posts three entries on the same accounts
    _seeded(engine)
    with UnitOfWork(engine) as uow:
        locked = uow.journal.lock_accounts([accounts.insurance_ar(1), accounts.CASH, accounts.REVENUE])
        assert sorted(locked) == ["cash", "insurance_ar:payer=1", "revenue"]
        uow.journal.post(postings.charge("c1", ON, REF, 15000, payer_id=1), NOW)
        uow.journal.post(postings.charge("c2", ON, REF, 2500, payer_id=1), NOW)
        uow.journal.post(postings.insurance_payment("p1", ON, REF, 1, 9000), NOW)
    # then each running total is the sum of its lines
    with UnitOfWork(engine) as uow:
        assert uow.journal.running_totals() == {"cash": (9000, 1), "insurance_ar:payer=1": (8500, 3), "revenue": (-17500, 2)}
        assert uow.journal.running_total_drift() == {}
