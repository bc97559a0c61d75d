"""`revcycle demo`: the whole cycle on a fresh SQLite file, with the numbers it reports."""

import io
import json

from rich.console import Console
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.demo.cycle import run_cycle


def test_demo_cycle_codes_bills_posts_and_reports_deterministically(tmp_path):
    # given an empty output folder and a fixed seed
    # when the cycle runs on 30 synthetic encounters
    summary = run_cycle(tmp_path, encounters=30, seed=7, console=Console(file=io.StringIO()))
    # then the confident notes were coded and billed, the rest left for a coder
    assert (summary["encounters_coded"], summary["encounters_in_coder_queue"]) == (21, 9)
    assert summary["claims_built"] == 21
    assert summary["clean_claim_rate_percent"] == "100.0"
    # and the payer accepted the batch and its 835 posted every claim
    assert summary["batches"] == {1: "accepted"}
    assert sum(remit["claims_posted"] for remit in summary["remittances"]) == 21
    # and the KPIs are those of that exact run
    kpis = summary["kpis"]
    assert (kpis["claims_adjudicated"], kpis["denial_rate"], kpis["ar_cents"]) == ("21", "0.0", "74860")
    assert summary["statements_written"] == 5
    # and the files are where the summary says
    assert json.loads((tmp_path / "summary.json").read_text())["claims_built"] == 21
    assert list((tmp_path / "clearinghouse").rglob("*.835"))
    assert len(list((tmp_path / "statements").glob("*.pdf"))) == 5


def test_demo_command_runs_without_serving(tmp_path):
    # when `revcycle demo --no-serve` runs
    result = CliRunner().invoke(app, ["demo", "--encounters", "6", "--out", str(tmp_path), "--no-serve"])
    # then it finishes and leaves its summary
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "summary.json").read_text())["encounters"] == 6
