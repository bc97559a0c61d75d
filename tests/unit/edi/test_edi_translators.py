"""Translators between X12 and the domain: cents at the edge, CLP06 codes, the 835 model both ways."""

from __future__ import annotations

import datetime as dt

from revcycle.edi.remit_835 import clp06, to_x835
from revcycle.edi.remit_read import from_x835, read_835
from revcycle.remittance.model import Adjustment, ClaimPayment, RemittanceAdvice, ServicePayment

ERA = (
    "ISA*00*          *00*          *ZZ*87726          *ZZ*CLINIC01       *260320*0900*^*00501*000000001*0*T*:~"
    "GS*HP*87726*CLINIC01*20260320*0900*1*X*005010X221A1~ST*835*0001~BPR*I*99.995*C*CHK************20260320~"
    "TRN*1*CHK1*1999999999~N1*PR*ACME~N1*PE*CLINIC*XX*1234567893~LX*1~CLP*C1*1*150*99.995**12*P1~"
    "SVC*HC:99213*150*99.995~CAS*CO*45*50.005~SE*10*0001~GE*1*1~IEA*1*000000001~"
)


def test_amounts_become_cents_exactly_or_by_the_one_rounding_function():
    # given an 835 with three-decimal amounts (sub-cent values some payers send)
    (advice,), problems = read_835(ERA)
    # then they are rounded half-up once by round_cents; TRN03 without its "1" is the payer id
    assert problems == []
    assert (advice.total_paid_cents, advice.claims[0].lines[0].adjustments[0].amount_cents) == (10000, 5001)
    assert advice.payer_id == "999999999"


def test_a_file_that_is_not_x12_comes_back_as_problems_not_an_exception():
    advices, problems = read_835(b"this is not an 835")
    assert advices == [] and problems


def test_filing_indicators_map_to_clp06_codes():
    assert [clp06(code) for code in ("CI", "BL", "MB", "MC", "HM", "XX")] == ["12", "12", "MB", "MC", "HM", "ZZ"]


def test_a_remittance_advice_survives_the_typed_835_model():
    line = ServicePayment("99214", 20000, 6400, ("25",), units=2, service_date=dt.date(2026, 3, 2), control_number="L1",
                          adjustments=(Adjustment("CO", "45", 7000), Adjustment("PR", "1", 6600)), remarks=("N130",),
                          allowed_cents=13000)  # fmt: skip
    claim = ClaimPayment("C2", "1", 20000, 6400, 6600, "12", "P9", "1", "ROE", "RICHARD", "W200", lines=(line,),
                         received_date=dt.date(2026, 3, 5))  # fmt: skip
    advice = RemittanceAdvice("ACME", "87726", "CLINIC", "1234567893", "T1", dt.date(2026, 3, 20), 6400, "CHK", claims=(claim,))
    assert from_x835(to_x835(advice)) == advice
