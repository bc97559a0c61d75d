"""services.database: the unit of work and the schema as the CLI, the API and the web reach them (SQLite always;
PostgreSQL when REVCYCLE_TEST_DATABASE_URL is set)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import make_url

from revcycle.kernel import FixedClock
from revcycle.kernel.clock import SystemClock
from revcycle.services.database import UnitOfWork, database_status, open_unit_of_work, upgrade_database

HEAD = "0018"


def test_an_empty_database_is_behind_until_upgraded_to_head(database_url):
    # when an empty database's status is asked, it is upgraded, and its status asked again (twice upgraded)
    before = database_status(database_url)
    upgraded = upgrade_database(database_url)
    again = upgrade_database(database_url)
    after = database_status(database_url)
    # then it was at no revision and is now at head; upgrading twice changes nothing
    assert (before.revision, before.head, before.current) == (None, HEAD, False)
    assert (upgraded.revision, again.revision) == (HEAD, HEAD)
    assert (after.revision, after.head, after.current) == (HEAD, HEAD, True)
    assert after.url == make_url(database_url).render_as_string(hide_password=True)


def test_without_a_url_the_database_is_the_environments(tmp_path, monkeypatch):
    # given the database named by the environment (a SQLite file)
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    # when its status is asked without a URL
    state = database_status()
    # then it is the environment's database, not migrated yet
    assert (state.url, state.revision) == (f"sqlite:///{tmp_path / 'env.db'}", None)


def test_units_of_work_run_on_the_engine_and_clock_given_or_on_the_url_with_the_system_clock(engine, database_url):
    # given a fixed clock
    now = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    # when a unit of work is made on the engine with it, and one is opened on the URL
    on_engine = UnitOfWork(engine, FixedClock(now))
    on_url = open_unit_of_work(database_url)
    # then both reach the (migrated, empty) database; the first tells the fixed time, the second the system's
    with on_engine as uow:
        assert (uow.clock.now(), uow.views.waiting_encounter_count()) == (now, 0)
    with on_url as uow:
        assert (isinstance(uow.clock, SystemClock), uow.views.waiting_encounter_count()) == (True, 0)
