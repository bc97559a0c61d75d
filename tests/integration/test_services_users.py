"""Users: argon2 hashes, authentication, roles, and the audit rows they leave."""

import pytest
from services_setup import PASSWORD, set_up_practice

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.services import audit, users
from revcycle.store.tables import users as users_table


def test_passwords_are_stored_as_argon2id_hashes_and_verified(engine):
    # given a practice with users
    practice = set_up_practice(engine)
    # then the stored hash is argon2id and never the password
    with engine.connect() as connection:
        stored = (
            connection.execute(users_table.select().where(users_table.c.username == "biller1"))
            .one()
            .password_hash
        )
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    # and authentication accepts the password and refuses anything else
    assert users.authenticate(practice.uow(), "biller1", PASSWORD).role.value == "biller"
    for username, password in (("biller1", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(RevcycleError) as raised:
            users.authenticate(practice.uow(), username, password)
        assert raised.value.code is ErrorCode.UNAUTHENTICATED
        assert raised.value.message == "unknown user or wrong password"


def test_adding_users_is_audited_and_checked(engine):
    practice = set_up_practice(engine)
    # the bootstrap admin was created by `system`, the others by admin
    trail = audit.events_for(practice.uow(), practice.auditor, "user")
    assert [(e.username, e.action, e.entity_id, e.detail) for e in trail] == [
        ("system", "create", "1", "role=admin"),
        ("admin", "create", "2", "role=manager"),
        ("admin", "create", "3", "role=biller"),
        ("admin", "create", "4", "role=auditor"),
    ]
    with pytest.raises(RevcycleError) as raised:
        users.add_user(practice.uow(), "biller1", "biller", PASSWORD, actor=practice.admin)
    assert raised.value.code is ErrorCode.CONFLICT
    with pytest.raises(RevcycleError) as raised:
        users.add_user(practice.uow(), "newbie", "coder", PASSWORD, actor=practice.biller)
    assert raised.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(RevcycleError, match="a password needs at least 12 characters"):
        users.add_user(practice.uow(), "newbie", "coder", "short", actor=practice.admin)


def test_acting_user_must_exist(engine):
    practice = set_up_practice(engine)
    assert users.acting_user(practice.uow(), "manager1") == practice.manager
    with pytest.raises(RevcycleError) as raised:
        users.acting_user(practice.uow(), "ghost")
    assert raised.value.code is ErrorCode.UNAUTHENTICATED
