"""Pytest fixtures for tests that need a real database (SQLite always, PostgreSQL when configured).

Use them from a conftest.py or a test module:

    from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

`database_url` is parametrised over `sqlite` (a file in the test's tmp dir) and `postgresql`
(a fresh schema named after the pytest-xdist worker in the database named by
`REVCYCLE_TEST_DATABASE_URL`, dropped afterwards; skipped with a reason when that variable is not
set). `engine` is an engine on that database, migrated to head.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade

TEST_URL_VARIABLE = "REVCYCLE_TEST_DATABASE_URL"
POSTGRES_SKIP_REASON = (
    f"{TEST_URL_VARIABLE} is not set: the PostgreSQL half of the storage tests needs a database, e.g. "
    f"{TEST_URL_VARIABLE}=postgresql+psycopg://postgres@127.0.0.1:5432/test (CI's .ci/run sets it)"
)


def postgres_base_url() -> str | None:
    return os.environ.get(TEST_URL_VARIABLE) or None


def url_with_schema(url: str, schema: str) -> str:
    """The URL whose connections put `schema` first on the search path."""
    return (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def new_postgres_schema(base_url: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"revcycle_test_{worker}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return schema


def drop_postgres_schema(base_url: str, schema: str) -> None:
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'revcycle.db'}"
        return
    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    schema = new_postgres_schema(base_url)
    try:
        yield url_with_schema(base_url, schema)
    finally:
        drop_postgres_schema(base_url, schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    migrated = make_engine(database_url)
    upgrade(migrated)
    yield migrated
    migrated.dispose()
