"""`revcycle claims build / scrub / export-837 / print` on a temp SQLite file (the CLI runs on the system clock)."""

import json
from datetime import date, timedelta

from claims_setup import NOW, setup_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.services.x12_files import pyx12_errors
from revcycle.store import UnitOfWork, make_engine

runner = CliRunner()
ENVELOPE = {"REVCYCLE_SUBMITTER_NAME": "Springfield Family Medicine", "REVCYCLE_SUBMITTER_ID": "CLINIC01",
            "REVCYCLE_SUBMITTER_CONTACT": "Billing Office", "REVCYCLE_SUBMITTER_PHONE": "2175550100",
            "REVCYCLE_RECEIVER_NAME": "Acme Clearinghouse", "REVCYCLE_RECEIVER_ID": "ACMECH", "REVCYCLE_USER": "bea"}


def invoke(*args):
    return runner.invoke(app, list(args), env=ENVELOPE)


def test_claims_commands_from_build_to_print(tmp_path):
    # given a database with two encounters from last week, one coded with a header code
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    assert invoke("db", "upgrade", "--database-url", url).exit_code == 0
    engine = make_engine(url)
    _biller, _payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    last_week = date.today() - timedelta(days=7)
    encounter(("E11.9",), last_week)
    encounter(("E11",), last_week + timedelta(days=1))
    # when claims are built for every ready encounter
    built = invoke("claims", "build", "--all-ready", "--database-url", url, "--json")
    assert built.exit_code == 0, built.output
    assert [(c["claim_id"], c["status"], c["total_charge_cents"]) for c in json.loads(built.stdout)] == [
        ("E1-1", "draft", 19000), ("E2-1", "draft", 19000)]
    # and scrubbed: one is not clean, so the command exits 1 and says why
    scrubbed = invoke("claims", "scrub", "--all", "--database-url", url, "--json")
    assert scrubbed.exit_code == 1
    report = json.loads(scrubbed.stdout)
    assert (report["batch_id"], report["clean_claim_rate"], report["clean_claims"]) == (1, "50.0", 1)
    assert [f["code"] for f in report["results"][1]["findings"]] == ["dx_not_billable"]
    human = invoke("claims", "scrub", "2", "--database-url", url)
    assert "fix: use one of its billable codes" in human.stdout
    # then the batch's clean claim is exported and printed
    out = tmp_path / "batch1.837"
    exported = invoke("claims", "export-837", "--batch", "1", "--out", str(out), "--database-url", url, "--json")
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout) == {"batch_id": 1, "file": str(out), "claims": ["E1-1"], "charges_posted": 2}
    assert pyx12_errors(out.read_text()) == []
    printed = invoke("claims", "print", "1", "--out", str(tmp_path / "E1-1.pdf"), "--data-only", "--database-url", url)
    assert printed.exit_code == 0 and (tmp_path / "E1-1.pdf").read_bytes().startswith(b"%PDF")
    # and usage errors are one line with exit code 2
    wrong = invoke("claims", "build", "--database-url", url)
    assert (wrong.exit_code, wrong.output.strip()) == (2, "error: [validation] give --encounter ID or --all-ready")
