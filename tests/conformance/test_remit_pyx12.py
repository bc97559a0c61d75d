"""Every kind of decision the payer engine makes, in one 835, passes pyx12 and reads back equal."""

from __future__ import annotations

import datetime as dt

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.edi.remit_read import read_835
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.config import ProviderAdjustmentRule
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.submitted import PriorPayment


def test_an_835_with_every_kind_of_decision_is_pyx12_valid_and_reads_back_equal():
    # given claims hitting every rule: paid, cost share, NCCI, eligibility, timely filing, invalid dx,
    # non-covered, prior auth, multiple-procedure reduction, COB secondary, duplicate, and a PLB
    late = dt.date(2026, 9, 30)
    claims = [
        example_claim("A1", "W100", (example_line(1, "99214", 15000),)),
        example_claim("A2", "W200", (example_line(1, "99213", 12000), example_line(2, "83036", 4000, units=2))),
        example_claim("A3", "W300", (example_line(1, "11102", 15000), example_line(2, "99213", 12000))),
        example_claim("A4", "W400", (example_line(1, "99213", 12000),)),
        example_claim("A5", "W100", (example_line(1, "99213", 12001),), received_on=late),
        example_claim("A6", "W100", (example_line(1, "99213", 12002),), diagnoses=("E11",)),
        example_claim("A7", "W100", (example_line(1, "97810", 8000), example_line(2, "72148", 90000))),
        example_claim("A8", "W100", (example_line(1, "11720", 5000), example_line(2, "20610", 9000))),
        example_claim("A9", "W100", (example_line(1, "99214", 10000, prior_paid_cents=7200,
                                                  prior_patient_responsibility_cents=1800),),
                      responsibility="S", prior_payments=(PriorPayment("P1", 7200, 1800),)),  # fmt: skip
        example_claim("B1", "W100", (example_line(1, "99214", 15000),)),
    ]
    engine = PayerEngine(example_payer(plb=(ProviderAdjustmentRule("WO", 2500, "OVERPAY-7"),)))
    advice = engine.adjudicate(claims, dt.date(2026, 10, 15))
    # when written
    text = write_835(advice, EnvelopeSettings("acme", "87726", "CLINIC01", usage="T"), 41, dt.datetime(2026, 10, 15, 9))
    # then pyx12 finds nothing, every claim balances, and reading it back gives the same advice
    assert pyx12_errors(text) == []
    assert [c.status for c in advice.claims] == ["1", "1", "1", "4", "4", "4", "4", "1", "2", "4"]
    assert [a.reason for c in advice.claims for line in c.lines for a in line.adjustments if a.group == "CO" and a.reason != "45"] == [
        "97", "27", "29", "16", "96", "197", "59", "18"]  # fmt: skip
    assert all(claim.problems() == [] for claim in advice.claims) and advice.is_balanced
    assert read_835(text) == ([advice], [])
