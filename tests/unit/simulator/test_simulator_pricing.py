"""What the simulated payer allows against the contract it shares with the practice: below 100 %
(`PayerConfig.pays_percent_of_contract`) it underpays, at 100 % every allowed line is exactly what the
practice expects (`payer.contract.expected_allowed`, priced by the same functions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.payer.contract import FeeScheduleRate, contract_allowed, expected_allowed
from revcycle.payer.contract_file import contract_to_dict
from revcycle.simulator.config_file import payer_config_from_dict
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import (
    MODIFIER_RATES,
    RATES,
    example_claim,
    example_contract,
    example_line,
    example_payer,
)
from revcycle.simulator.pricing import full_allowed


def test_a_payer_paying_below_contract_allows_less_but_the_expectation_stays_the_contract():
    # given a simulated payer that allows 90% of its contract
    payer = example_payer(pays_percent_of_contract=Decimal(90))
    line = example_line(1, "99214", 15000)
    # when priced by the payer and by the practice
    # then the payer allows $117, the contract says $130
    assert full_allowed(line, payer) == 11700
    assert contract_allowed(line, payer.contract) == 13000
    assert expected_allowed((line,), payer.contract)[1].expected_cents == 13000


def test_the_payers_percent_of_contract_is_read_from_the_contract_part_of_its_configuration():
    # given a payer configuration whose "contract" says the payer allows 90% of it
    data = {"payer_id": "87726", "name": "ACME HEALTH", "plans": [], "members": [],
            "contract": contract_to_dict(example_contract()) | {"pays_percent_of_contract": "90"}}
    # when read
    config = payer_config_from_dict(data)
    # then the payer allows 90%, and its contract is the practice's terms
    assert (config.pays_percent_of_contract, config.contract) == (Decimal(90), example_contract())
    assert payer_config_from_dict(data | {"contract": {}}).pays_percent_of_contract == Decimal(100)


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
        rates=MODIFIER_RATES + tuple(FeeScheduleRate(c, r) for c, r in RATES.items()), apply_ncci=False
    )
    payer = dataclasses.replace(example_payer(), contract=contract, pays_percent_of_contract=percent)
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
