"""A 271's benefits in plain words for the front desk."""

from datetime import date
from decimal import Decimal

from revcycle.payer.benefit_words import office_copay_cents, plain_benefits
from revcycle.payer.eligibility import Benefits, Coinsurance, Copay, Limit


def test_an_active_plan_reads_as_status_plan_dates_copay_deductible_and_coinsurance():
    # given a 271 with a copay, a deductible partly met, an out-of-pocket maximum and 20% coinsurance
    benefits = Benefits(
        "W200", "Roe", "Richard", date(2026, 3, 2), active=True, plan_name="Acme Gold PPO",
        plan_begin=date(2026, 1, 1), plan_end=date(2026, 12, 31),
        copays=[Copay("98", 2500, True, "99213")],
        coinsurance=[Coinsurance("30", Decimal("20.00"), True)],
        limits=[Limit("deductible", "individual", True, 150000, 120000), Limit("out_of_pocket", "family", False, 600000)],
    )  # fmt: skip
    # when put in words / then each row says what the desk tells the patient
    assert plain_benefits(benefits) == [
        ("Status", "active on 2026-03-02"),
        ("Plan", "Acme Gold PPO"),
        ("Coverage dates", "from 2026-01-01 to 2026-12-31"),
        ("Copay", "$25.00 office visit (99213), in network"),
        ("Deductible", "individual, in network: $1,500.00; met $300.00, $1,200.00 remaining"),
        ("Out-of-pocket maximum", "family, out of network: $6,000.00"),
        ("Coinsurance", "patient pays 20% of health plan, in network"),
    ]
    assert office_copay_cents(benefits) == 2500


def test_a_rejected_inquiry_says_why_and_nothing_else():
    # given a 271 that could not answer
    benefits = Benefits(
        "W200", "Roe", "Richard", date(2026, 3, 2), rejections=[("75", "Subscriber/Insured Not Found")]
    )
    # then only the status row, with the reason
    assert plain_benefits(benefits) == [
        ("Status", "the payer could not answer: Subscriber/Insured Not Found")
    ]
    assert office_copay_cents(benefits) is None


def test_an_inactive_plan_without_dates_says_so():
    benefits = Benefits("W200", "Roe", "Richard", date(2026, 3, 2), active=False)
    assert plain_benefits(benefits) == [
        ("Status", "NOT active on 2026-03-02"),
        ("Coverage dates", "not given"),
    ]
