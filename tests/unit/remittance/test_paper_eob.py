"""A keyed paper EOB balances before it posts; every problem is located; a balanced one becomes the remittance
model an 835 is read into."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from revcycle.kernel.findings import Severity
from revcycle.remittance.eob_file import read_eob, read_eob_csv, read_eob_yaml
from revcycle.remittance.model import Adjustment
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob, blocking, eob_advice, eob_findings

PAID = (Adjustment("CO", "45", 7000), Adjustment("PR", "1", 5000), Adjustment("PR", "2", 1600))


def _eob(*lines: EobLine, total: int = 6400) -> PaperEob:
    return PaperEob("87726", "CHK-1", date(2026, 3, 20), total, (EobClaim("C2", lines or (_line(),)),))


def _line(**changes) -> EobLine:
    values = {"procedure_code": "99214", "billed_cents": 20000, "paid_cents": 6400, "allowed_cents": 13000,
              "adjustments": PAID, "patient_responsibility_cents": 6600} | changes  # fmt: skip
    return EobLine(**values)


def test_a_balanced_eob_has_no_findings():
    # given an EOB whose line is billed 200 = paid 64 + 70 + 50 + 16 and whose check is 64
    # when it is checked
    # then nothing is found
    assert eob_findings(_eob()) == []


def test_a_line_that_does_not_balance_says_by_how_much_and_where():
    # given a line with the CO-45 adjustment missing
    line = _line(adjustments=PAID[1:])
    # when checked
    findings = eob_findings(_eob(line))
    # then the line is named with the difference and a hint
    assert [(f.code, f.location, f.message) for f in findings] == [
        ("line_not_balanced", "claim C2 line 1 (99214)",
         "billed $200.00 != paid $64.00 + adjustments $66.00 (off by $70.00)")]  # fmt: skip
    assert findings[0].hint.startswith("add the missing adjustment")


def test_a_check_total_other_than_the_claim_payments_is_an_error_on_the_check():
    # given a $64 payment on a check keyed as $46
    # when checked
    findings = eob_findings(_eob(total=4600))
    # then the check is named
    assert [(f.code, f.location, f.message) for f in findings] == [
        ("check_not_balanced", "check", "check total $46.00 != claim payments $64.00 (off by -$18.00)")]  # fmt: skip


def test_a_patient_responsibility_other_than_the_pr_adjustments_is_an_error():
    # given a line printing $60 patient responsibility while its PR adjustments are $66
    # when checked
    findings = eob_findings(_eob(_line(patient_responsibility_cents=6000)))
    # then it is named
    assert [(f.code, f.message) for f in findings] == [
        ("patient_share_not_balanced", "patient responsibility $60.00 != PR adjustments $66.00")]  # fmt: skip


def test_unknown_groups_bad_carcs_and_rarcs_are_each_an_error():
    # given a line with group XX, an empty CARC and remark "hello"
    odd = (Adjustment("XX", "45", 7000), Adjustment("PR", "", 6600))
    # when checked
    findings = eob_findings(_eob(_line(adjustments=odd, remarks=("hello",))))
    # then each is named
    assert [f.code for f in findings] == ["unknown_group", "invalid_carc", "invalid_rarc"]


def test_allowed_other_than_paid_plus_patient_is_only_a_warning():
    # given a line whose payer reduced the payment (CO-253 sequestration) below allowed - patient
    line = _line(paid_cents=6272, adjustments=(*PAID, Adjustment("CO", "253", 128)))
    # when checked
    findings = eob_findings(_eob(line, total=6272))
    # then a warning, nothing blocking
    assert [(f.code, f.severity) for f in findings] == [("allowed_differs", Severity.WARNING)]
    assert blocking(findings) == []


def test_a_balanced_eob_becomes_the_remittance_model_of_an_835():
    # given a balanced EOB
    # when it becomes an advice
    advice = eob_advice(
        _eob(_line(modifiers=("25",), service_date=date(2026, 3, 2), remarks=("N130",))), "Synthetic Health"
    )
    # then the check is the payment and the claim carries the line as an SVC would
    assert (advice.payer_id, advice.trace_number, advice.total_paid_cents, advice.payment_method) == (
        "87726", "CHK-1", 6400, "CHK")  # fmt: skip
    claim = advice.claims[0]
    assert (claim.claim_id, claim.status, claim.charge_cents, claim.paid_cents, claim.patient_responsibility_cents) == (
        "C2", "1", 20000, 6400, 6600)  # fmt: skip
    assert claim.problems() == [] and advice.is_balanced
    assert (claim.lines[0].modifiers, claim.lines[0].remarks, claim.lines[0].allowed_cents) == (
        ("25",),
        ("N130",),
        13000,
    )


def test_a_yaml_eob_reads_amounts_as_exact_cents():
    # given a YAML EOB with amounts as text and as numbers
    text = """
payer: "87726"
check_number: CHK-7
check_date: 2026-03-20
check_total: 64.10
claims:
  - claim: C2
    lines:
      - {code: "99214", date: 2026-03-02, billed: "200.00", allowed: 130.10, paid: "64.10",
         adjustments: "CO-45 69.90; PR-1 50.00; PR-2 16.00", remarks: "N130 M15"}
"""
    # when it is read
    eob = read_eob_yaml(text, "eob.yaml")
    # then the cents are exact and the adjustments parsed
    line = eob.claims[0].lines[0]
    assert (eob.check_total_cents, line.allowed_cents, line.paid_cents) == (6410, 13010, 6410)
    assert line.adjustments == (
        Adjustment("CO", "45", 6990),
        Adjustment("PR", "1", 5000),
        Adjustment("PR", "2", 1600),
    )
    assert line.remarks == ("N130", "M15") and eob_findings(eob) == []


def test_a_csv_eob_groups_rows_by_claim_and_locates_a_bad_amount():
    # given a CSV whose second line's paid amount has three decimals
    header = "payer,check_number,check_date,check_total,claim,code,billed,paid,adjustments\n"
    good = "87726,CHK-8,2026-03-20,64.00,C2,99214,200.00,64.00,CO-45 136.00\n"
    bad = "87726,CHK-8,2026-03-20,64.00,C3,99213,100.00,0.001,CO-45 100.00\n"
    # when each is read
    eob = read_eob_csv(header + good, "eob.csv")
    try:
        read_eob_csv(header + good + bad, "eob.csv")
        message = ""
    except Exception as error:  # noqa: BLE001 - the message is what is checked
        message = str(error)
    # then the good one reads; the bad one names its line and column
    assert [(c.claim_number, len(c.lines)) for c in eob.claims] == [("C2", 1)]
    assert message == "[validation] eob.csv line 3 paid: amount '0.001': dollars and cents, e.g. 64.00"


def test_the_shipped_example_eobs_read_the_same_and_balance():
    # given the example EOB as YAML and as CSV (examples/)
    examples = Path(__file__).resolve().parents[3] / "examples"
    # when each is read
    from_yaml = read_eob((examples / "paper-eob.yaml").read_text(), "paper-eob.yaml")
    from_csv = read_eob((examples / "paper-eob.csv").read_text(), "paper-eob.csv")
    # then they are the same check and it balances
    assert from_yaml == from_csv
    assert (from_yaml.check_total_cents, len(from_yaml.claims[0].lines), eob_findings(from_yaml)) == (
        6400,
        2,
        [],
    )
