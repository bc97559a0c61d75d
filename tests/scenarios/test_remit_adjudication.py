"""The payer side as a story: the practice's 837P goes to the payer simulator; a 999 and a pyx12-valid
835 come back with exact amounts (clean claim, deductible + coinsurance, CO-97 bundling, a
replacement claim reversing and re-adjudicating the original)."""

from __future__ import annotations

import datetime as dt

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_read import read_835
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.batch_837 import claim_batch
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.x277ca.model import claim_acknowledgments
from revcycle.x12.guides.x837p.write import write_claim_batches

PAYER = EnvelopeSettings("acme", "87726", "CLINIC01", usage="T")
RECEIVED = dt.date(2026, 3, 5)
PAID = dt.date(2026, 3, 20)


def _837(claims, control: int = 1) -> str:
    batch = claim_batch(claims, f"B{control}", RECEIVED, "ACME HEALTH")
    header = InterchangeHeader("CLINIC01", "87726", control, created=dt.datetime(2026, 3, 4, 12), usage="T")
    return write_claim_batches([batch], header, sender="CLINIC01", receiver="87726", group_control=control)


def _segments(text: str, segment_id: str) -> list[str]:
    return [line.rstrip("~") for line in text.splitlines() if line.startswith(segment_id + "*")]


def test_clean_claim_is_paid_in_full_at_the_allowed_amount():
    # given a GOLD member (no deductible, no coinsurance) and a $150 99214 with a $130 contract rate
    claims = [example_claim("C1", "W100", (example_line(1, "99214", 15000),))]
    # when the payer simulator adjudicates the 837P
    run = simulate(_837(claims), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 5)
    # then the 999 accepts, the 835 pays $130 with CO-45 $20, and pyx12 finds nothing wrong
    assert "IK5*A" in run.ack_999 and "AK9*A*1*1*1" in run.ack_999
    assert pyx12_errors(run.remittance_835) == []
    assert _segments(run.remittance_835, "CLP") == ["CLP*C1*1*150*130*0*12*01260640000001*11*1"]
    assert _segments(run.remittance_835, "CAS") == ["CAS*CO*45*20"]
    assert _segments(run.remittance_835, "BPR")[0].startswith("BPR*I*130*C*ACH*CCP*")
    assert _segments(run.remittance_835, "AMT") == ["AMT*B6*130"]


def test_deductible_then_coinsurance_goes_to_the_patient():
    # given a PPO member with $450 of the $500 deductible met and 20% coinsurance
    claims = [example_claim("C2", "W200", (example_line(1, "99214", 20000),))]
    # when adjudicated
    run = simulate(_837(claims), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 6)
    # then allowed $130: $50 deductible (PR-1), 20% of $80 = $16 coinsurance (PR-2), paid $64, CO-45 $70
    assert pyx12_errors(run.remittance_835) == []
    assert _segments(run.remittance_835, "CLP") == ["CLP*C2*1*200*64*66*12*01260640000001*11*1"]
    assert _segments(run.remittance_835, "CAS") == ["CAS*CO*45*70", "CAS*PR*1*50**2*16"]


def test_a_bundled_line_is_denied_co_97_with_m15():
    # given a biopsy (11102) and an E/M (99213) on the same day without modifier 25 (an NCCI pair)
    lines = (example_line(1, "11102", 15000), example_line(2, "99213", 12000))
    claims = [example_claim("C3", "W300", lines)]
    # when adjudicated
    run = simulate(_837(claims), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 7)
    # then the E/M is denied CO-97 (M15); the biopsy pays $95 less 10% coinsurance
    text = run.remittance_835
    assert pyx12_errors(text) == []
    assert _segments(text, "SVC") == ["SVC*HC:11102*150*85.5", "SVC*HC:99213*120*0"]
    assert _segments(text, "CAS") == ["CAS*CO*45*55", "CAS*PR*2*9.5", "CAS*CO*97*120"]
    assert _segments(text, "LQ") == ["LQ*HE*M15"]
    assert _segments(text, "CLP") == ["CLP*C3*1*270*85.5*9.5*12*01260640000001*11*1"]


def test_with_modifier_25_the_em_is_paid_beside_the_procedure():
    # given the same claim with modifier 25 on the E/M (a significant, separately identifiable visit)
    lines = (example_line(1, "11102", 15000), example_line(2, "99213", 12000, ("25",)))
    # when adjudicated
    run = simulate(_837([example_claim("C3", "W300", lines)]), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 8)
    # then both lines pay: 11102 $85.50; 99213 $90 allowed - $20 copay - 10% of $70 = $63
    assert _segments(run.remittance_835, "SVC") == ["SVC*HC:11102*150*85.5", "SVC*HC:99213:25*120*63"]
    assert run.advice.total_paid_cents == 14850


def test_a_replacement_claim_reverses_the_original_and_is_adjudicated_again():
    # given a paid PPO claim (deductible $50 + coinsurance $16 taken)
    engine = PayerEngine(example_payer())
    first = simulate(_837([example_claim("C2", "W200", (example_line(1, "99214", 20000),))]), engine, PAYER, RECEIVED, PAID, 9)
    original_number = first.advice.claims[0].payer_claim_number
    # when the practice sends a replacement (frequency 7, REF*F8) billing 99213 instead
    replacement = example_claim("C2", "W200", (example_line(1, "99213", 15000),), frequency="7",
                                original_payer_claim_number=original_number)  # fmt: skip
    second = simulate(_837([replacement], 2), engine, PAYER, RECEIVED, dt.date(2026, 4, 3), 10)
    # then the 835 reverses the original (status 22, negated) and pays the new one; the deductible
    # given back is taken again: allowed $90, copay $25, deductible $50, 20% of $15 = $3, paid $12
    text = second.remittance_835
    assert pyx12_errors(text) == []
    assert _segments(text, "CLP") == [
        "CLP*C2*22*-200*-64*-66*12*01260640000001*11*8",
        "CLP*C2*1*150*12*78*12*01260640000002*11*7",
    ]
    assert _segments(text, "CAS") == ["CAS*CO*45*-70", "CAS*PR*1*-50**2*-16", "CAS*CO*45*60", "CAS*PR*1*50**2*3**3*25"]
    # and the $52 net takeback is carried forward as PLB FB (BPR $0), recovered from the next payment
    assert second.advice.total_paid_cents == 0
    assert _segments(text, "BPR")[0].startswith("BPR*H*0*C*NON")
    assert _segments(text, "PLB") == [f"PLB*1234567893*20261231*FB:{second.advice.trace_number}*-52"]
    third = simulate(_837([example_claim("C9", "W100", (example_line(1, "99214", 15000),))], 3), engine, PAYER,
                     RECEIVED, dt.date(2026, 4, 10), 11)  # fmt: skip
    assert _segments(third.remittance_835, "PLB") == [f"PLB*1234567893*20261231*FB:{second.advice.trace_number}*52"]
    assert third.advice.total_paid_cents == 13000 - 5200


def test_the_835_reads_back_into_the_same_remittance_advice():
    # given a simulated 835 with paid, denied and ineligible claims and a PLB
    claims = [
        example_claim("C1", "W100", (example_line(1, "99214", 15000),)),
        example_claim("C4", "W400", (example_line(1, "99213", 12000),)),
    ]
    run = simulate(_837(claims), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 11)
    # when read back
    advices, problems = read_835(run.remittance_835)
    # then nothing is lost: the advice equals the engine's, and it balances
    assert problems == []
    assert advices == [run.advice]
    assert advices[0].is_balanced
    assert [claim.status for claim in advices[0].claims] == ["1", "4"]


def test_the_277ca_accepts_known_members_and_rejects_an_unknown_one_before_adjudication():
    # given a claim for a member and one for an id the payer does not know
    claims = [
        example_claim("C1", "W100", (example_line(1, "99214", 15000),)),
        example_claim("C7", "Z999", (example_line(1, "99213", 10000),)),
    ]
    # when the simulator answers
    run = simulate(_837(claims), PayerEngine(example_payer()), PAYER, RECEIVED, PAID, 12)
    # then the 277CA (pyx12-valid) accepts C1 with its payer claim number and rejects C7 (A3:33:IL);
    # only C1 reaches the 835
    assert pyx12_errors(run.ack_277ca) == []
    assert run.rejected_claims == ["C7"]
    assert [claim.claim_id for claim in run.advice.claims] == ["C1"]
    acks = {ack.patient_control_number: ack for ack in claim_acknowledgments(read_x12(run.ack_277ca).models("277ca")[0])}
    assert acks["C1"].accepted and acks["C1"].payer_claim_number == run.advice.claims[0].payer_claim_number
    assert not acks["C7"].accepted
    assert [(c.category, c.status, c.entity) for c in acks["C7"].status_codes] == [("A3", "33", "IL")]
