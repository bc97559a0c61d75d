"""Database fixtures for the integration tests (SQLite always; PostgreSQL when configured)."""

from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
