"""The CLI round for underpayments: a payer configured to allow 90% of its contract answers the 837P
(`payer adjudicate --config`), the 835 is posted (`remit post`), and `reports underpayments --contract`
loads the practice's contract, finds the short lines and prints them by payer; a biller appeals one."""

from __future__ import annotations

import datetime as dt
import json

from remit_setup import bill, set_up_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.payer.contract_file import contract_to_dict
from revcycle.simulator.batch_837 import claim_batch
from revcycle.simulator.examples import example_claim, example_contract, example_line
from revcycle.x12 import InterchangeHeader
from revcycle.x12.guides.x837p.write import write_claim_batches

runner = CliRunner()
CLAIMS = [
    example_claim("U1", "W100", (example_line(1, "99214", 15000),)),
    example_claim(
        "U2",
        "W100",
        (
            example_line(1, "11102", 15000),
            example_line(2, "11721", 9000, ("59",)),
            example_line(3, "20610", 20000, ("59",)),
        ),
    ),  # fmt: skip
]


def _payer_config(path) -> None:
    """ACME's configuration: the example contract, a GOLD plan, member W100; it allows 90% of the contract."""
    contract = contract_to_dict(example_contract()) | {"pays_percent_of_contract": "90"}
    path.write_text(json.dumps({
        "payer_id": "87726", "name": "ACME HEALTH", "contract": contract,
        "plans": [{"plan_id": "GOLD", "deductible_cents": 0, "coinsurance_percent": "0", "out_of_pocket_max_cents": 0}],
        "members": [{"member_id": "W100", "plan_id": "GOLD", "effective_from": "2025-01-01",
                     "last_name": "DOE", "first_name": "JANE"}],
    }))  # fmt: skip


def test_adjudicate_post_then_report_underpayments_by_payer(engine, database_url, tmp_path):
    # given two claims billed to 87726 and sent as an 837P to a payer that allows 90% of its contract
    practice = set_up_practice(engine)
    bill(practice, CLAIMS)
    batch = claim_batch(CLAIMS, "B1", dt.date(2026, 3, 4), "ACME HEALTH")
    header = InterchangeHeader("CLINIC01", "87726", 1, created=dt.datetime(2026, 3, 4, 12), usage="T")
    (tmp_path / "batch.837").write_text(write_claim_batches([batch], header, sender="CLINIC01", receiver="87726",
                                                            group_control=1))  # fmt: skip
    _payer_config(tmp_path / "acme.json")
    answered = runner.invoke(app, ["payer", "adjudicate", str(tmp_path / "batch.837"), "--out", str(tmp_path / "out"),
                                   "--config", str(tmp_path / "acme.json"), "--received", "2026-03-05",
                                   "--paid", "2026-03-20"])  # fmt: skip
    assert answered.exit_code == 0, answered.output
    posted = runner.invoke(app, ["remit", "post", str(tmp_path / "out" / "batch.835"), "--user", "biller1",
                                 "--database-url", database_url])  # fmt: skip
    assert posted.exit_code == 0, posted.output
    # when a manager runs the report, loading the practice's contract from the same configuration
    common = ["--database-url", database_url]
    result = runner.invoke(app, ["reports", "underpayments", "--user", "manager1", "--contract",
                                 str(tmp_path / "acme.json"), "--tolerance-cents", "225", *common])  # fmt: skip
    # then 4 lines are checked; 99214 ($13.00 short), 11102 ($9.50) and 20610 ($3.25) are queued;
    # 11721 is exactly $2.25 short, the tolerance: not queued
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (
        "checked 4 paid lines (225 cents or 0% of expected, whichever is larger): 3 new underpayments, $25.75"
        in text
    )
    assert "│ 87726 Synthetic Health │ 3 │ $257.50 │ $231.75 │ $231.75 │ $25.75 │" in text
    assert "│ 1 │ 87726 │ U1 │ 99214 │" in text and "│ $130.00 │ $117.00 │ $13.00 │" in text
    # when the report runs again as JSON with a zero tolerance
    again = runner.invoke(app, ["reports", "underpayments", "--user", "biller1", "--tolerance-cents", "0",
                                "--json", *common])  # fmt: skip
    # then only 11721 is new, and the queue lists four lines with their differences
    report = json.loads(again.output)
    assert len(report["new"]) == 1
    assert [
        (i["claim_control_number"], i["procedure_code"], i["difference_cents"]) for i in report["queue"]
    ] == [("U1", "99214", 1300), ("U2", "11102", 950), ("U2", "20610", 325), ("U2", "11721", 225)]
    assert report["by_payer"] == [{"payer_code": "87726", "payer_name": "Synthetic Health", "lines": 4,
                                   "expected_cents": 28000, "allowed_cents": 25200, "paid_cents": 25200,
                                   "difference_cents": 2800}]  # fmt: skip
    # and another payer's filter shows nothing of 87726
    other = runner.invoke(
        app, ["reports", "underpayments", "--user", "biller1", "--payer", "00431", "--json", *common]
    )
    assert (json.loads(other.output)["by_payer"], json.loads(other.output)["queue"]) == ([], [])
    # when the biller appeals the 99214 line, then it leaves the open queue
    first_id = report["queue"][0]["id"]
    resolved = runner.invoke(app, ["reports", "underpayment-resolve", str(first_id), "--outcome", "appealed",
                                   "--note", "contract page 4 sent", "--user", "biller1", *common])  # fmt: skip
    assert resolved.exit_code == 0, resolved.output
    after = json.loads(
        runner.invoke(app, ["reports", "underpayments", "--user", "biller1", "--json", *common]).output
    )
    assert [i["procedure_code"] for i in after["queue"]] == ["11102", "20610", "11721"]
    assert after["by_payer"][0]["difference_cents"] == 2800 - 1300
    # and it cannot be resolved twice
    twice = runner.invoke(app, ["reports", "underpayment-resolve", str(first_id), "--outcome", "accepted",
                                "--note", "again", "--user", "biller1", *common])  # fmt: skip
    assert twice.exit_code != 0 and "already resolved" in twice.output
