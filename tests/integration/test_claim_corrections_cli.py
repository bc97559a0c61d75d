"""`revcycle claims correct` / `revcycle claims void` on a temp SQLite file."""

from __future__ import annotations

import json

from test_claim_corrections import _heard_by_277, _move, _world
from typer.testing import CliRunner

from revcycle.claims import ClaimStatus
from revcycle.cli import claim_corrections
from revcycle.cli.main import app
from revcycle.store import make_engine

runner = CliRunner()
PAID = (
    ClaimStatus.SCRUBBED,
    ClaimStatus.READY,
    ClaimStatus.SUBMITTED,
    ClaimStatus.ACCEPTED,
    ClaimStatus.PAID,
)


def _paid_claim(tmp_path) -> str:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'corrections.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    uow, _biller, claim = _world(make_engine(url))
    _heard_by_277(uow, _move(uow, claim, *PAID), "PCN2770001")
    return url


def invoke(*args: str):  # noqa: ANN201
    return runner.invoke(app, ["claims", *args], env={"REVCYCLE_USER": "bea", "COLUMNS": "120"})


def test_claims_correct_shows_the_new_claim_its_frequency_and_ref_f8(tmp_path, monkeypatch):
    monkeypatch.setattr(claim_corrections.console, "width", 120)  # Rich reads COLUMNS once, at import
    # given claim 1 (E1-1: 99214 $150 -> E11.9, 83036 $40) paid, the payer's number PCN2770001 known
    url = _paid_claim(tmp_path)
    # when the biller replaces the diagnosis and line 1's modifier and charge
    done = invoke(
        "correct",
        "1",
        "--dx",
        "E11.65",
        "--line",
        "1",
        "--modifier",
        "25",
        "--charge",
        "160.00",
        "--database-url",
        url,
    )
    # then the new claim, its frequency, REF*F8 and lines are shown
    assert done.exit_code == 0, done.output
    assert "E1-1 corrected: corrected claim E1-1V2" in done.stdout
    assert (
        "│ 2  │ E1-1V2 │ 7                   │ PCN2770001 │ 277 claim status │ E11.65    │ draft  │"
        in done.stdout
    )
    assert "│ 1    │ 99214 │ 25        │ 1     │ 1        │ $160.00 │" in done.stdout
    assert "next: revcycle claims scrub 2, then submit it like any claim" in done.stdout
    # when the corrected original is voided, then it is refused in one line
    refused = invoke("void", "1", "--reason", "duplicate", "--database-url", url)
    assert (refused.exit_code, refused.output.strip()) == (
        2, "error: [illegal_transition] claim E1-1 is corrected already: correct or void its newest version")  # fmt: skip


def test_claims_void_as_json_and_usage_errors(tmp_path):
    # given claim 1 paid with the payer's number known
    url = _paid_claim(tmp_path)
    # when a line option comes without --line, or the charge is not an amount, then exit 2 with one line
    alone = invoke("correct", "1", "--modifier", "25", "--database-url", url)
    assert (alone.exit_code, alone.output.strip()) == (
        2,
        "error: [validation] --code/--modifier/--units/--charge/--pointer need --line N",
    )
    bad = invoke("correct", "1", "--line", "1", "--charge", "abc", "--database-url", url)
    assert (bad.exit_code, bad.output.strip()) == (
        2,
        "error: [validation] --charge 'abc': not an amount: 'abc'",
    )
    # when it is voided with --json
    done = invoke("void", "1", "--reason", "billed under the wrong patient", "--database-url", url, "--json")
    # then the JSON names both claims and the payer's number
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {
        "original": {"id": 1, "claim": "E1-1", "status": "voided"},
        "claim": {"id": 2, "claim": "E1-1V2", "frequency": "8", "status": "draft", "total_charge_cents": 19000},
        "payer_claim_control_number": "PCN2770001", "source": "277 claim status"}  # fmt: skip
