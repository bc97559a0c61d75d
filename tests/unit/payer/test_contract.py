"""The practice's expected allowed amount from the contract: rates per code x pricing modifier (fallback to
the plain code), units, the charge as a ceiling, percent of charge, multiple-procedure reduction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.payer.config import FeeScheduleRate
from revcycle.payer.config_file import contract_from_dict, contract_to_dict
from revcycle.payer.contract import ExpectedLine, expected_allowed
from revcycle.payer.engine import PayerEngine
from revcycle.payer.examples import RATES, example_claim, example_contract, example_line, example_payer
from revcycle.payer.pricing import contract_allowed, full_allowed

IMAGING = (
    FeeScheduleRate("73721", 20000),
    FeeScheduleRate("73721", 6000, "26"),
    FeeScheduleRate("73721", 14000, "TC"),
    FeeScheduleRate("27447", 150000),
    FeeScheduleRate("27447", 24000, "80"),
    FeeScheduleRate("69210", 4000),
    FeeScheduleRate("69210", 6000, "50"),
    FeeScheduleRate("97110", 3000),
)


def test_the_plain_rate_times_units_never_above_the_charge():
    # given the example contract ($130 for 99214) and a $30/unit 97110
    contract = example_contract(rates=IMAGING + (FeeScheduleRate("99214", 13000),))
    lines = (example_line(1, "99214", 15000), example_line(2, "97110", 12000, units=3),
             example_line(3, "99214", 10000, service_date=dt.date(2026, 3, 3)))  # fmt: skip
    # when the expected allowed is computed
    expected = expected_allowed(lines, contract)
    # then $130, 3 x $30 = $90, and a $100 charge caps the $130 rate
    assert expected == {
        1: ExpectedLine(1, 13000, 0, ""),
        2: ExpectedLine(2, 9000, 0, ""),
        3: ExpectedLine(3, 10000, 0, ""),
    }


def test_modifier_rates_apply_and_other_modifiers_fall_back_to_the_code():
    # given professional (26) / technical (TC), assistant surgeon (80) and bilateral (50) rates
    contract = example_contract(rates=IMAGING)
    lines = (example_line(1, "73721", 90000, ("26",)), example_line(2, "73721", 90000, ("TC",)),
             example_line(3, "73721", 90000, ("RT",)), example_line(4, "27447", 300000, ("80",)),
             example_line(5, "69210", 9000, ("50",)))  # fmt: skip
    # when the expected allowed is computed
    expected = expected_allowed(lines, contract)
    # then each modifier's own rate; RT has none, so the plain 73721 rate
    assert {n: (e.expected_cents, e.rate_modifier) for n, e in expected.items()} == {
        1: (6000, "26"),
        2: (14000, "TC"),
        3: (20000, ""),
        4: (24000, "80"),
        5: (6000, "50"),
    }


def test_three_procedures_the_highest_rate_in_full_the_others_at_half():
    # given three multiple-procedure codes on one day, the highest rate billed last
    contract = example_contract()  # 11720 $35, 11721 $45, 20610 $65; 50% after the first
    lines = (example_line(1, "11720", 8000), example_line(2, "11721", 9000), example_line(3, "20610", 20000))
    # when the expected allowed is computed
    expected = expected_allowed(lines, contract)
    # then ranked by rate: 20610 $65 in full, 11721 $45 -> $22.50, 11720 $35 -> $17.50
    assert expected == {1: ExpectedLine(1, 3500, 1750, ""), 2: ExpectedLine(2, 4500, 2250, ""),
                        3: ExpectedLine(3, 6500, 0, "")}  # fmt: skip
    assert [expected[n].expected_cents for n in (1, 2, 3)] == [1750, 2250, 6500]


def test_multiple_procedures_on_different_days_are_each_paid_in_full():
    # given 11720 and 11721 on two different days
    lines = (example_line(1, "11720", 8000), example_line(2, "11721", 9000, service_date=dt.date(2026, 3, 3)))
    # when the expected allowed is computed
    expected = expected_allowed(lines, example_contract())
    # then no reduction
    assert [expected[n].expected_cents for n in (1, 2)] == [3500, 4500]


def test_percent_of_charge_for_codes_without_a_rate_and_nothing_when_the_contract_prices_nothing():
    # given a code without a rate under a 60%-of-charge contract, and one under a contract without it
    line = example_line(1, "99385", 12345)
    # when the expected allowed is computed
    with_percent = expected_allowed((line,), example_contract())
    without = expected_allowed((line,), example_contract(percent_of_charge=None))
    # then 60% of $123.45 = $74.07; without a percent no expectation
    assert with_percent == {1: ExpectedLine(1, 7407, 0, None)}
    assert without == {}


def test_a_payer_paying_below_contract_allows_less_but_the_expectation_stays_the_contract():
    # given a simulated payer that allows 90% of its contract
    contract = example_contract(pays_percent_of_contract=Decimal(90))
    line = example_line(1, "99214", 15000)
    # when priced by the payer and by the practice
    # then the payer allows $117, the contract says $130
    assert full_allowed(line, contract) == 11700
    assert contract_allowed(line, contract) == 13000
    assert expected_allowed((line,), contract)[1].expected_cents == 13000


def test_the_stored_contract_reads_back_without_the_simulation_option():
    # given a contract with modifier rates, effective dates and a 90% payer behaviour
    rates = IMAGING + (FeeScheduleRate("99214", 13000, "", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),)
    contract = example_contract(rates=rates, pays_percent_of_contract=Decimal(90))
    # when written as the practice's copy and read back
    again = contract_from_dict(contract_to_dict(contract))
    # then the terms are equal and the payer's 90% is not part of the contract
    assert again == example_contract(rates=rates)
    assert again.pays_percent_of_contract == Decimal(100)


CODES = [*sorted(RATES), "99215", "73721"]
drawn_lines = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(100, 500_000), st.sampled_from([(), ("26",), ("TC",), ("59",)]),
              st.integers(1, 3), st.integers(0, 2)),
    min_size=1, max_size=5,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(drawn_lines, st.sampled_from([Decimal(100), Decimal(90), Decimal("87.5")]))
def test_the_expectation_equals_what_a_payer_paying_its_contract_allows_and_exceeds_an_underpayer(
    drawn, percent
):
    # given random lines on up to three days (rated, modifier-rated, percent-of-charge and multiple-procedure codes)
    lines = tuple(example_line(n, code, charge, mods, units=units, service_date=dt.date(2026, 3, 2 + day))
                  for n, (code, charge, mods, units, day) in enumerate(drawn, start=1))  # fmt: skip
    contract = example_contract(
        rates=IMAGING + tuple(FeeScheduleRate(c, r) for c, r in RATES.items()), apply_ncci=False
    )
    payer = dataclasses.replace(
        example_payer(), contract=dataclasses.replace(contract, pays_percent_of_contract=percent)
    )
    # when the payer (GOLD member, NCCI off) adjudicates them and the practice computes its expectation
    (claim,) = (
        PayerEngine(payer).adjudicate([example_claim("P1", "W100", lines)], dt.date(2026, 3, 20)).claims
    )
    allowed = [(line.allowed_cents or 0) for line in claim.lines]
    paid_lines = [line for line, cents in zip(lines, allowed, strict=True) if cents > 0]
    expected = expected_allowed(paid_lines, contract)
    # then at 100% every allowed line is exactly as expected; below 100% none is above its expectation
    for line, cents in zip(lines, allowed, strict=True):
        if cents > 0 and percent == 100:
            assert cents == expected[line.line_number].expected_cents
        elif cents > 0:
            assert cents <= expected[line.line_number].expected_cents
