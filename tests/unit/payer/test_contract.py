"""The practice's expected allowed amount from the contract: rates per code x pricing modifier (fallback to
the plain code), units, the charge as a ceiling, percent of charge, multiple-procedure reduction; the
contract as the practice stores it and reads it from a payer configuration file. (The example contract
and lines are the payer simulator's; what the simulated payer allows against them is tests/unit/simulator.)"""

from __future__ import annotations

import datetime as dt
import json

from revcycle.payer.contract import ExpectedLine, FeeScheduleRate, expected_allowed
from revcycle.payer.contract_file import contract_from_dict, contract_to_dict, load_contract
from revcycle.simulator.examples import MODIFIER_RATES, example_contract, example_line


def test_the_plain_rate_times_units_never_above_the_charge():
    # given the example contract ($130 for 99214) and a $30/unit 97110
    contract = example_contract(rates=MODIFIER_RATES + (FeeScheduleRate("99214", 13000),))
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
    contract = example_contract(rates=MODIFIER_RATES)
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


def test_the_stored_contract_reads_back_and_a_payer_files_simulation_option_is_not_part_of_it(tmp_path):
    # given a contract with modifier rates and effective dates, in a payer configuration whose payer allows 90%
    rates = MODIFIER_RATES + (FeeScheduleRate("99214", 13000, "", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),)
    contract = example_contract(rates=rates)
    path = tmp_path / "acme.json"
    path.write_text(json.dumps({"payer_id": "87726", "contract": contract_to_dict(contract) | {"pays_percent_of_contract": "90"}}))
    # when written as the practice's copy and read back, and when the file's contract is loaded
    again = contract_from_dict(contract_to_dict(contract))
    payer_code, loaded = load_contract(path)
    # then the terms are equal, and the payer's 90% (the simulator's, not a term) is not part of the contract
    assert again == contract
    assert (payer_code, loaded) == ("87726", contract)
