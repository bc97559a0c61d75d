"""The migrations build the schema the tables describe, and the journal and audit log are append-only."""

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from practice_rows import seed
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from revcycle.ledger import ChargeRef, postings
from revcycle.store import UnitOfWork, current_revision, head_revision
from revcycle.store.repositories.users import AuditEvent
from revcycle.store.tables import metadata

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def test_upgrade_reaches_head_and_matches_the_tables(engine):
    # given a database migrated by the fixture / then it is at head and has no drift from tables.py
    assert current_revision(engine) == head_revision() is not None  # one head (ScriptDirectory raises on two)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal_lines SET amount_cents = amount_cents + 1",
        "DELETE FROM journal_lines",
        "UPDATE journal_entries SET memo = 'edited'",
        "DELETE FROM journal_entries",
        "UPDATE audit_log SET username = 'someone'",
        "DELETE FROM audit_log",
    ],
)
def test_journal_and_audit_log_refuse_update_and_delete(engine, statement):
    # given one entry and one audit row
    with UnitOfWork(engine) as uow:
        seed(uow, patients=1, payers=0)
        uow.journal.post(postings.charge("c1", date(2026, 3, 4), ChargeRef(1), 15000), NOW)
        uow.audit.append(AuditEvent(NOW, "system", "create", "patient", "1"))
    # when someone tries to edit or delete them directly in SQL / then the database refuses
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    # and nothing changed
    with UnitOfWork(engine) as uow:
        assert uow.journal.row_counts() == (1, 2)
        assert uow.journal.trial_balance() == {"patient_ar:patient=1": 15000, "revenue": -15000}
        assert uow.audit.count() == 1


def test_postgresql_also_refuses_truncate(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE journal_lines"))
