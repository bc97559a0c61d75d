"""The app `revcycle demo` serves stands on the practice's last day (its clock starts at `cycle.AS_OF`):
the header shows that day, deadlines and aging count from it, and a held demo claim can be fixed,
scrubbed again and submitted (timely filing counted from that day, not from the machine's)."""

import io
import re
from datetime import date

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from demo_expected import ENCOUNTERS, SEED
from fastapi.testclient import TestClient
from rich.console import Console

from revcycle.cli.serve import served_app
from revcycle.demo.cli import demo_clock
from revcycle.demo.cycle import run_cycle
from revcycle.demo.setup import DEMO_PASSWORD
from revcycle.kernel.clock import ShiftedClock, SystemClock
from revcycle.services import users


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    out = tmp_path_factory.mktemp("demo-served")
    summary = run_cycle(out, encounters=ENCOUNTERS, seed=SEED, console=Console(file=io.StringIO(), width=120))
    yield summary
    users.use_password_hasher(previous)


def _biller(summary, clock) -> TestClient:
    client = TestClient(
        served_app(summary["database_url"], summary["partner"], clock), follow_redirects=False
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post(
        "/login", data={"username": "biller", "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_the_demo_clock_starts_on_the_practices_last_day_and_runs_on():
    # given the clock the demo serves its app on
    clock = demo_clock()
    # then it stands on the practice's last day (2026-04-15, from 17:00 UTC) and runs on from there
    first = clock.now()
    assert clock.today() == date(2026, 4, 15)
    assert (first.hour, first.tzinfo is not None) == (17, True)
    assert clock.now() >= first
    assert isinstance(clock, ShiftedClock)


def test_the_served_demo_shows_its_day_in_the_header_and_counts_deadlines_from_it(demo_run):
    # given the app as `revcycle demo` serves it, signed in as the biller
    client = _biller(demo_run, demo_clock())
    # when the denials work queue opens
    page = client.get("/denials")
    # then the header says the app's day, and each open appeal's deadline is days ahead, none overdue
    assert page.status_code == 200
    assert "Today 2026-04-15" in page.text
    days_left = [int(days) for days in re.findall(r'class="muted">(-?\d+) days<', page.text)]
    assert len(days_left) == 3
    assert all(days > 0 for days in days_left), days_left
    assert "overdue" not in page.text


def test_a_held_demo_claim_is_fixed_scrubbed_again_and_submitted_on_the_demos_day(demo_run):
    # given the served demo and claim 20, held by the scrubber (99214 with 94010 needs modifier 25)
    client = _biller(demo_run, demo_clock())
    page = client.get("/claims/20")
    assert "ncci_pair_needs_modifier" in page.text
    # when the biller adds modifier 25 to the E/M line and scrubs again
    fixed = client.post("/claims/20/lines/1", data={"procedure_code": "99214", "modifiers": "25", "units": "1",
                                                    "pointers": "A", "csrf_token": _token(page.text)})  # fmt: skip
    assert fixed.status_code == 303, fixed.text
    scrubbed = client.post("/claims/20/scrub", data={"csrf_token": _token(client.get("/claims/20").text)})
    assert scrubbed.status_code == 303, scrubbed.text
    # then the claim is clean: no timely-filing finding (its 180 days count from 2026-04-15) and it is ready
    page = client.get("/claims/20")
    assert "timely_filing" not in page.text
    assert "ncci_pair_needs_modifier" not in page.text
    batch = re.search(r'action="/claims/batches/(\d+)/submit"', page.text).group(1)
    # and submitting its batch sends it to the demo's payer
    sent = client.post(
        f"/claims/batches/{batch}/submit", data={"claim_id": "20", "csrf_token": _token(page.text)}
    )
    assert sent.status_code == 303, sent.text
    page = client.get("/claims/20").text
    assert re.search(r'class="status (\w+)"', page).group(1) == "submitted"
    assert "2026-04-15" in re.findall(r"<td>(\d{4}-\d\d-\d\d) \d\d:\d\d</td><td>submitted</td>", page)
    assert sorted(demo_run["partner"].waiting())[-1].endswith(".999")


def test_on_the_machines_clock_the_same_demo_claim_is_past_timely_filing(demo_run):
    # given the same demo served on the system clock (its day long after the demo's 180-day window)
    assert SystemClock().today() > date(2026, 9, 30)
    client = _biller(demo_run, SystemClock())
    # when claim 18 (held: coverage inactive) is scrubbed again
    page = client.get("/claims/18")
    client.post("/claims/18/scrub", data={"csrf_token": _token(page.text)})
    # then the scrubber says its filing limit ended: what the demo's own clock avoids
    assert "timely_filing_expired" in client.get("/claims/18").text
