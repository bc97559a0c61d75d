"""The CLI round: `payer adjudicate` answers an 837P; `remit post` posts the 835 (twice: idempotent);
`denials list` and `remit exceptions` show the queues."""

from __future__ import annotations

import datetime as dt
import json

from remit_setup import bill, set_up_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.simulator.batch_837 import claim_batch
from revcycle.simulator.examples import example_claim, example_line
from revcycle.x12 import InterchangeHeader
from revcycle.x12.guides.x837p.write import write_claim_batches

runner = CliRunner()


def _write_837(path, claims) -> None:
    batch = claim_batch(claims, "B1", dt.date(2026, 3, 4), "ACME HEALTH")
    header = InterchangeHeader("CLINIC01", "87726", 1, created=dt.datetime(2026, 3, 4, 12), usage="T")
    path.write_text(write_claim_batches([batch], header, sender="CLINIC01", receiver="87726", group_control=1))


def test_adjudicate_then_post_twice_then_read_the_queues(engine, database_url, tmp_path):
    # given a practice that billed two claims (one will be denied CO-97) and sent them as an 837P
    practice = set_up_practice(engine)
    claims = [
        example_claim("C1", "W100", (example_line(1, "99214", 15000),)),
        example_claim("C3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000))),
    ]
    bill(practice, claims)
    _write_837(tmp_path / "batch.837", claims)
    # when the payer simulator answers it
    result = runner.invoke(app, ["payer", "adjudicate", str(tmp_path / "batch.837"), "--out", str(tmp_path / "out"),
                                 "--received", "2026-03-05", "--paid", "2026-03-20", "--json"])  # fmt: skip
    # then a 999 and an 835 are written, paying $130 + $85.50
    assert result.exit_code == 0, result.output
    adjudicated = json.loads(result.output)
    assert adjudicated["total_paid_cents"] == 21550
    assert [(c["claim"], c["status"], c["paid_cents"]) for c in adjudicated["claims"]] == [("C1", "1", 13000), ("C3", "1", 8550)]
    era = tmp_path / "out" / "batch.835"
    # when the biller posts the 835, then posts it again
    common = ["--user", "biller1", "--database-url", database_url, "--json"]
    first = runner.invoke(app, ["remit", "post", str(era), *common])
    second = runner.invoke(app, ["remit", "post", str(era), *common])
    # then the first posts both claims and the second changes nothing and says so
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["claims_posted"] == 2
    assert json.loads(second.output)["status"] == "already_posted"
    # and the denial waits in the bundling queue with its next action; no exceptions
    denials = json.loads(runner.invoke(app, ["denials", "list", *common]).output)
    assert [(g["category"], g["total_cents"], [i["adjustment"] for i in g["items"]]) for g in denials] == [("bundling", 12000, ["CO-97"])]
    assert "NCCI" in denials[0]["next_action"]
    assert json.loads(runner.invoke(app, ["remit", "exceptions", *common]).output) == []


def test_an_unbalanced_file_exits_1_and_a_missing_file_exits_2(engine, database_url, tmp_path):
    set_up_practice(engine)
    common = ["--user", "biller1", "--database-url", database_url]
    missing = runner.invoke(app, ["remit", "post", str(tmp_path / "nope.835"), *common])
    assert missing.exit_code == 2 and "cannot read" in missing.output
    bad = tmp_path / "bad.835"
    bad.write_text(
        "ISA*00*          *00*          *ZZ*87726          *ZZ*CLINIC01       *260320*0900*^*00501*000000005*0*T*:~\n"
        "GS*HP*87726*CLINIC01*20260320*0900*5*X*005010X221A1~\nST*835*0001~\n"
        "BPR*I*100*C*CHK************20260320~\nTRN*1*12345*1999999999~\nN1*PR*ACME~\nN1*PE*CLINIC*XX*1234567893~\n"
        "LX*1~\nCLP*C1*1*150*90**12*PCN1~\nSVC*HC:99213*150*90~\nCAS*CO*45*60~\nSE*11*0001~\nGE*1*5~\nIEA*1*000000005~\n"
    )
    rejected = runner.invoke(app, ["remit", "post", str(bad), *common])
    assert rejected.exit_code == 1
    assert "rejected — unbalanced: trace 12345: total paid $100.00 != claim payments $90.00" in rejected.output


def test_adjudicate_with_state_reverses_a_claim_paid_in_an_earlier_run(tmp_path):
    # given a claim adjudicated in a first run that keeps the payer's state
    from revcycle.edi.remit_read import read_835

    first = [example_claim("C2", "W200", (example_line(1, "99214", 20000),))]
    _write_837(tmp_path / "first.837", first)
    base = ["--out", str(tmp_path / "out"), "--received", "2026-03-05", "--paid", "2026-03-20", "--state", str(tmp_path / "state.json")]
    assert runner.invoke(app, ["payer", "adjudicate", str(tmp_path / "first.837"), *base]).exit_code == 0
    (advice,), _ = read_835(tmp_path / "out" / "first.835")
    # when a replacement claim naming that payment comes in a second run
    second = [example_claim("C2", "W200", (example_line(1, "99213", 15000),), frequency="7",
                            original_payer_claim_number=advice.claims[0].payer_claim_number)]  # fmt: skip
    _write_837(tmp_path / "second.837", second)
    result = runner.invoke(app, ["payer", "adjudicate", str(tmp_path / "second.837"), *base, "--json"])
    # then the second 835 reverses the first payment and pays the replacement
    assert result.exit_code == 0, result.output
    assert [(c["status"], c["paid_cents"]) for c in json.loads(result.output)["claims"]] == [("22", -6400), ("1", 1200)]
    assert (tmp_path / "out" / "second.277ca").exists()
