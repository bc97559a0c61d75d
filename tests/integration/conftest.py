"""Database fixtures for the integration tests (SQLite always; PostgreSQL when configured)."""

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from revcycle.services import users
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    """Argon2 at production cost takes ~0.1 s a hash; tests hash dozens. One test checks the real cost."""
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)
