"""The payer engine's edits and pricing, with exact amounts (pure: no X12, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.simulator.benefits import Accumulator, share
from revcycle.simulator.config import BenefitPlan, ProviderAdjustmentRule
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.submitted import PriorPayment

PAID = dt.date(2026, 3, 20)


def _adjudicate(claim, **config):
    return PayerEngine(example_payer(**config)).adjudicate([claim], PAID).claims[0]


def _adjustments(payment):
    return [(a.group, a.reason, a.amount_cents) for line in payment.lines for a in line.adjustments]


def test_copay_then_deductible_then_coinsurance_capped_by_out_of_pocket():
    # given $100 deductible, 20% coinsurance, $25 copay and $40 of out-of-pocket room left
    plan = BenefitPlan("P", 10000, Decimal(20), 20000, (("99213", 2500),))
    accumulator = Accumulator(0, 16000)
    # when a $90 visit is shared
    cost = share(plan, accumulator, "99213", 9000)
    # then copay $25 and $15 of deductible fill the $40 room; no coinsurance
    assert (cost.copay_cents, cost.deductible_cents, cost.coinsurance_cents) == (2500, 1500, 0)
    assert (accumulator.deductible_met_cents, accumulator.out_of_pocket_met_cents) == (1500, 20000)


def test_coinsurance_rounds_half_up_once():
    plan = BenefitPlan("P", 0, Decimal(20), 10**9)
    assert share(plan, Accumulator(), "99214", 1234).coinsurance_cents == 247  # 246.8


def test_eligibility_denials_26_27_31():
    # given services before coverage, after it ended, and for an unknown member
    before = example_claim("A", "W100", (example_line(1, "99213", 10000, service_date=dt.date(2024, 12, 31)),))
    after = example_claim("B", "W400", (example_line(1, "99213", 10000),))
    unknown = example_claim("C", "Z999", (example_line(1, "99213", 10000),))
    # then each is denied in full with its CARC (status 4)
    assert _adjustments(_adjudicate(before, timely_filing_days=900)) == [("CO", "26", 10000)]
    assert _adjustments(_adjudicate(after)) == [("CO", "27", 10000)]
    denied = _adjudicate(unknown)
    assert (denied.status, _adjustments(denied), denied.lines[0].remarks) == ("4", [("CO", "31", 10000)], ("N382",))


def test_timely_filing_counts_days_from_service_to_receipt():
    late = example_claim("A", "W100", (example_line(1, "99213", 10000),), received_on=dt.date(2026, 8, 30))
    on_time = example_claim("B", "W100", (example_line(1, "99213", 10000),), received_on=dt.date(2026, 8, 29))
    assert _adjustments(_adjudicate(late)) == [("CO", "29", 10000)]  # 181 days > 180
    assert _adjudicate(on_time).paid_cents == 9000


def test_invalid_diagnosis_on_the_date_of_service_denies_the_line_co_16():
    claim = example_claim("A", "W100", (example_line(1, "99213", 10000),), diagnoses=("E11", "I10"))
    payment = _adjudicate(claim)
    assert (_adjustments(payment), payment.lines[0].remarks) == ([("CO", "16", 10000)], ("MA63",))


def test_non_covered_and_missing_authorization():
    claim = example_claim("A", "W100", (example_line(1, "97810", 8000), example_line(2, "72148", 90000)))
    payment = _adjudicate(claim)
    assert _adjustments(payment) == [("CO", "96", 8000), ("CO", "197", 90000)]
    assert [line.remarks for line in payment.lines] == [("N130",), ("M62",)]
    authorized = _adjudicate(example_claim("B", "W100", (example_line(1, "72148", 90000),), prior_authorization="A1"))
    assert authorized.paid_cents == 54000  # 60% of charge: no contract rate


def test_multiple_procedure_reduction_pays_the_second_procedure_at_half():
    # given two procedures subject to the reduction on one day: 11721 ($45) ranks before 11720 ($35)
    claim = example_claim("A", "W100", (example_line(1, "11720", 5000), example_line(2, "11721", 6000, ("59",))))
    payment = _adjudicate(claim, apply_ncci=False)
    # then 11721 is paid in full and 11720 at 50% of $35 (CO-59 $17.50)
    assert _adjustments(payment) == [("CO", "45", 1500), ("CO", "59", 1750), ("CO", "45", 1500)]
    assert [line.paid_cents for line in payment.lines] == [1750, 4500]


def test_contract_bundling_denies_the_bundled_code_with_another_service():
    claim = example_claim("A", "W100", (example_line(1, "99213", 10000), example_line(2, "36415", 1500)))
    payment = _adjudicate(claim, bundled_codes=frozenset({"36415"}))
    assert _adjustments(payment)[-1] == ("CO", "97", 1500)
    assert payment.lines[1].remarks == ("N390",)


def test_an_exact_duplicate_line_is_denied_co_18():
    engine = PayerEngine(example_payer())
    claim = example_claim("A", "W100", (example_line(1, "99213", 10000),))
    engine.adjudicate([claim], PAID)
    again = engine.adjudicate([claim], PAID).claims[0]
    assert (again.status, _adjustments(again)) == ("4", [("CO", "18", 10000)])


def test_secondary_claim_pays_what_the_primary_left_to_the_patient():
    # given the primary allowed $90 of a $100 visit, paid $72 and left $18 coinsurance to the patient
    line = example_line(1, "99214", 10000, prior_paid_cents=7200, prior_patient_responsibility_cents=1800)
    claim = example_claim("S1", "W100", (line,), responsibility="S", prior_payments=(PriorPayment("P1", 7200, 1800),))
    # when the secondary (GOLD plan: no cost share) adjudicates it
    payment = _adjudicate(claim)
    # then it pays the $18 (status 2) and reports the primary's impact as OA-23 $82
    assert (payment.status, payment.paid_cents, _adjustments(payment)) == ("2", 1800, [("OA", "23", 8200)])


def test_every_payment_balances_and_plb_is_taken_from_the_total():
    engine = PayerEngine(example_payer(plb=(ProviderAdjustmentRule("WO", 1000, "OVERPAY-1"),)))
    claims = [example_claim(f"C{n}", member, (example_line(1, "99214", 20000),)) for n, member in enumerate(["W100", "W200", "W300"])]
    advice = engine.adjudicate(claims, PAID)
    assert all(claim.problems() == [] for claim in advice.claims)
    assert advice.is_balanced
    assert advice.total_paid_cents == 13000 + 6400 + 9900 - 1000


def test_the_same_seed_and_configuration_give_the_same_remittance():
    claims = [example_claim("C1", "W200", (example_line(1, "99214", 20000),))]
    first = PayerEngine(example_payer(seed=7)).adjudicate(claims, PAID)
    assert PayerEngine(example_payer(seed=7)).adjudicate(claims, PAID) == first
    other = PayerEngine(example_payer(seed=8)).adjudicate(claims, PAID)
    assert other.trace_number != first.trace_number and other.claims[0].paid_cents == first.claims[0].paid_cents
