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
from revcycle.store import UnitOfWork, make_engine
from revcycle.store.repositories.claims import ClaimRepository


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
    assert len(days_left) == demo_run["appeal_letters"] >= 1
    assert all(days > 0 for days in days_left), days_left
    assert "overdue" not in page.text


def _held_claims(client) -> dict[str, str]:
    """The demo's claims the scrubber held: claim page path -> its page."""
    listing = client.get("/claims?status=scrubbed").text
    paths = sorted(set(re.findall(r'href="(/claims/\d+)" class="codes"', listing)))
    return {path: client.get(path).text for path in paths}


def test_a_held_demo_claim_is_fixed_scrubbed_again_and_submitted_on_the_demos_day(demo_run):
    # given the served demo and the claim it held because an E/M with a same-day procedure needs modifier 25
    client = _biller(demo_run, demo_clock())
    path, page = next((path, page) for path, page in _held_claims(client).items()
                      if "ncci_pair_needs_modifier" in page)  # fmt: skip
    line, code = re.search(r"line (\d+): NCCI PTP edit: \w+ \(column 1, line \d+\) and (\w+) \(column 2\)", page).groups()
    # when the biller adds modifier 25 to the E/M line and scrubs again
    fixed = client.post(f"{path}/lines/{line}", data={"procedure_code": code, "modifiers": "25", "units": "1",
                                                      "pointers": "A", "csrf_token": _token(page)})  # fmt: skip
    assert fixed.status_code == 303, fixed.text
    scrubbed = client.post(f"{path}/scrub", data={"csrf_token": _token(client.get(path).text)})
    assert scrubbed.status_code == 303, scrubbed.text
    # then the claim is clean: no timely-filing finding (its 180 days count from 2026-04-15) and it is ready
    page = client.get(path).text
    assert "timely_filing" not in page
    assert "ncci_pair_needs_modifier" not in page
    batch = re.search(r'action="/claims/batches/(\d+)/submit"', page).group(1)
    # and submitting its batch sends it to the demo's payer, recorded on the demo's day
    claim_id = path.rsplit("/", 1)[1]
    sent = client.post(f"/claims/batches/{batch}/submit", data={"claim_id": claim_id, "csrf_token": _token(page)})
    assert sent.status_code == 303, sent.text
    page = client.get(path).text
    assert re.search(r'class="status (\w+)"', page).group(1) == "submitted"
    assert re.findall(r"<td>(\d{4}-\d\d-\d\d) \d\d:\d\d</td><td>submitted</td>", page) == ["2026-04-15"]
    assert sorted(demo_run["partner"].waiting())[-1].endswith(".999")


def test_on_the_machines_clock_a_held_demo_claim_is_past_timely_filing(demo_run):
    # given the same demo served on the system clock (its day long after the demo's 180-day window)
    assert SystemClock().today() > date(2026, 9, 30)
    client = _biller(demo_run, SystemClock())
    # when a claim still held (coverage inactive) is scrubbed again
    path, page = next((path, page) for path, page in _held_claims(client).items() if "coverage_inactive" in page)
    client.post(f"{path}/scrub", data={"csrf_token": _token(page)})
    # then the scrubber says its filing limit ended: what the demo's own clock avoids
    assert "timely_filing_expired" in client.get(path).text


def test_the_underpayments_page_of_the_demo_is_filtered_sorted_and_resolved_in_bulk(demo_run):
    # given the served demo's lines Acme paid under the contract
    client = _biller(demo_run, demo_clock())
    page = client.get("/underpayments")
    rows = re.findall(r'<tr id="underpayment-(\d+)">', page.text)
    count = demo_run["underpaid_lines"]
    # then they fit one page, with one form for the whole queue (not one per row), and the page is small
    assert (len(rows), page.text.count('action="/underpayments/resolve"')) == (count, 1)
    assert f"page 1 of 1 · {count} lines" in page.text
    assert len(page.content) < 40_000
    # when filtered to 99214 and sorted by the amount short, largest first
    shorts = client.get("/underpayments?code=99214&sort=short&desc=1")
    cells = re.findall(r'<td class="codes">(\w+)</td>.*?<td class="num">\$([\d.]+)</td></tr>', shorts.text, re.S)
    # then only 99214 lines show, each short by no more than the one before
    assert {code for code, _short in cells} == {"99214"}
    assert [float(short) for _code, short in cells] == sorted((float(short) for _c, short in cells), reverse=True)
    # when three lines are checked and resolved as accepted with one note
    chosen = rows[:3]
    done = client.post("/underpayments/resolve", data={"ids": chosen, "outcome": "accepted", "note": "within 2%",
                                                        "back": "sort=short", "csrf_token": _token(page.text)})  # fmt: skip
    # then the page comes back sorted as it was, says so, and the three have left the queue
    assert (done.status_code, done.headers["location"]) == (303, "/underpayments?sort=short&resolved=3&already=0")
    after = client.get(done.headers["location"])
    assert "resolved 3 line(s)" in after.text
    left = re.findall(r'<tr id="underpayment-(\d+)">', after.text)
    assert (len(left), set(chosen) & set(left)) == (count - 3, set())


def test_the_demos_primary_claims_name_the_secondary_plan_in_the_837p(demo_run):
    # given the demo's claims to Acme of patients who also have Second Health
    with UnitOfWork(make_engine(demo_run["database_url"]), demo_clock()) as uow:
        stored = ClaimRepository(uow.connection).find()
    primaries = [c for c in stored if c.payer.payer_code == "87726" and c.other_coverages]
    secondaries = [c for c in stored if c.payer_responsibility == "S"]
    # then each names Second Health as its secondary plan (and the secondary claims name no other plan)
    assert len(primaries) >= len({c.claim_id.split("-")[0] for c in secondaries}) >= 1
    assert {(o.payer.name, o.responsibility) for c in primaries for o in c.other_coverages} == {("Second Health", "S")}
    assert all(not c.other_coverages for c in secondaries)
    # and the served app's one-claim 837P preview of such a claim carries loop 2320 for it
    client = _biller(demo_run, demo_clock())
    preview = client.get(f"/claims/{primaries[0].id}/837").text
    assert "SBR*S*" in preview and "NM1*PR*2*SECOND HEALTH*****PI*" in preview
