"""A practice's whole working day through the `revcycle` command line alone, on a fresh database (issue 14).

The practice is set up from `examples/practice.yaml` (its fees from `examples/fees.csv`); Richard Roe is
registered with Acme Health (primary, W200) and Second Health (secondary); his eligibility is asked of the
payer simulator (270/271); he is checked in with a $25.00 copay; his visit is charged (99213-25, 83036 and
a skin tag removal, 11200, which Acme does not cover), coded, built, scrubbed and submitted through a
simulator trading partner; the 999, 277CA and 835 are collected and the 835 posted, which bills the
secondary claim; Second Health's paper EOB is keyed; a small balance is written off, the non-covered
charge moves to the patient, the statement shows it, and the patient pays by card.

The simulated Acme pays by a payer configuration written here that mirrors the practice's copy of its
contract (99213 $92.00, 83036 $13.00, 11200 not covered; PPO: $500.00 deductible with $450.00 met, 20 %
coinsurance, $25.00 copay on 99213), so every amount below follows from the set-up. The CLI's clock is
the system's: dates are counted back from today (the visit 20 days ago, Acme received the claim the day
after and pays 14 days later).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pdfplumber
import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.services import users
from revcycle.store.testing import database_url  # noqa: F401  (pytest fixture)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()

ACME_PAYER = {
    "payer_id": "87726", "name": "ACME HEALTH", "seed": 1, "payment_method": "ACH",
    "contract": {"rates": [{"code": "99213", "allowed_cents": 9200}, {"code": "99214", "allowed_cents": 12800},
                           {"code": "83036", "allowed_cents": 1300}],
                 "percent_of_charge": "60", "non_covered_codes": ["11200"], "bundled_codes": ["36415"],
                 "multiple_procedure_codes": ["11200", "17110", "20610"], "multiple_procedure_percent": "50",
                 "timely_filing_days": 180},
    "plans": [{"plan_id": "PPO", "name": "Acme Gold", "deductible_cents": 50000, "coinsurance_percent": "20",
               "out_of_pocket_max_cents": 300000, "copays": [["99213", 2500]]}],
    "members": [{"member_id": "W200", "plan_id": "PPO", "effective_from": "2026-01-01", "last_name": "ROE",
                 "first_name": "RICHARD", "birth_date": "1970-05-14", "deductible_met_cents": 45000}],
}  # fmt: skip


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _json(result) -> object:  # noqa: ANN001 - click's Result
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_working_day_from_an_empty_database_to_a_card_payment(database_url, tmp_path):  # noqa: F811
    today = dt.datetime.now(dt.UTC).date()  # the CLI's clock (UTC)
    dos = today - dt.timedelta(days=20)
    received, paid_on, check_date = dos + dt.timedelta(days=1), dos + dt.timedelta(days=15), today - dt.timedelta(2)

    def run(user: str, *args: str):  # noqa: ANN202
        return runner.invoke(app, [*args, "--user", user, "--database-url", database_url])

    # --- 1. set-up ---------------------------------------------------------------------------------------
    # given an empty database and its first user, an admin
    upgraded = runner.invoke(app, ["db", "upgrade", "--database-url", database_url])
    added = runner.invoke(app, ["users", "add", "root", "--role", "admin", "--password", "a long enough password",
                                "--database-url", database_url])  # fmt: skip
    assert upgraded.exit_code == 0 and added.stdout == "added user root (admin), id 1\n", added.output
    # when the admin imports the example practice (its fee schedule comes from fees.csv beside it)
    report = _json(run("root", "setup", "import", str(EXAMPLES / "practice.yaml"), "--json"))
    # then the practice is whole: providers, facilities, 4 payers, 39 fees and the staff (bea bills, carlos codes)
    assert report["added"] == {"billing_provider": 1, "rendering_provider": 3, "referring_provider": 2,  # type: ignore[index]
                               "facility": 3, "payer": 4, "plan": 3, "user": 4}  # fmt: skip
    assert report["fees"] == {"added": 39, "ended": 0, "unchanged": 0}  # type: ignore[index]
    for code, fee in (("99213", "$110.00"), ("83036", "$40.00"), ("11200", "$150.00")):
        shown = run("bea", "setup", "fees", "show", code, "--dos", dos.isoformat())
        assert shown.stdout == f"{code}: {fee} (from 2026-01-01, Standard)\n", shown.output

    # --- 2. a patient with two coverages -----------------------------------------------------------------
    # when the front desk registers Richard Roe, then Acme Health (primary) and Second Health (secondary)
    registered = _json(run("bea", "patients", "add", "--first", "Richard", "--last", "Roe", "--dob", "1970-05-14",
                           "--sex", "M", "--line1", "12 Elm St", "--city", "Springfield", "--state", "IL", "--zip",
                           "62704", "--phone", "217-555-0101", "--json"))  # fmt: skip
    account, patient_id = registered["account_number"], registered["id"]  # type: ignore[index]
    primary = run("bea", "patients", "coverage", "add", account, "--payer", "Acme Health", "--member-id", "W200",
                  "--from", "2026-01-01")  # fmt: skip
    secondary = run("bea", "patients", "coverage", "add", account, "--payer", "00431", "--member-id", "S-77",
                    "--order", "secondary", "--group", "SUP-9", "--from", "2026-01-01")  # fmt: skip
    # then the account number carries its check digit and the coverages are listed primary first
    assert (account, patient_id) == ("00000018", 1)
    assert primary.stdout == "[1] primary: Acme Health member W200, 2026-01-01..open\n", primary.output
    assert secondary.stdout == "[2] secondary: Second Health member S-77 group SUP-9, 2026-01-01..open\n"

    # --- 3. eligibility (270/271 against the payer simulator) --------------------------------------------
    # given the simulator partner (examples/partners/simulator.json) with its folders here, Acme's terms,
    # receiving the day after the visit
    partner = json.loads((EXAMPLES / "partners" / "simulator.json").read_text())
    partner |= {"root": str(tmp_path / "exchange"), "payer_config": "acme-payer.json",
                "received_on": received.isoformat()}  # fmt: skip
    (tmp_path / "acme.json").write_text(json.dumps(partner))
    (tmp_path / "acme-payer.json").write_text(json.dumps(ACME_PAYER))
    acme = ["--partner", str(tmp_path / "acme.json")]
    # when the front desk asks about the day of the visit
    benefits = run("bea", "patients", "eligibility", account, "--dos", dos.isoformat(), *acme)
    # then the benefits are printed in plain words: $50.00 of the deductible left, a $25.00 copay, 20 %
    assert benefits.exit_code == 0, benefits.output
    assert benefits.stdout.splitlines() == [
        "Roe, Richard — Acme Health",
        f"  Status: active on {dos}",
        "  Plan: Acme Gold",
        "  Coverage dates: from 2026-01-01 with no end date given",
        "  Copay: $25.00 office visit (99213), in network",
        "  Deductible: individual, in network: $500.00; met $450.00, $50.00 remaining",
        "  Out-of-pocket maximum: individual, in network: $3,000.00; met $0.00, $3,000.00 remaining",
        "  Coinsurance: patient pays 20% of health plan, in network",
    ]

    # --- 4. check-in and charges -------------------------------------------------------------------------
    # when he is checked in with Dr Okafor, paying the $25.00 copay by card, and the biller enters the
    # superbill: three diagnoses, and each line pointing at its own (fees from the Standard schedule)
    checked_in = run("bea", "patients", "check-in", account, "--provider", "1987654328", "--facility",
                     "Riverbend main office", "--dos", dos.isoformat(), "--copay", "25.00", "--method", "card",
                     "--reference", "auth 1001")  # fmt: skip
    diagnosed = run("bea", "charges", "diagnoses", "1", "E11.9", "I10", "L91.8")
    lines = [run("bea", "charges", "add", "1", "99213", "--modifier", "25", "--pointers", "1,2"),
             run("bea", "charges", "add", "1", "83036", "--pointers", "1"),
             run("bea", "charges", "add", "1", "11200", "--pointers", "3")]  # fmt: skip
    # then the visit is E1 and each line is priced by the schedule
    assert checked_in.stdout == f"Roe, Richard checked in {dos} with Okafor, Helen, visit E1, copay $25.00\n"
    assert diagnosed.stdout == "encounter 1 diagnoses: E11.9, I10, L91.8\n", diagnosed.output
    assert [line.stdout for line in lines] == ["line 1 99213 x1 $110.00 added\n", "line 2 83036 x1 $40.00 added\n",
                                               "line 3 11200 x1 $150.00 added\n"]  # fmt: skip
    # and the copay waits on the account as a credit
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 0, "patient_cents": 0, "unapplied_cents": -2500, "total_cents": -2500}  # fmt: skip

    # --- 5. code, build, scrub, submit, collect ----------------------------------------------------------
    # when the coder confirms the diagnoses, their order and the pointers, and finalizes (the visit has no note,
    # so nothing is suggested: the coder's worklist holds only what the coder adds, not the superbill's codes)
    decided = run("carlos", "coding", "decide", "1", "--add", "E11.9,I10,L91.8", "--reason", "superbill",
                  "--order", "E11.9,I10,L91.8", "--pointers", "1=1,2", "--pointers", "2=1", "--pointers", "3=3")  # fmt: skip
    finalized = run("carlos", "coding", "finalize", "1")
    assert decided.exit_code == 0, decided.output
    assert decided.stdout.splitlines()[-7:] == [
        "final diagnoses: E11.9, I10, L91.8", "final procedures: -", "not yet decided: -",
        "diagnosis order: E11.9, I10, L91.8", "  line 1 99213 -> 1,2", "  line 2 83036 -> 1", "  line 3 11200 -> 3"]  # fmt: skip
    assert finalized.stdout == "encounter 1 coded: E11.9, I10, L91.8\n", finalized.output
    # and the biller builds the claim, scrubs it and submits its batch to the simulator partner
    built = _json(run("bea", "claims", "build", "--encounter", "1", "--json"))
    scrubbed = run("bea", "claims", "scrub", "1")
    submitted = _json(run("bea", "clearinghouse", "submit", "--batch", "1", *acme, "--json"))
    # then E1-1 bills Acme $300.00, is clean, and goes out as interchange 2 (the 270 was interchange 1)
    assert [(c["claim_id"], c["payer"]["payer_code"], c["total_charge_cents"]) for c in built] == [  # type: ignore[index,union-attr]
        ("E1-1", "87726", 30000)]  # fmt: skip
    assert scrubbed.stdout.splitlines() == ["E1-1: clean", "batch 1: 1/1 clean (clean-claim rate 100.0%)"]
    assert submitted == {"interchange_control_number": 2,
                         "file": str(tmp_path / "exchange" / "outbox" / "acme-sim-000000002.837")}  # fmt: skip
    # when the answers are collected
    collected = _json(run("bea", "clearinghouse", "collect", *acme, "--json"))
    # then the 999 accepts the file, the 277CA the claim (the payer's claim number: seed 01, the day received
    # as YYDDD, its first claim), and the 835 posts
    acme_claim = f"01{received:%y%j}0000001"
    assert collected == {
        "files": ["acme-sim-000000002.277ca", "acme-sim-000000002.835", "acme-sim-000000002.999"],
        "batches": {"2": "accepted"},
        "claims": {"E1-1": f"accepted: A2:20 accepted for processing, payer claim {acme_claim}"},
        "remittances": [{"file": "acme-sim-000000002.835", "status": "posted", "claims_posted": 1, "exceptions": 0}],
        "unmatched": [],
        "already_collected": [],
        "failed": [],
    }
    # and Acme paid as its contract says:
    #   99213-25 $110: allowed $92.00 (CO-45 $18.00); copay $25.00, the $50.00 deductible left, 20 % of the
    #     $17.00 rest = $3.40: the patient's $78.40, paid $13.60
    #   83036 $40: allowed $13.00 (CO-45 $27.00); 20 % = $2.60 the patient's, paid $10.40
    #   11200 $150: not covered, CO-96 $150.00 (stays with Acme, in the denials queue)
    # = paid $24.00; the patient's $81.00 goes to Second Health, the next payer; $150.00 still Acme's
    era = (tmp_path / "exchange" / "inbox" / "processed" / "acme-sim-000000002.835").read_text()
    assert f"CLP*E1-1*1*300*24*81*12*{acme_claim}*11*1~" in era
    assert "BPR*I*24*C*ACH*" in era and era.split("BPR*")[1].split("~")[0].endswith(f"*{paid_on:%Y%m%d}")
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 23100, "patient_cents": 0, "unapplied_cents": -2500, "total_cents": 20600}  # fmt: skip
    # and the payer's accumulators agree: the deductible is met, $81.00 of the out-of-pocket maximum too
    again = run("bea", "patients", "eligibility", account, "--dos", dos.isoformat(), *acme).stdout.splitlines()
    assert again[5:7] == ["  Deductible: individual, in network: $500.00; met $500.00, $0.00 remaining",
                          "  Out-of-pocket maximum: individual, in network: $3,000.00; met $81.00, $2,919.00 remaining"]  # fmt: skip

    # --- 6. the secondary claim and Second Health's paper EOB --------------------------------------------
    # when the biller scrubs the secondary claim the 835 built and sends it to Second Health
    secondary_scrub = run("bea", "claims", "scrub", "--all")
    sent = run("bea", "claims", "export-837", "--batch", "2", "--out", str(tmp_path / "second.837"),
               "--submitter-name", "Riverbend Family Medicine", "--submitter-id", "CLINIC01", "--contact",
               "Dana Whitfield", "--phone", "2175550140", "--receiver-name", "Second Health", "--receiver-id", "00431")  # fmt: skip
    # then E1-1S carries Acme's payment ($24.00) and the patient's share ($81.00) per 2320/2430
    assert secondary_scrub.stdout.splitlines() == ["E1-1S: clean", "batch 2: 1/1 clean (clean-claim rate 100.0%)"]
    assert " ".join(sent.stdout.split()) == f"wrote 1 claim(s) to {tmp_path / 'second.837'}; 0 charge(s) posted"
    x12 = (tmp_path / "second.837").read_text().replace("\n", "")
    assert "CLM*E1-1S*300***11:B:1*Y*A*Y*Y~" in x12 and "AMT*D*24~AMT*EAF*81~" in x12
    # when Second Health's check comes with a paper EOB: it pays the deductible and coinsurance of the visit
    # ($50.00 + $3.40), nothing of the lab's $2.60 coinsurance nor of the copay; OA-23 is what Acme settled
    d = dos.isoformat()
    (tmp_path / "eob.yaml").write_text(f"""
payer: "00431"
check_number: SH-5521
check_date: {check_date}
check_total: "53.40"
claims:
  - claim: E1-1S
    payer_claim_number: SH-26-0042
    status: secondary
    lines:
      - {{code: "99213", modifiers: "25", date: {d}, billed: "110.00", paid: "53.40",
         adjustments: "OA-23 31.60; PR-3 25.00", patient_responsibility: "25.00"}}
      - {{code: "83036", date: {d}, billed: "40.00", paid: "0.00",
         adjustments: "OA-23 37.40; PR-2 2.60", patient_responsibility: "2.60"}}
      - {{code: "11200", date: {d}, billed: "150.00", paid: "0.00", adjustments: "OA-23 150.00"}}
""")
    posted = _json(run("bea", "remit", "post-eob", str(tmp_path / "eob.yaml"), "--json"))
    again = _json(run("bea", "remit", "post-eob", str(tmp_path / "eob.yaml"), "--json"))
    # then it posts once: $53.40 paid, $27.60 left to the patient (no third payer); Acme's $150.00 stays
    assert (posted["status"], posted["total_paid_cents"], posted["totals"]) == ("posted", 5340, {  # type: ignore[index]
        "paid": 5340, "contractual": 0, "patient": 2760, "next_payer": 0, "denied": 0, "interest": 0, "reversed": 0})  # fmt: skip
    assert again["status"] == "already_posted"  # type: ignore[index]
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 15000, "patient_cents": 2760, "unapplied_cents": -2500, "total_cents": 15260}  # fmt: skip

    # --- 7. and 8. a small balance written off; the non-covered charge to the patient --------------------
    # when the lab's $2.60 (line 2) is written off and the skin tag removal's $150.00 (line 3) moves from Acme
    # to the patient, who signed the ABN
    written = _json(run("bea", "ledger", "write-off", "--claim", "E1-1", "--line", "2", "--kind", "small_balance",
                        "--amount", "2.60", "--reason", "under $10", "--on", today.isoformat(), "--json"))  # fmt: skip
    moved = _json(run("bea", "ledger", "transfer", "--claim", "E1-1", "--line", "3", "--amount", "150.00",
                      "--from-payer", "87726", "--reason", "non-covered, ABN signed", "--on", today.isoformat(),
                      "--json"))  # fmt: skip
    # then each is one entry saying why; the patient owes the copay and the $150.00, less the $25.00 credit
    assert (written["memo"], written["lines"]) == ("small balance write-off [SBW]: under $10", [  # type: ignore[index]
        {"account": "write_off", "amount_cents": 260}, {"account": "patient_ar:patient=1", "amount_cents": -260}])  # fmt: skip
    assert (moved["memo"], moved["lines"]) == ("balance to the patient: non-covered, ABN signed", [  # type: ignore[index]
        {"account": "patient_ar:patient=1", "amount_cents": 15000},
        {"account": "insurance_ar:payer=1", "amount_cents": -15000}])  # fmt: skip
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 0, "patient_cents": 17500, "unapplied_cents": -2500, "total_cents": 15000}  # fmt: skip
    # and a line the claim has not is refused in one line, nothing posted
    no_line = run("bea", "ledger", "transfer", "--claim", "E1-1", "--line", "4", "--amount", "1.00", "--from-payer",
                  "87726", "--reason", "none")  # fmt: skip
    assert (no_line.exit_code, no_line.stderr) == (2, "error: [validation] claim E1-1 has no line 4\n")

    # --- 9. the statement --------------------------------------------------------------------------------
    # when the statement run is made today
    statements = _json(run("bea", "statements", "run", "--out", str(tmp_path / "statements"), "--on",
                           today.isoformat(), "--json"))  # fmt: skip
    # then Richard Roe's PDF shows the $150.00 now his on the skin tag line, the credit, and $150.00 due
    (pdf_path,) = sorted((tmp_path / "statements").glob("*.pdf"))
    assert pdf_path.name == f"statement-P1-{today}.pdf", statements
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    visit = f"{dos:%m/%d/%Y} Richard Roe"
    assert f"{visit} 11200 $150.00 $0.00 $0.00 $0.00 $0.00 $150.00" in text.splitlines()
    assert f"{visit} 83036 $40.00 $10.40 $29.60 $0.00 $0.00 $0.00" in text.splitlines()
    assert f"{visit} 99213 25 $110.00 $67.00 $18.00 $0.00 $0.00 $25.00" in text.splitlines()
    assert "Credit on account: $25.00 Amount due $150.00" in text.splitlines()
    assert f"Please pay by {today + dt.timedelta(days=21):%m/%d/%Y}" in text

    # --- 10. the card payment ----------------------------------------------------------------------------
    # when he pays the $150.00 due by card
    payment = _json(run("bea", "ledger", "payment", "--patient", str(patient_id), "--amount", "150.00", "--method",
                        "card", "--reference", "auth 2002", "--on", today.isoformat(), "--json"))  # fmt: skip
    # then the account nets to nothing: the check-in copay is still held as a credit beside the copay it paid
    assert payment["lines"][0] == {"account": "cash", "amount_cents": 15000}  # type: ignore[index]
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 0, "patient_cents": 2500, "unapplied_cents": -2500, "total_cents": 0}  # fmt: skip
    # when the biller applies the credit to the copay it was taken for
    applied = _json(run("bea", "ledger", "apply-credit", "--patient", str(patient_id), "--json"))
    # then nothing is owed and no credit is held
    assert [line["amount_cents"] for line in applied["lines"]] == [2500, -2500]  # type: ignore[index]
    assert _json(run("bea", "ledger", "balance", "--patient", str(patient_id), "--json")) == {
        "patient_id": 1, "insurance_cents": 0, "patient_cents": 0, "unapplied_cents": 0, "total_cents": 0}  # fmt: skip
    # and the books balance: cash $25.00 + $24.00 + $53.40 + $150.00 = $252.40; with $45.00 contractual and
    # $2.60 written off that is the $300.00 billed
    trial = _json(run("bea", "ledger", "trial-balance", "--json"))
    assert trial == {"accounts": {"cash": 25240, "contractual_adjustment": 4500, "insurance_ar:payer=1": 0,
                                  "insurance_ar:payer=2": 0, "patient_ar:patient=1": 0, "revenue": -30000,
                                  "unapplied_cash:patient=1": 0, "write_off": 260}, "total_cents": 0}  # fmt: skip
    verified = run("bea", "ledger", "verify")
    assert (verified.exit_code, verified.stdout) == (
        0, "ledger ok: every entry balances, the trial balance is zero, running totals agree\n")  # fmt: skip
