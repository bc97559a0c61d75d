"""Claim status through X12: 276 for quiet claims, the simulator's 277 from what it adjudicated, read back."""

from __future__ import annotations

import datetime as dt

from revcycle.edi.claim_status import ClaimStatusQuestion, StatusWords, read_277, write_276
from revcycle.edi.eligibility_270 import InquiryParties
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.status_desk import answer_276
from revcycle.x12 import read_x12

CLINIC = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
PARTIES = InquiryParties("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893")
DOS = dt.date(2026, 3, 2)
PAID = dt.date(2026, 3, 20)
ASKED = dt.datetime(2026, 4, 10, 9, 0)


def _question(claim_id: str, member: str, charge: int) -> ClaimStatusQuestion:
    return ClaimStatusQuestion(claim_id, member, "ROE", "RICHARD", charge, DOS, DOS)


def test_paid_denied_zero_paid_and_unknown_claims_answer_in_plain_words():
    # given the payer adjudicated three claims: paid (W100 GOLD), all to the deductible (W200), not covered (W400)
    engine = PayerEngine(example_payer())
    engine.adjudicate([example_claim("PAID1", "W100", (example_line(1, "99213", 15000),)),
                       example_claim("DED1", "W200", (example_line(1, "99203", 20000),)),
                       example_claim("GONE1", "W400", (example_line(1, "99213", 15000),))], PAID)  # fmt: skip
    questions = [_question("PAID1", "W100", 15000), _question("DED1", "W200", 20000),
                 _question("GONE1", "W400", 15000), _question("NEVER1", "W100", 9000)]  # fmt: skip
    # when the clinic sends a 276 and reads the 277
    text_276 = write_276(questions, PARTIES, CLINIC, 3, ASKED)
    text_277 = answer_276(text_276, engine, CLINIC.reversed(), 4, ASKED)
    answers, problems = read_277(text_277)
    # then both files are valid and each claim's answer is exact
    assert read_x12(text_276, validate=True).problems == []
    assert read_x12(text_277, validate=True).problems == [] and problems == []
    assert "TRN*1*PAID1~" in text_276 and "AMT*T3*150~" in text_276 and "DTP*472*RD8*20260302-20260302~" in text_276
    paid, deductible, gone, never = answers
    assert paid.statuses == [StatusWords("F1", "65", "finalized: paid — the claim or line has been paid")]
    assert (paid.charge_cents, paid.paid_cents, paid.adjudicated_on, paid.paid_on) == (15000, 9000, PAID, PAID)
    assert paid.payer_claim_number == engine.decisions["PAID1"].payment.payer_claim_number
    assert paid.check_number == engine.decisions["PAID1"].trace_number != ""
    # W200: $110 allowed, $50 deductible left, 20% of $60 = $12 coinsurance -> the payer pays $48
    assert (deductible.category, deductible.paid_cents) == ("F1", 4800)
    assert gone.statuses == [
        StatusWords("F2", "88", "finalized: denied — the member was not eligible on the date(s) of service")
    ]
    assert (gone.paid_cents, gone.paid_on, gone.check_number) == (0, None, "")
    assert never.claim_id == "NEVER1" and never.payer_claim_number == ""
    assert never.statuses == [StatusWords("A4", "35", "acknowledged: the payer has no record of the claim — "
                                                      "the payer has no record of this claim")]  # fmt: skip


def test_a_claim_whose_allowed_amount_all_goes_to_the_deductible_is_finalized_without_payment():
    # given W200 (PPO) with $50 of the deductible still to meet and a $3 venipuncture
    engine = PayerEngine(example_payer())
    engine.adjudicate([example_claim("LOW1", "W200", (example_line(1, "36415", 300),))], PAID)
    # when asked
    text_277 = answer_276(write_276([_question("LOW1", "W200", 300)], PARTIES, CLINIC, 5, ASKED), engine,
                          CLINIC.reversed(), 6, ASKED)  # fmt: skip
    (answer,), _ = read_277(text_277)
    # then finalized with no payment forthcoming, nothing paid, no payment date
    assert "STC*F4:1*20260320**3*0*20260320~" in text_277
    assert answer.statuses == [StatusWords("F4", "1", "finalized: adjudication complete, no payment forthcoming — "
                                                      "see the remittance advice for details")]  # fmt: skip
    assert (answer.paid_cents, answer.paid_on) == (0, None)
