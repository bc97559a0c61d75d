"""`revcycle remit exceptions resolve ID --note`: a worked exception leaves the queue, the audit log keeps
who resolved it and the note; resolving it again, or an unknown id, is a one-line error (exit 2)."""

from __future__ import annotations

import json

from remit_setup import answer, set_up_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.services.remittances import post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer

runner = CliRunner()


def test_an_exception_is_resolved_with_a_note_and_audited(engine, database_url, tmp_path):
    # given an 835 paying a claim the practice never sent: it posts to the exception queue
    practice = set_up_practice(engine)
    stray = example_claim("X9", "W100", (example_line(1, "99214", 15000),))
    report = post_remittance(practice.uow(), practice.biller, answer(PayerEngine(example_payer()), [stray]))
    assert [e["reason"] for e in report.exceptions] == ["unmatched_claim"]
    common = ["--user", "biller1", "--database-url", database_url]
    (queued,) = json.loads(runner.invoke(app, ["remit", "exceptions", *common, "--json"]).output)
    assert (queued["claim"], queued["reason"], queued["amount_cents"]) == ("X9", "unmatched_claim", 13000)
    # when the biller resolves it with a note
    done = runner.invoke(app, ["remit", "exceptions", "resolve", str(queued["id"]), "--note",
                               "payer misrouted; refund requested", *common, "--json"])  # fmt: skip
    # then it leaves the queue and the audit log says who read the queue, who resolved it and why
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"id": queued["id"], "status": "resolved"}
    assert json.loads(runner.invoke(app, ["remit", "exceptions", *common, "--json"]).output) == []
    with practice.uow() as uow:
        events = list(uow.audit.events("remit_exception", str(queued["id"])))
    assert [(e.username, e.action, e.detail) for e in events] == [
        ("biller1", "read", "queue"), ("biller1", "change", "resolved: payer misrouted; refund requested")]
    # and resolving it again, an unknown id, or without a note, are one-line errors (exit 2)
    again = runner.invoke(app, ["remit", "exceptions", "resolve", str(queued["id"]), "--note", "x", *common])
    unknown = runner.invoke(app, ["remit", "exceptions", "resolve", "999", "--note", "x", *common])
    blank = runner.invoke(app, ["remit", "exceptions", "resolve", str(queued["id"]), "--note", " ", *common])
    assert (again.exit_code, unknown.exit_code, blank.exit_code) == (2, 2, 2)
    assert "already resolved" in again.output and "no remittance exception 999" in unknown.output
