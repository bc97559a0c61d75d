"""Sign-in that resists attack: throttling and lockout (lifted by a manager), constant work for unknown
users, the password policy, audited sign-ins, sessions revoked on the server, idle and absolute timeouts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient
from services_setup import NOW, PASSWORD, set_up_practice
from typer.testing import CliRunner
from web_setup import form_token

from revcycle.api import create_app
from revcycle.cli.main import app as cli_app
from revcycle.kernel import RevcycleError
from revcycle.services import audit, sign_in, users
from revcycle.web.app import create_web_app


class MovingClock:
    """A clock the test moves forward (the app's Clock protocol)."""

    def __init__(self) -> None:
        self.instant = NOW

    def now(self):
        return self.instant

    def today(self):
        return self.instant.date()

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)


class CountingHasher(PasswordHasher):
    """The cheap test hasher, counting every argon2 verification (work, not time)."""

    def __init__(self) -> None:
        base = PasswordHasher.from_parameters(CHEAPEST)
        super().__init__(base.time_cost, base.memory_cost, base.parallelism, base.hash_len, base.salt_len)
        self.verified = 0

    def verify(self, hash, password):  # noqa: A002  (argon2's parameter name)
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def clock():
    return MovingClock()


@pytest.fixture
def practice(engine):
    return set_up_practice(engine)


@pytest.fixture
def api(engine, practice, clock):
    return TestClient(create_app(engine, clock, secret_key="test-secret"))


def _token(api, username: str, password: str = PASSWORD):
    return api.post("/api/auth/token", json={"username": username, "password": password})


def _sign_in_trail(practice) -> list[tuple[str, str, str, str]]:
    return [
        (event.username, event.action, event.entity_id, event.detail)
        for event in audit.events_for(practice.uow(), practice.auditor, "sign_in")
    ]


def test_forty_wrong_passwords_then_the_right_one_is_refused_until_a_manager_unlocks(api, practice, clock):
    # given an attacker trying passwords for biller1, one every 20 seconds
    answers = []
    for attempt in range(40):
        answers.append(_token(api, "biller1", f"guess number {attempt}").status_code)
        clock.advance(seconds=20)
    # when the right password comes after them
    right = _token(api, "biller1")
    # then five failures are free, the next ones wait 2, 4, 8, 16 s, the tenth locks the account
    assert answers[:10] == [401] * 10
    assert set(answers[10:]) == {429}
    assert (right.status_code, right.json()["error"]) == (429, {
        "code": "too_many_attempts",
        "message": "too many failed sign-ins: this account is locked for 30 minutes or until a manager unlocks it",
    })  # fmt: skip
    # when a biller tries to lift it / a manager lifts it
    manager = {"Authorization": f"Bearer {_token(api, 'manager1').json()['access_token']}"}
    biller_tries = api.post("/api/sign-in-locks/unlock", json={"username": "biller1"},
                            headers={"Authorization": f"Bearer {_token(api, 'auditor1').json()['access_token']}"})  # fmt: skip
    lifted = api.post("/api/sign-in-locks/unlock", json={"username": "biller1"}, headers=manager)
    # then the auditor is refused, the manager is not, and the right password works again
    assert biller_tries.status_code == 403
    assert lifted.json() == {"username": "biller1", "address": None, "cleared": 1}
    assert _token(api, "biller1").status_code == 200


def test_the_lockout_ends_by_itself_after_thirty_minutes(api, clock):
    # given a locked account
    for attempt in range(10):
        _token(api, "biller1", f"guess number {attempt}")
        clock.advance(seconds=20)
    assert _token(api, "biller1").status_code == 429
    # when 30 minutes pass / then the right password works
    clock.advance(minutes=30)
    assert _token(api, "biller1").status_code == 200


def test_an_unknown_name_is_throttled_like_a_real_one(api, clock):
    # given ten failures for a name nobody has, and ten for a real user
    for attempt in range(10):
        _token(api, "nobody", f"guess number {attempt}")
        _token(api, "manager1", f"guess number {attempt}")
        clock.advance(seconds=20)
    # then both answer the same lockout (the answers do not tell which names exist)
    ghost, real = _token(api, "nobody", PASSWORD), _token(api, "manager1", "another guess!")
    assert ghost.status_code == real.status_code == 429
    assert ghost.json() == real.json()


def test_one_address_failing_for_many_names_is_slowed_down(api, clock):
    # given 21 failures from one address, each for another name (no account reaches its own limit)
    for attempt in range(21):
        assert _token(api, f"user{attempt}", "some guess here").status_code == 401
        clock.advance(seconds=1)
    # when a right password comes from the same address at once / after the backoff
    waited = _token(api, "biller1")
    clock.advance(seconds=3)
    later = _token(api, "biller1")
    # then it waits its 2 seconds first (the address's 21st failure), then passes
    assert (waited.status_code, waited.json()["error"]["message"]) == (
        429, "too many failed sign-ins; try again in 1 seconds")  # fmt: skip
    assert later.status_code == 200


def test_unknown_user_and_wrong_password_cost_the_same_one_verification(practice):
    # given a hasher that counts verifications (its dummy hash for unknown users made beforehand)
    counting = CountingHasher()
    previous = users.use_password_hasher(counting)
    try:
        _answer(practice, "nobody", "warm up the dummy hash")
        counted = []
        # when an unknown user, a wrong password and the right one are tried
        for username, password in (("nobody", PASSWORD), ("biller1", "wrong password!"), ("biller1", PASSWORD)):
            before = counting.verified
            counted.append((_answer(practice, username, password), counting.verified - before))
    finally:
        users.use_password_hasher(previous)
    # then each costs exactly one argon2 verification, and the two failures answer alike
    assert counted == [("unauthenticated", 1), ("unauthenticated", 1), ("biller1", 1)]


def _answer(practice, username: str, password: str) -> str:
    try:
        return sign_in.authenticate(practice.uow(), username, password, "10.0.0.1").username
    except RevcycleError as error:
        return error.code.value


def test_a_throttled_attempt_spends_no_hash(practice, clock):
    # given an account past its free failures, waiting
    uow = lambda: _uow(practice, clock)  # noqa: E731
    for attempt in range(6):
        with pytest.raises(RevcycleError):
            sign_in.authenticate(uow(), "biller1", f"guess number {attempt}", "10.0.0.2")
    counting = CountingHasher()
    previous = users.use_password_hasher(counting)
    try:
        # when it is tried again before its wait is over
        with pytest.raises(RevcycleError) as refused:
            sign_in.authenticate(uow(), "biller1", PASSWORD, "10.0.0.2")
    finally:
        users.use_password_hasher(previous)
    # then it is refused without any verification
    assert (refused.value.code.value, counting.verified) == ("too_many_attempts", 0)


def _uow(practice, clock):
    from revcycle.store import UnitOfWork

    return UnitOfWork(practice.uow().engine, clock)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pw", "a password needs at least 12 characters"),
        ("123456789012", "a password may not be only digits"),
        ("newbie-newbie", "a password may not be the user name or little more than it"),
        ("qwerty123456", "this password is on the list of common passwords attackers try first; choose another"),
        ("LeaveMeAlone", "this password is on the list of common passwords attackers try first; choose another"),
        ("abababababab", "a password needs at least 4 different characters"),
    ],
)
def test_the_password_policy_refuses_with_the_reason(api, password, message):
    # given an admin
    admin = {"Authorization": f"Bearer {_token(api, 'admin').json()['access_token']}"}
    # when a user is added with a weak password
    refused = api.post("/api/users", json={"username": "newbie", "role": "coder", "password": password}, headers=admin)
    # then 422 naming why
    assert (refused.status_code, refused.json()["error"]["message"]) == (422, message)


def test_sign_ins_are_audited_without_the_password(api, practice):
    # when one good and two bad sign-ins happen
    assert _token(api, "biller1").status_code == 200
    assert _token(api, "biller1", "not my password").status_code == 401
    assert _token(api, "ghost", PASSWORD).status_code == 401
    # then each has its audit row (the address, never the password)
    trail = _sign_in_trail(practice)
    assert trail == [
        ("biller1", "sign_in", "3", "api from testclient"),
        ("biller1", "sign_in_failed", "3", "wrong password or unknown user from testclient"),
        ("anonymous", "sign_in_failed", "unknown", "wrong password or unknown user from testclient"),
    ]
    assert not any(PASSWORD in row[3] or "not my password" in row[3] for row in trail)


def test_a_good_sign_in_rehashes_an_old_hash_with_the_current_parameters(api, practice):
    # given biller1's hash made with older argon2 parameters (t=2, m=16, p=1) than the current ones (t=1, m=8)
    with practice.uow() as uow:
        uow.users.change_password_hash("biller1", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD))
    # when biller1 signs in
    assert _token(api, "biller1").status_code == 200
    # then the stored hash now has the current parameters, and still verifies the password
    with practice.uow() as uow:
        after = uow.users.password_hash("biller1") or ""
    assert after.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert PasswordHasher.from_parameters(CHEAPEST).verify(after, PASSWORD)


def test_the_server_hasher_is_owasps_19_mib_two_passes():
    # then the production parameters: argon2id, m=19 MiB, t=2, p=1, at most 4 hashes at once
    hasher = users.SERVER_HASHER
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (19456, 2, 1)
    assert hasher.hash("a password to hash").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert users.MAX_CONCURRENT_HASHES == 4


def test_a_revoked_bearer_token_is_refused(api):
    # given a token
    headers = {"Authorization": f"Bearer {_token(api, 'biller1').json()['access_token']}"}
    assert api.get("/api/auth/me", headers=headers).status_code == 200
    # when it is signed out
    signed_out = api.delete("/api/auth/token", headers=headers)
    # then it no longer works
    after = api.get("/api/auth/me", headers=headers)
    assert signed_out.status_code == 204
    assert (after.status_code, after.json()["error"]["message"]) == (401, "this session was signed out; sign in again")


def test_after_logout_the_old_session_cookie_is_sent_to_sign_in(engine, practice, clock):
    # given a web session, its cookie kept aside
    web = TestClient(create_web_app(engine, clock, secret_key="test-secret"), follow_redirects=False)
    token = form_token(web.get("/login").text)
    web.post("/login", data={"username": "biller1", "password": PASSWORD, "csrf_token": token})
    cookie = web.cookies["revcycle_session"]
    assert web.get("/dashboard").status_code == 200
    # when the user logs out, and someone replays the old cookie
    web.post("/logout")
    web.cookies.clear()
    replayed_page = web.get("/dashboard", headers={"Cookie": f"revcycle_session={cookie}"})
    replayed_api = web.get("/api/auth/me", headers={"Cookie": f"revcycle_session={cookie}"})
    # then the page sends to sign in and the API answers 401
    assert (replayed_page.status_code, replayed_page.headers["location"]) == (303, "/login?next=/dashboard")
    assert replayed_api.status_code == 401
    assert [row[1] for row in _sign_in_trail(practice)] == ["sign_in", "sign_out"]


def test_a_session_dies_after_thirty_idle_minutes_and_after_eight_hours(api, clock):
    # given a token used every 29 minutes
    headers = {"Authorization": f"Bearer {_token(api, 'biller1').json()['access_token']}"}
    for _ in range(16):
        clock.advance(minutes=29)
        assert api.get("/api/auth/me", headers=headers).status_code == 200
    # when 8 hours have passed since sign-in (16 x 29 min = 7 h 44 min, then 17 more minutes)
    clock.advance(minutes=17)
    expired = api.get("/api/auth/me", headers=headers)
    # then the session has expired
    assert expired.json()["error"]["message"] == "the session expired; sign in again"
    # and a fresh token left idle for 30 minutes dies too
    idle = {"Authorization": f"Bearer {_token(api, 'biller1').json()['access_token']}"}
    clock.advance(minutes=30)
    assert api.get("/api/auth/me", headers=idle).json()["error"]["message"] == (
        "the session was idle too long; sign in again")  # fmt: skip


def test_the_web_sign_in_form_shows_the_lockout(engine, practice, clock):
    # given a locked account
    api = TestClient(create_app(engine, clock, secret_key="test-secret"))
    for attempt in range(10):
        _token(api, "biller1", f"guess number {attempt}")
        clock.advance(seconds=20)
    # when the right password is typed into the sign-in page
    web = TestClient(create_web_app(engine, clock, secret_key="test-secret"), follow_redirects=False)
    token = form_token(web.get("/login").text)
    answer = web.post("/login", data={"username": "biller1", "password": PASSWORD, "csrf_token": token})
    # then the page says so, with 429
    assert answer.status_code == 429
    assert "Too many failed sign-ins: this account is locked for 30 minutes or until a manager unlocks it." in answer.text


def test_the_cli_unlocks_an_account(engine, practice, clock, database_url):
    # given a locked account
    api = TestClient(create_app(engine, clock, secret_key="test-secret"))
    for attempt in range(10):
        _token(api, "biller1", f"guess number {attempt}")
        clock.advance(seconds=20)
    # when a manager unlocks it from the shell
    result = CliRunner().invoke(
        cli_app, ["users", "unlock", "biller1", "--user", "manager1", "--database-url", database_url, "--json"]
    )
    # then it is lifted
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"username": "biller1", "address": None, "cleared": 1}
    assert _token(api, "biller1").status_code == 200
