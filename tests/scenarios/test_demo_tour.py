"""`revcycle demo` as it stands: the tour runs end to end on a fresh SQLite file and says what it did."""

import io
import json

from rich.console import Console

from revcycle.demo.tour import run_tour


def test_demo_tour_runs_on_sqlite_and_writes_its_summary(tmp_path):
    # given an empty output folder
    # when the tour runs
    summary = run_tour(tmp_path, Console(file=io.StringIO()))
    # then the searches found what a coder expects first
    top = {row["query"]: row["code"] for row in summary["searches"]}
    assert top["type 2 diabetes with neuropathy"] == "E11.40"
    assert top["aspiration pneumonia"] == "J69.0"
    # and E11.A is refused before FY2026 and accepted from 2025-10-01
    e11a = [row for row in summary["validations"] if row["codes"] == ["E11.A"]]
    assert [bool(row["findings"]) for row in e11a] == [True, False]
    # and the E/M visit levels at 99214 by MDM
    assert summary["em"] == {"code": "99214", "basis": "mdm"}
    # and the ledger story leaves receivables at zero
    assert summary["trial_balance"]["cash"] == 11000
    assert summary["trial_balance"]["revenue"] == -15000
    assert json.loads((tmp_path / "summary.json").read_text())["em"]["code"] == "99214"
    assert (tmp_path / "revcycle-demo.db").exists()
