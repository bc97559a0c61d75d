"""Posting 835s into the ledger: payments, contractual adjustments, patient share, denials, reversals,
PLB, idempotency, the balance check and the exception queue (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

from remit_setup import answer, bill, set_up_practice

from revcycle.services.remittances import post_remittance
from revcycle.simulator.config import ProviderAdjustmentRule
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.store.repositories.remittances import RemittanceRepository


def _receivable(practice, claim_row):
    with practice.uow() as uow:
        return uow.journal.receivable(claim_id=claim_row)


def _trial(practice):
    with practice.uow() as uow:
        return uow.journal.trial_balance()


def test_a_paid_claim_clears_insurance_ar_and_moves_deductible_and_coinsurance_to_the_patient(engine):
    # given a $200 claim billed to the primary payer, adjudicated with $50 deductible and $16 coinsurance
    practice = set_up_practice(engine)
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    (claim_row,) = bill(practice, [claim])
    data = answer(PayerEngine(example_payer()), [claim])
    # when the 835 is posted
    report = post_remittance(practice.uow(), practice.biller, data, "era.835")
    # then $64 paid, $70 written off contractually, $66 owed by the patient, nothing by the payer
    assert (report.status, report.claims_posted, report.exceptions) == ("posted", 1, [])
    assert report.totals == {"paid": 6400, "contractual": 7000, "patient": 6600, "next_payer": 0, "denied": 0,
                                  "interest": 0, "reversed": 0}  # fmt: skip
    receivable = _receivable(practice, claim_row)
    assert (receivable.insurance_cents, receivable.patient_cents) == (0, 6600)
    assert _trial(practice)["cash"] == 6400 and _trial(practice)["contractual_adjustment"] == 7000


def test_the_same_835_twice_changes_nothing_and_says_so(engine):
    # given a posted 835
    practice = set_up_practice(engine)
    claim = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    bill(practice, [claim])
    data = answer(PayerEngine(example_payer()), [claim])
    first = post_remittance(practice.uow(), practice.biller, data)
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when it is posted again (even with other line breaks)
    second = post_remittance(practice.uow(), practice.biller, data.replace(b"~\n", b"~\r\n"))
    # then it is recognised, and the journal is unchanged
    assert first.entries_posted == 2
    assert second.status == "already_posted" and "nothing changed" in second.message
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts


def test_the_same_payment_resent_in_a_new_envelope_is_not_posted_twice(engine):
    # given a posted 835
    practice = set_up_practice(engine)
    claim = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    bill(practice, [claim])
    data = answer(PayerEngine(example_payer()), [claim])
    first = post_remittance(practice.uow(), practice.biller, data)
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when the payer sends the same payment (same TRN trace) again with new interchange and group numbers
    text = data.decode("ascii")
    isa13, gs06 = text.split("*")[13], text.split("GS*")[1].split("*")[5]
    resent = text.replace(isa13, "000000777").replace(f"*{gs06}*X*", "*777*X*").replace(f"GE*1*{gs06}~", "GE*1*777~")
    second = post_remittance(practice.uow(), practice.biller, resent.encode("ascii"), "resent.835")
    # then it is a new file, but its payment is recognised, nothing is posted and the biller is told
    assert second.digest != first.digest
    assert (second.status, second.claims_posted, second.remittance_ids) == ("already_posted", 0, first.remittance_ids)
    assert second.message == "every payment in the file was already posted; nothing changed"
    assert second.notes == ["trace 144272509 from payer 87726 was already posted (remittance 1); skipped"]
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts


def test_an_unbalanced_835_is_rejected_and_nothing_is_posted(engine):
    # given an 835 whose BPR02 says $131 while its claims pay $130
    practice = set_up_practice(engine)
    claim = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    bill(practice, [claim])
    data = answer(PayerEngine(example_payer()), [claim]).replace(b"BPR*I*130*", b"BPR*I*131*")
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when posted
    report = post_remittance(practice.uow(), practice.biller, data)
    # then it is rejected with the reason in the exception queue, and the journal is untouched
    assert report.status == "rejected"
    assert report.message.endswith(": total paid $131.00 != claim payments $130.00 - provider adjustments $0.00 = $130.00")
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts
        queue = RemittanceRepository(uow.connection).open_exceptions()
    assert [(row.reason, row.amount_cents) for row in queue] == [("unbalanced_remittance", 13100)]
    assert "total paid $131.00 != claim payments $130.00" in queue[0].message


def test_a_bundling_denial_lands_in_the_work_queue_and_stays_in_insurance_ar(engine):
    # given a biopsy + E/M without 25: the E/M is denied CO-97
    practice = set_up_practice(engine)
    claim = example_claim("C3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000)))
    (claim_row,) = bill(practice, [claim])
    # when the 835 is posted
    report = post_remittance(practice.uow(), practice.biller, answer(PayerEngine(example_payer()), [claim]))
    # then the denial is recorded (bundling, with M15) and its $120 stays owed by the payer until worked
    assert report.denials == 1
    with practice.uow() as uow:
        (denial,) = RemittanceRepository(uow.connection).open_denials()
    assert (denial.carc, denial.group_code, denial.category, denial.rarcs, denial.amount_cents) == ("97", "CO", "bundling", "M15", 12000)
    receivable = _receivable(practice, claim_row)
    assert (receivable.insurance_cents, receivable.patient_cents) == (12000, 950)


def test_a_reversal_takes_back_the_earlier_posting_and_the_new_payment_posts(engine):
    # given a posted payment of claim C2
    practice = set_up_practice(engine)
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    (claim_row,) = bill(practice, [claim])
    payer = PayerEngine(example_payer())
    first_835 = answer(payer, [claim])
    post_remittance(practice.uow(), practice.biller, first_835)
    number = payer.history and next(iter(payer.history))
    # when the payer reverses it (CLP02 22) and re-adjudicates a replacement the same day
    replacement = example_claim("C2", "W200", (example_line(1, "99214", 20000),), frequency="7",
                                original_payer_claim_number=number, diagnoses=("E119", "I10"))  # fmt: skip
    report = post_remittance(practice.uow(), practice.biller, answer(payer, [replacement], control=2))
    # then the first posting is reversed entry by entry and the new decision posted: the claim ends as before
    assert (report.claims_reversed, report.claims_posted, report.exceptions) == (1, 2, [])
    assert report.totals["reversed"] == 6400
    receivable = _receivable(practice, claim_row)
    assert (receivable.insurance_cents, receivable.patient_cents) == (0, 6600)
    assert _trial(practice)["cash"] == 6400
    # and the batched writes kept the journal's invariants (running totals = sums of lines)
    with practice.uow() as uow:
        assert uow.journal.running_total_drift() == {} and uow.journal.unbalanced_entries() == {}


def test_unmatched_claims_go_to_the_exception_queue_and_the_rest_posts(engine):
    # given an 835 paying C1 (ours) and X9 (never submitted), with a $10 PLB withholding
    practice = set_up_practice(engine)
    ours = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    stranger = example_claim("X9", "W100", (example_line(1, "99213", 10000),))
    bill(practice, [ours])
    payer = PayerEngine(example_payer(plb=(ProviderAdjustmentRule("WO", 1000, "OVP1"),)))
    # when posted
    report = post_remittance(practice.uow(), practice.biller, answer(payer, [ours, stranger]))
    # then C1 and the PLB post; X9 waits in the exception queue with its reason
    assert (report.claims, report.claims_posted, report.provider_adjustment_cents) == (2, 1, 1000)
    assert [(e["claim"], e["reason"]) for e in report.exceptions] == [("X9", "unmatched_claim")]
    with practice.uow() as uow:
        queue = RemittanceRepository(uow.connection).open_exceptions()
    assert [(row.claim_control_number, row.reason) for row in queue] == [("X9", "unmatched_claim")]
    assert _trial(practice)["cash"] == 13000 - 1000
    assert _trial(practice)[f"provider_adjustment:payer={practice.primary_payer_id}"] == 1000


def test_a_dry_run_reports_and_writes_nothing(engine):
    practice = set_up_practice(engine)
    claim = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    bill(practice, [claim])
    data = answer(PayerEngine(example_payer()), [claim])
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    report = post_remittance(practice.uow(), practice.biller, data, dry_run=True)
    assert (report.status, report.claims_posted, report.totals["paid"], report.totals["contractual"]) == ("dry_run", 1, 13000, 2000)
    with practice.uow() as uow:
        assert uow.journal.row_counts() == counts
    assert post_remittance(practice.uow(), practice.biller, data).status == "posted"


INTEREST_835 = (
    "ISA*00*          *00*          *ZZ*87726          *ZZ*CLINIC01       *260320*0900*^*00501*000000009*0*T*:~\n"
    "GS*HP*87726*CLINIC01*20260320*0900*9*X*005010X221A1~\nST*835*0001~\n"
    "BPR*I*132.5*C*CHK************20260320~\nTRN*1*CHK777*1999999999~\nN1*PR*ACME HEALTH*XV*87726~\n"
    "N1*PE*CLINIC*XX*1234567893~\nLX*1~\nCLP*C1*1*150*132.5**12*PCN1~\nAMT*I*2.5~\n"
    "SVC*HC:99214:25*150*130~\nDTM*472*20260302~\nCAS*CO*45*20~\nSE*14*0001~\nGE*1*9~\nIEA*1*000000009~\n"
)


def test_interest_is_income_and_a_dropped_modifier_still_matches_by_code_and_date(engine):
    # given a claim sent as 99214 without modifiers and no REF*6R in the payer's answer, which adds
    # modifier 25 and pays $2.50 prompt-pay interest (CLP04 = $130 + $2.50)
    practice = set_up_practice(engine)
    claim = example_claim("C1", "W100", (example_line(1, "99214", 15000),))
    bill(practice, [claim])
    # when posted
    report = post_remittance(practice.uow(), practice.biller, INTEREST_835.encode())
    # then the line matched by code and date (the note says how), and the interest is interest income
    assert (report.claims_posted, report.totals["paid"], report.totals["interest"]) == (1, 13000, 250)
    assert report.notes == ["C1: 99214 matched by code and date; the payer returned modifiers ['25'], we sent []"]
    trial = _trial(practice)
    assert (trial["cash"], trial["interest_income"]) == (13250, -250)


def test_a_reversed_denial_leaves_the_work_queue(engine):
    # given a posted 835 denying the E/M of a biopsy visit CO-97
    practice = set_up_practice(engine)
    claim = example_claim("C3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000)))
    bill(practice, [claim])
    payer = PayerEngine(example_payer())
    post_remittance(practice.uow(), practice.biller, answer(payer, [claim]))
    number = next(iter(payer.history))
    # when the corrected claim (modifier 25) reverses it and is paid in full
    corrected = example_claim("C3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000, ("25",))),
                              frequency="7", original_payer_claim_number=number)  # fmt: skip
    report = post_remittance(practice.uow(), practice.biller, answer(payer, [corrected], control=2))
    # then the old denial is closed (reversed) and nothing is left in the queue
    assert (report.claims_reversed, report.denials) == (1, 0)
    with practice.uow() as uow:
        assert RemittanceRepository(uow.connection).open_denials() == []
