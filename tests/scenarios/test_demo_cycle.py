"""`revcycle demo`: the whole cycle on a fresh database, with the numbers it reports (SQLite here;
PostgreSQL in test_demo_postgres.py). A small practice keeps it fast; the stages are the full list."""

import io
import json

import pdfplumber
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
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.demo.cycle import run_cycle
from revcycle.demo.outputs import hospital_line
from revcycle.edi.remit_read import read_835
from revcycle.services import ledger, users
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork
from revcycle.store.database import make_engine
from revcycle.x12 import read_x12


@pytest.fixture(autouse=True, scope="module")
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, cheap_password_hashing):
    """One small run (given an empty output folder and a fixed seed) read by the tests below."""
    out = tmp_path_factory.mktemp("demo")
    return out, run_cycle(
        out, encounters=ENCOUNTERS, seed=SEED, console=Console(file=io.StringIO(), width=120)
    )


def test_demo_cycle_runs_every_stage_and_reports_exact_numbers(demo_run):
    # given the cycle run on a small synthetic practice with a fixed seed
    out, summary = demo_run
    # then every stage ran, in order, and was timed
    assert summary["stages"] == list(EXPECTED_STAGES)
    assert list(summary["timings_s"]) == list(EXPECTED_STAGES)
    # and the counts and the KPIs are those of that exact run
    assert {key: summary[key] for key in EXPECTED_FACTS} == EXPECTED_FACTS
    assert {key: summary["kpis"][key] for key in EXPECTED_KPIS} == EXPECTED_KPIS
    # and the summary on disk says the same
    assert json.loads((out / "summary.json").read_text())["kpis"] == summary["kpis"]


def test_demo_out_folder_holds_every_file_named_by_its_transaction(demo_run):
    # given the same run
    out, summary = demo_run
    # then the X12 files carry their transaction in their names
    names = sorted(path.name for path in (out / "x12").iterdir())
    assert names == expected_x12_files()
    assert sorted(summary["x12_files"]) == names
    # and each is the transaction its name says (our reader, every interchange of the file)
    for name in names:
        kinds = {
            parsed.guide.key
            for parsed in read_x12((out / "x12" / name).read_bytes(), typed=False).transactions
        }
        assert kinds == {name.rsplit("-", 1)[1].removesuffix(".x12").lower()}, name
    # and the claim files are valid to pyx12 (it has no maps for 270/271 and 276/277 in 5010)
    for name in ("batch-001-837P", "batch-001-999", "batch-001-277CA", "batch-001-835", "secondary-001-837P",
                 "secondary-001-835"):  # fmt: skip
        assert pyx12_errors((out / "x12" / f"{name}.x12").read_text()) == [], name
    # and the PDFs: a CMS-1500 sample, one statement per guarantor owing, the appeal letters
    assert len(list((out / "cms1500").glob("cms1500-*.pdf"))) == summary["cms1500_printed"]
    assert len(list((out / "statements").glob("statement-*.pdf"))) == summary["statements_written"]
    assert len(list((out / "appeals").glob("appeal-*.pdf"))) == summary["appeal_letters"] >= 1
    # and they are what they say: the first appeal letter names its claim, a statement its practice
    letter = sorted((out / "appeals").glob("appeal-*.pdf"))[0]
    with pdfplumber.open(letter) as pdf:
        assert letter.stem.removeprefix("appeal-") in pdf.pages[0].extract_text()
    with pdfplumber.open(sorted((out / "statements").glob("statement-*.pdf"))[0]) as pdf:
        assert "Springfield Family Medicine" in pdf.pages[0].extract_text()


def test_demo_hospital_bills_its_stays_on_the_837i_and_posts_the_835s_apart_from_the_practice(demo_run):
    # given the same run (the practice's numbers above are unchanged by the hospital)
    out, summary = demo_run
    # then Springfield General's block: every stay kind grouped to its MS-DRG, every claim clean, sent, paid
    assert summary["hospital"] == EXPECTED_HOSPITAL
    assert json.loads((out / "summary.json").read_text())["hospital"] == EXPECTED_HOSPITAL
    # and the screen report's hospital line says so
    assert hospital_line(summary["hospital"]) == (
        "[bold]hospital[/bold] (Springfield General Hospital): 11 stays, 3 outpatient visits, 14 claims on 7 837I "
        "(100.0 % clean), 11 DRGs, case-mix index 1.0993; paid $65,371.85, contractual $38,104.70, patient $13,404.45"
    )
    # and its money is all accounted for: charges = paid + contractual + patient responsibility
    money = summary["hospital"]
    assert money["charges_cents"] == money["paid_cents"] + money["contractual_cents"] + money["patient_cents"]
    # and the 837I files carry the PCS procedures and the DRG sent; they and the 835s are valid to pyx12
    sent = "".join((out / "x12" / f"hospital-{n:03d}-837I.x12").read_text() for n in range(1, 8))
    assert "HI*BBR:0SRC0J9" in sent and "HI*DR:291" in sent and "CLM*SGH0001*" in sent
    for name in ("hospital-001-837I", "hospital-001-835", "hospital-007-837I", "hospital-007-835"):
        assert pyx12_errors((out / "x12" / f"{name}.x12").read_text()) == [], name
    # and the payer paid the stays by DRG (CLP11 on each inpatient claim)
    advices = [read_835((out / "x12" / f"hospital-{n:03d}-835.x12").read_text())[0] for n in range(1, 8)]
    paid_drgs = sorted(
        claim.drg for found in advices for advice in found for claim in advice.claims if claim.drg
    )
    assert paid_drgs == sorted(EXPECTED_HOSPITAL["drgs"])
    # and the ledger verifies (the ledger verify service finds nothing)
    database = make_engine(summary["database_url"])
    uow = UnitOfWork(database)
    with uow:
        biller = users.acting_user(uow, "biller")
    assert ledger.verify_ledger(UnitOfWork(database), biller) == []
    database.dispose()
    # and one UB-04 is printed: the first stay's claim
    with pdfplumber.open(out / EXPECTED_HOSPITAL["ub04"]) as pdf:
        text = pdf.pages[0].extract_text()  # the form's labels and the claim's values overlap on the page
        assert (len(pdf.pages), "UB-04 CMS-1450" in text, "1 HOSPITAL DR" in text) == (1, True, True)


def test_demo_command_runs_without_serving(tmp_path, monkeypatch):
    # given no database named in the environment (the demo's SQLite file)
    monkeypatch.delenv("REVCYCLE_DATABASE_URL", raising=False)
    # when `revcycle demo --no-serve` runs on a handful of encounters
    result = CliRunner().invoke(
        app, ["demo", "--encounters", "6", "--seed", "3", "--out", str(tmp_path), "--no-serve"]
    )
    # then it finishes, says where the files are and how to log in, and leaves its summary
    assert result.exit_code == 0, result.output
    assert "biller / demo-password-not-secret" in result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert (summary["encounters"], summary["seed"], summary["database"]) == (6, 3, "sqlite")
    assert (tmp_path / "revcycle-demo.db").is_file()


def test_the_served_app_submits_to_the_demo_payer_which_answers_at_once(demo_run):
    # given the clearinghouse the demo hands to the web app, and the run's first 837P sent again
    out, summary = demo_run
    partner = summary["partner"]
    text = (out / "x12" / "batch-001-837P.x12").read_text(encoding="ascii")
    # when it is submitted
    partner.submit("resent-001.837", text)
    # then the demo's own payer (its members and fees) answers in the inbox: 999, 277CA and a balanced 835
    answers = partner.waiting()
    assert answers == ["resent-001.277ca", "resent-001.835", "resent-001.999"]
    advices, problems = read_835(partner.fetch("resent-001.835"))
    (advice,) = advices
    assert (problems, advice.is_balanced, advice.payment_date.isoformat()) == ([], True, "2026-04-29")
    # and, adjudicated afresh (no accumulators carried from the run), its one claim is paid
    claims = [(c.claim_id, c.status, c.paid_cents, c.patient_responsibility_cents) for c in advice.claims]
    assert claims == [("E9-1", "1", 12011, 3003)]  # Acme pays 98% of its contract (see demo_expected)
