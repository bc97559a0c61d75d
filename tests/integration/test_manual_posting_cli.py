"""The CLI journey of manual posting: `remit post-eob` (YAML, twice; an unbalanced CSV refused with every problem
located), then `ledger transfer`, `ledger payment` (card), `ledger write-off`, `ledger refund` and
`ledger deposits`, each as the role that may."""

from __future__ import annotations

import json

from remit_setup import bill, set_up_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.simulator.examples import example_claim, example_line

runner = CliRunner()

EOB_YAML = """
payer: "87726"
check_number: CHK-77
check_date: 2026-03-10
check_total: "64.00"
claims:
  - claim: C2
    payer_claim_number: PCN-77
    lines:
      - {code: "99214", date: 2026-03-02, billed: "200.00", allowed: "130.00", paid: "64.00",
         adjustments: "CO-45 70.00; PR-1 50.00; PR-2 16.00", patient_responsibility: "66.00"}
      - {code: "99213", date: 2026-03-02, billed: "80.00", allowed: "0.00", paid: "0.00",
         adjustments: "CO-96 80.00", remarks: N130}
"""
UNBALANCED_CSV = (
    "payer,check_number,check_date,check_total,claim,code,billed,paid,adjustments\n"
    "87726,CHK-78,2026-03-10,60.00,C2,99214,200.00,64.00,CO-45 70.00\n"
)


def _run(*args: str) -> tuple[int, object]:
    result = runner.invoke(app, list(args))
    try:
        return result.exit_code, json.loads(result.stdout)
    except json.JSONDecodeError:
        return result.exit_code, result.output


def test_post_a_paper_eob_then_move_pay_write_off_and_reconcile_from_the_command_line(
    engine, database_url, tmp_path
):
    # given a practice that billed C2 ($200 + $80) to payer 87726, and the EOB keyed as YAML
    practice = set_up_practice(engine)
    bill(
        practice,
        [example_claim("C2", "W200", (example_line(1, "99214", 20000), example_line(2, "99213", 8000)))],
    )
    (tmp_path / "eob.yaml").write_text(EOB_YAML)
    (tmp_path / "bad.csv").write_text(UNBALANCED_CSV)
    biller = ["--user", "biller1", "--database-url", database_url, "--json"]
    manager = ["--user", "manager1", "--database-url", database_url, "--json"]
    # when the biller posts the EOB twice and the unbalanced CSV once
    first = _run("remit", "post-eob", str(tmp_path / "eob.yaml"), *biller)
    again = _run("remit", "post-eob", str(tmp_path / "eob.yaml"), *biller)
    refused = runner.invoke(app, ["remit", "post-eob", str(tmp_path / "bad.csv"), "--user", "biller1",
                                  "--database-url", database_url])  # fmt: skip
    # then it posts once, and the CSV's two problems are printed where they are, exit 2
    assert first[0] == 0 and first[1]["totals"]["paid"] == 6400 and first[1]["denials"] == 1  # type: ignore[index]
    assert again[1]["status"] == "already_posted"  # type: ignore[index]
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        "error: check: check total $60.00 != claim payments $64.00 (off by -$4.00)",
        "error: claim C2 line 1 (99214): billed $200.00 != paid $64.00 + adjustments $70.00 (off by $66.00)"]  # fmt: skip
    # when the non-covered $80 moves to the patient, a $140 card payment is taken, $6 written off
    moved = _run("ledger", "transfer", "--claim", "C2", "--amount", "80.00", "--from-payer", "87726",
                 "--reason", "non-covered, ABN signed", *biller)  # fmt: skip
    paid = _run("ledger", "payment", "--patient", str(practice.patient_id), "--amount", "140.00", "--method", "card",
                "--reference", "4242", "--on", "2026-03-10", *biller)  # fmt: skip
    paid_again = _run("ledger", "payment", "--patient", str(practice.patient_id), "--amount", "140.00", "--method",
                      "card", "--reference", "4242", "--on", "2026-03-10", *biller)  # fmt: skip
    bad_debt = runner.invoke(app, ["ledger", "write-off", "--claim", "C2", "--kind", "bad_debt", "--amount", "6.00",
                                   "--reason", "small", "--user", "biller1", "--database-url", database_url])  # fmt: skip
    written = _run("ledger", "write-off", "--claim", "C2", "--kind", "small_balance", "--amount", "6.00",
                   "--reason", "under $10", *biller)  # fmt: skip
    # then each posts one entry saying why; the repeated payment is the same entry; bad debt is a manager's
    assert moved[0] == 0 and moved[1]["memo"] == "balance to the patient: non-covered, ABN signed"  # type: ignore[index]
    assert paid[1]["lines"][0] == {"account": "cash", "amount_cents": 14000}  # type: ignore[index]
    assert paid_again[1]["entry_id"] == paid[1]["entry_id"]  # type: ignore[index]
    assert bad_debt.exit_code == 2 and "may not write_off_bad_debt" in bad_debt.stderr
    assert written[1]["memo"] == "small balance write-off [SBW]: under $10"  # type: ignore[index]
    balance = _run("ledger", "balance", "--patient", str(practice.patient_id), *biller)
    assert balance[1] == {"patient_id": practice.patient_id, "insurance_cents": 0, "patient_cents": 0,
                          "unapplied_cents": 0, "total_cents": 0}  # fmt: skip
    # when the day's deposit is reconciled short, then recorded in full
    short = _run(
        "ledger", "deposits", "--day", "2026-03-10", "--record", "SLIP-1", "--amount", "190.00", *biller
    )
    full = _run(
        "ledger", "deposits", "--day", "2026-03-10", "--record", "SLIP-2", "--amount", "14.00", *biller
    )
    # then the first exits 1 with the difference; the second balances
    assert short[0] == 1 and short[1]["difference_cents"] == -1400  # type: ignore[index]
    assert short[1]["by_source"] == {"insurance check": 6400, "patient card": 14000}  # type: ignore[index]
    assert full[0] == 0 and full[1]["balanced"] is True  # type: ignore[index]
    # and a refund is a manager's: nothing to refund is said plainly
    refund = runner.invoke(app, ["ledger", "refund", "--patient", str(practice.patient_id), "--amount", "1.00",
                                 "--reason", "none", *manager[:-1]])  # fmt: skip
    assert (
        refund.exit_code == 2
        and refund.stderr.strip() == "error: [validation] $1.00 is more than the $0.00 unapplied credit"
    )


def test_a_copay_credit_is_applied_from_the_command_line_once(engine, database_url, tmp_path):
    # given C2 posted from the paper EOB ($66.00 owed by the patient) and a $25.00 cash copay kept as a credit
    practice = set_up_practice(engine)
    bill(practice, [example_claim("C2", "W200", (example_line(1, "99214", 20000), example_line(2, "99213", 8000)))])
    (tmp_path / "eob.yaml").write_text(EOB_YAML)
    biller = ["--user", "biller1", "--database-url", database_url, "--json"]
    _run("remit", "post-eob", str(tmp_path / "eob.yaml"), *biller)
    patient = str(practice.patient_id)
    _run("ledger", "payment", "--patient", patient, "--amount", "25.00", "--method", "cash", "--apply", "credit", *biller)
    # when the biller applies the credit toward C2, twice
    first = _run("ledger", "apply-credit", "--patient", patient, "--claim", "C2", *biller)
    again = _run("ledger", "apply-credit", "--patient", patient, "--claim", "C2", *biller)
    # then one entry moves $25.00 from the credit to C2; the second run finds no credit left and says so (exit 2)
    assert first[0] == 0 and first[1]["kind"] == "apply_unapplied"  # type: ignore[index]
    assert [line["amount_cents"] for line in first[1]["lines"]] == [2500, -2500]  # type: ignore[index]
    assert again == (2, f"error: [validation] patient {patient} has no unapplied credit\n")
    balance = _run("ledger", "balance", "--patient", patient, *biller)
    assert (balance[1]["patient_cents"], balance[1]["unapplied_cents"]) == (4100, 0)  # type: ignore[index]
