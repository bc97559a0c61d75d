"""A paper EOB keyed by a biller posts through the 835's posting: same entries as an 835 with the same numbers,
once per payer + check number (the database's unique digest), refused with located errors when unbalanced
(SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt

import pytest
from remit_setup import answer, bill, set_up_practice

from revcycle.ledger.entries import EntryKind
from revcycle.remittance.model import Adjustment
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob
from revcycle.services import paper_eobs
from revcycle.services.paper_eobs import EobNotBalanced, post_paper_eob
from revcycle.services.remittances import post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import EXAMPLE_DOS, example_claim, example_line, example_payer

PAID_ON = dt.date(2026, 3, 20)


def _eob_line(billed=20000, paid=6400, adjustments=None) -> EobLine:
    adjustments = adjustments or (
        Adjustment("CO", "45", 7000),
        Adjustment("PR", "1", 5000),
        Adjustment("PR", "2", 1600),
    )
    return EobLine("99214", billed, paid, 13000, service_date=EXAMPLE_DOS, adjustments=adjustments,
                   patient_responsibility_cents=6600)  # fmt: skip


def _eob(claim_number="C2", check="CHK-1001", total=6400, line=None) -> PaperEob:
    claim = EobClaim(claim_number, (line or _eob_line(),), payer_claim_number="PCN-1")
    return PaperEob("87726", check, PAID_ON, total, (claim,))


def _money_of(practice, claim_row) -> list[tuple[str, tuple]]:
    """Each entry on the claim: its kind and its lines (account kind, cents), in posting order."""
    with practice.uow() as uow:
        entries = [e for e in uow.journal.entries(patient_id=practice.patient_id)
                   if any(line.claim_id == claim_row for line in e.lines) and e.kind is not EntryKind.CHARGE]  # fmt: skip
        return [
            (e.kind.value, tuple((line.account.kind.value, line.amount_cents) for line in e.lines))
            for e in entries
        ]


def test_a_paper_eob_posts_the_same_entries_as_an_835_with_the_same_numbers(engine):
    # given two $200 claims billed to the payer: one answered by an 835, the other by a paper check
    practice = set_up_practice(engine)
    by_835 = example_claim("C1", "W200", (example_line(1, "99214", 20000),))
    by_paper = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    row_835, row_paper = bill(practice, [by_835, by_paper])
    post_remittance(practice.uow(), practice.biller, answer(PayerEngine(example_payer()), [by_835]))
    # when the paper EOB with the 835's numbers (paid $64, CO-45 $70, PR-1 $50, PR-2 $16) is posted
    report = post_paper_eob(practice.uow(), practice.biller, _eob())
    # then it posts like the 835: the same entries, the same balances, the claim paid, the trial balance zero
    assert (report.status, report.claims_posted, report.exceptions) == ("posted", 1, [])
    assert report.totals == {"paid": 6400, "contractual": 7000, "patient": 6600, "next_payer": 0, "denied": 0,
                             "interest": 0, "reversed": 0}  # fmt: skip
    assert (
        _money_of(practice, row_paper)
        == _money_of(practice, row_835)
        == [
            ("insurance_payment", (("cash", 6400), ("insurance_ar", -6400))),
            ("contractual_adjustment", (("contractual_adjustment", 7000), ("insurance_ar", -7000))),
            ("transfer", (("patient_ar", 5000), ("insurance_ar", -5000))),
            ("transfer", (("patient_ar", 1600), ("insurance_ar", -1600))),
        ]
    )
    with practice.uow() as uow:
        balance = uow.journal.receivable(claim_id=row_paper)
        assert (balance.insurance_cents, balance.patient_cents) == (0, 6600)
        assert sum(uow.journal.trial_balance().values()) == 0
        assert uow.claims.get(row_paper).status.value == "paid"
        adjustments = uow.posting.adjustments_of([row.id for row in uow.posting.remitted_of_claim(row_paper)])
        assert [(a.line_number, a.group_code, a.carc, a.amount_cents) for a in adjustments] == [
            (1, "CO", "45", 7000), (1, "PR", "1", 5000), (1, "PR", "2", 1600)]  # fmt: skip


def test_the_same_check_keyed_again_changes_nothing(engine):
    # given a posted paper EOB
    practice = set_up_practice(engine)
    bill(practice, [example_claim("C2", "W200", (example_line(1, "99214", 20000),))])
    first = post_paper_eob(practice.uow(), practice.biller, _eob())
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when the same payer's check number is keyed again, even with other amounts
    again = post_paper_eob(practice.uow(), practice.biller, _eob(total=6300, line=_eob_line(paid=6300, adjustments=(
        Adjustment("CO", "45", 7100), Adjustment("PR", "1", 5000), Adjustment("PR", "2", 1600)))))  # fmt: skip
    # then nothing is written and the biller is told which remittance holds it
    assert first.status == "posted" and again.status == "already_posted"
    assert again.message.startswith("check CHK-1001 from payer 87726 was posted on 2026-03-10 15:30")
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts


def test_the_database_refuses_a_second_remittance_for_the_same_check(engine):
    # given a posted paper EOB
    practice = set_up_practice(engine)
    bill(practice, [example_claim("C2", "W200", (example_line(1, "99214", 20000),))])
    post_paper_eob(practice.uow(), practice.biller, _eob())
    # when a second desk writes a remittance row with the same identity (as a racing transaction would)
    row = {"digest": paper_eobs.eob_digest("87726", "CHK-1001"), "payer_code": "87726", "trace_number": "CHK-1001",
           "payment_date": PAID_ON, "total_paid_cents": 6400, "claim_count": 1, "status": "posted",
           "received_at": dt.datetime(2026, 3, 10, tzinfo=dt.UTC)}  # fmt: skip
    # then the unique digest refuses it
    with pytest.raises(Exception, match="(?i)unique|duplicate"), practice.uow() as uow:
        uow.remittances.add_remittance(row)


def test_a_check_already_posted_from_its_835_is_not_posted_again_from_paper(engine):
    # given a claim paid by an 835 (payer 87726, trace 144272509)
    practice = set_up_practice(engine)
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    bill(practice, [claim])
    posted = post_remittance(practice.uow(), practice.biller, answer(PayerEngine(example_payer()), [claim]))
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when the paper copy of the same payment is keyed
    report = post_paper_eob(practice.uow(), practice.biller, _eob(check=posted.trace_numbers[0]))
    # then it is skipped with a note and nothing moves
    assert report.status == "already_posted"
    assert report.notes[-1].startswith(f"trace {posted.trace_numbers[0]} from payer 87726 was already posted")
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts


def test_an_unbalanced_eob_is_refused_with_each_problem_located_and_nothing_posted(engine):
    # given a billed claim and an EOB whose line is $6.00 short and whose check total is off
    practice = set_up_practice(engine)
    bill(practice, [example_claim("C2", "W200", (example_line(1, "99214", 20000),))])
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    short = _eob_line(
        adjustments=(Adjustment("CO", "45", 6400), Adjustment("PR", "1", 5000), Adjustment("PR", "2", 1600))
    )
    # when it is posted
    with pytest.raises(EobNotBalanced) as refused:
        post_paper_eob(practice.uow(), practice.biller, _eob(total=6500, line=short))
    # then both problems are named where they are, and nothing is written
    assert [(f.code, f.location) for f in refused.value.findings] == [
        ("check_not_balanced", "check"), ("line_not_balanced", "claim C2 line 1 (99214)")]  # fmt: skip
    assert "billed $200.00 != paid $64.00 + adjustments $130.00 (off by $6.00)" in refused.value.message
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts
        assert uow.remittances.remittance_by_digest(paper_eobs.eob_digest("87726", "CHK-1001")) is None


def test_an_eob_for_an_unknown_claim_goes_to_the_exception_queue_as_an_835_would(engine):
    # given a practice with no claim C9
    practice = set_up_practice(engine)
    # when a paper EOB for C9 is posted
    report = post_paper_eob(practice.uow(), practice.biller, _eob(claim_number="C9"))
    # then the claim is an exception (unmatched), nothing is paid
    assert (report.status, report.claims_posted) == ("posted", 0)
    assert [(e["claim"], e["reason"]) for e in report.exceptions] == [("C9", "unmatched_claim")]
    assert report.totals["paid"] == 0
