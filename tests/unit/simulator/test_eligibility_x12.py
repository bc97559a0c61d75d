"""Eligibility through X12: a 270 built from questions, the payer simulator's 271, read into Benefits."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from revcycle.edi.eligibility_270 import InquiryParties, questions_from_270, write_270
from revcycle.edi.eligibility_271 import read_271
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.payer.eligibility import Coinsurance, Copay, EligibilityQuestion, Limit
from revcycle.simulator.eligibility_desk import answer_270
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_family_payer, example_line, example_payer
from revcycle.x12 import read_x12

CLINIC = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
PARTIES = InquiryParties("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893")
DOS = dt.date(2026, 3, 2)
ASKED = dt.datetime(2026, 3, 1, 9, 0)


def _family_payer():
    """The example family payer, its plan with out-of-network limits."""
    return example_family_payer(out_of_network_deductible_cents=250000, out_of_network_out_of_pocket_max_cents=1000000,
                                out_of_network_coinsurance_percent=Decimal(40))  # fmt: skip


def _ask(questions, engine) -> tuple[str, str]:
    text_270 = write_270(questions, PARTIES, CLINIC, 7, ASKED)
    return text_270, answer_270(text_270, engine, CLINIC.reversed(), 8, ASKED + dt.timedelta(minutes=1))


def test_a_subscriber_is_active_with_copay_coinsurance_and_what_remains_of_the_deductible():
    # given the example payer after it adjudicated one 99213 for W200 (PPO: $500 deductible, $450 met)
    engine = PayerEngine(example_payer())
    engine.adjudicate([example_claim("C1", "W200", (example_line(1, "99213", 15000),))], dt.date(2026, 2, 20))
    question = EligibilityQuestion("W200", "Roe", "Richard", DOS, dt.date(1970, 5, 1), ("30", "98"), trace="T1")
    # when the clinic asks and reads the 271
    text_270, text_271 = _ask([question], engine)
    (benefits,), problems = read_271(text_271)
    # then both files are valid and the answer is exact
    assert read_x12(text_270, validate=True).problems == []
    assert read_x12(text_271, validate=True).problems == []
    assert "EQ*30^98~" in text_270 and "DMG*D8*19700501~" in text_270
    assert problems == []
    assert (benefits.member_id, benefits.active, benefits.plan_name, benefits.trace) == ("W200", True, "PPO", "T1")
    assert benefits.date_of_service == DOS and benefits.plan_begin == dt.date(2025, 1, 1)
    assert benefits.copays == [Copay("98", 2500, True, "99213")]
    assert benefits.coinsurance == [Coinsurance("30", Decimal(20), True)]
    # the claim met the last $50 of the deductible ($25 copay first) and $128 of the out-of-pocket
    assert benefits.limits == [
        Limit("deductible", "individual", True, 50000, 0),
        Limit("out_of_pocket", "individual", True, 300000, 300000 - 2500 - 5000 - 300),
    ]
    assert benefits.rejections == [] and not benefits.identity_changed


def test_an_unknown_member_is_rejected_with_the_reason_in_plain_words():
    # given a member id the payer does not have
    question = EligibilityQuestion("W999", "Nobody", "Nora", DOS, trace="T2")
    # when asked
    _, text_271 = _ask([question], PayerEngine(example_payer()))
    (benefits,), _ = read_271(text_271)
    # then AAA*N**75*C comes back, read in plain words, and no benefits
    assert "AAA*N**75*C~" in text_271
    assert benefits.active is None
    assert benefits.rejections == [("75", "the payer has no member with this id and name")]
    assert benefits.limits == [] and benefits.copays == []


def test_coverage_that_ended_is_inactive_on_the_date_of_service():
    # given W400, whose PPO coverage ended 2025-12-31
    question = EligibilityQuestion("W400", "Loe", "Linda", DOS)
    # when asked about 2026-03-02
    _, text_271 = _ask([question], PayerEngine(example_payer()))
    (benefits,), _ = read_271(text_271)
    # then inactive, with the plan's dates
    assert "EB*6*IND*30**PPO~" in text_271
    assert (benefits.active, benefits.plan_name) == (False, "PPO")
    assert (benefits.plan_begin, benefits.plan_end) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def test_a_dependent_gets_family_and_out_of_network_limits_from_the_familys_accumulators():
    # given a family plan: the subscriber met $300, the dependent $200 of the deductible
    question = EligibilityQuestion("F500", "Park", "Olivia", DOS, None, ("30", "98"), "Park", "Noah",
                                   dt.date(2015, 6, 1), "T3")  # fmt: skip
    # when the clinic asks about the dependent (2000D)
    text_270, text_271 = _ask([question], PayerEngine(_family_payer()))
    found, problems = read_271(text_271)
    # then the 270 asks in 2000D and the 271 answers the dependent with family totals
    assert "HL*4*3*23*0~" in text_270 and "NM1*03*1*PARK*NOAH~" in text_270
    assert [q.dependent_first_name for _, q in questions_from_270(read_x12(text_270).models("270")[0])] == ["NOAH"]
    assert read_x12(text_271, validate=True).problems == [] and problems == []
    (benefits,) = [b for b in found if b.dependent]
    assert (benefits.first_name, benefits.active, benefits.plan_name) == ("NOAH", True, "ACME FAMILY PPO")
    assert benefits.coinsurance == [Coinsurance("30", Decimal(20), True), Coinsurance("30", Decimal(40), False)]
    assert benefits.limits == [
        Limit("deductible", "individual", True, 100000, 80000),
        Limit("out_of_pocket", "individual", True, 400000, 375000),
        Limit("deductible", "family", True, 200000, 150000),
        Limit("out_of_pocket", "family", True, 800000, 745000),
        Limit("deductible", "individual", False, 250000, 250000),
        Limit("out_of_pocket", "individual", False, 1000000, 1000000),
    ]


def test_a_changed_member_id_and_name_come_back_and_are_surfaced():
    # given the payer now knows OLD500 as F500, OLIVIA PARK
    question = EligibilityQuestion("OLD500", "Parker", "Olivia", DOS, trace="T4")
    # when asked with the old id and the old last name
    _, text_271 = _ask([question], PayerEngine(_family_payer()))
    (benefits,), _ = read_271(text_271)
    # then the 271 carries the new id and name, the old id in REF*Q4, and INS*Y*18*001*25
    assert "NM1*IL*1*PARK*OLIVIA****MI*F500~" in text_271
    assert "REF*Q4*OLD500~" in text_271 and "INS*Y*18*001*25~" in text_271
    assert (benefits.member_id, benefits.last_name, benefits.prior_member_id) == ("F500", "PARK", "OLD500")
    assert benefits.identity_changed is True and benefits.active is True


def test_a_birth_date_that_does_not_match_the_payers_record_is_rejected():
    # given the payer has Olivia Park born 1985-09-09
    config = _family_payer()
    members = tuple(replace(m, birth_date=dt.date(1985, 9, 9)) if m.member_id == "F500" else m for m in config.members)
    question = EligibilityQuestion("F500", "Park", "Olivia", DOS, dt.date(1985, 9, 10))
    # when asked with another birth date
    _, text_271 = _ask([question], PayerEngine(replace(config, members=members)))
    (benefits,), _ = read_271(text_271)
    # then AAA*N**71*C, in plain words
    assert "AAA*N**71*C~" in text_271
    assert benefits.rejections == [("71", "the member's birth date does not match the payer's records")]
