"""`revcycle demo` on PostgreSQL (REVCYCLE_DATABASE_URL): the same run as on SQLite, in the demo's own
schema of the database, gives the same numbers. Skipped without REVCYCLE_TEST_DATABASE_URL."""

import io
import uuid

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from demo_expected import (
    ENCOUNTERS,
    EXPECTED_FACTS,
    EXPECTED_HOSPITAL,
    EXPECTED_KPIS,
    EXPECTED_STAGES,
    SEED,
    expected_x12_files,
)
from rich.console import Console
from sqlalchemy import text

from revcycle.demo.cycle import run_cycle
from revcycle.services import users
from revcycle.store import make_engine
from revcycle.store.testing import POSTGRES_SKIP_REASON, drop_postgres_schema, postgres_base_url

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


@pytest.fixture
def base_url():
    url = postgres_base_url()
    if url is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    return url


def test_demo_runs_on_postgresql_with_the_same_numbers(base_url, tmp_path):
    # given a PostgreSQL database and a schema name for this run
    schema = f"revcycle_demo_test_{uuid.uuid4().hex[:10]}"
    try:
        # when the demo runs the small practice there, without serving
        summary = run_cycle(tmp_path, encounters=ENCOUNTERS, seed=SEED, console=Console(file=io.StringIO(), width=120),
                            database_url=base_url, schema=schema)  # fmt: skip
        # then it ran on PostgreSQL, every stage, with the numbers of the SQLite run
        assert summary["database"] == "postgresql"
        assert summary["stages"] == list(EXPECTED_STAGES)
        assert {key: summary[key] for key in EXPECTED_FACTS} == EXPECTED_FACTS
        assert {key: summary["kpis"][key] for key in EXPECTED_KPIS} == EXPECTED_KPIS
        assert sorted(summary["x12_files"]) == expected_x12_files()
        assert summary["hospital"] == EXPECTED_HOSPITAL
        # and the practice's rows are in the demo's schema, not in the database's public schema
        engine = make_engine(summary["database_url"])
        with engine.connect() as connection:
            assert connection.execute(text("select count(*) from encounters")).scalar_one() == ENCOUNTERS
            assert connection.execute(text("select current_schema()")).scalar_one() == schema
        engine.dispose()
    finally:
        drop_postgres_schema(base_url, schema)
