"""A contract's expected allowed per code is versioned by effective date like a fee: a new rate ends the
one in force that day (history kept), and the expected amount of a line follows its date of service."""

from dataclasses import dataclass
from datetime import date

from revcycle.payer.contract import Contract, FeeScheduleRate, contract_allowed, with_rate


@dataclass(frozen=True)
class Line:
    line_number: int
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    units: int
    charge_cents: int


def test_a_new_rate_ends_the_old_one_and_each_date_of_service_gets_its_own():
    # given a contract allowing $92.00 for 99213 from January
    contract = Contract(rates=(FeeScheduleRate("99213", 9200, "", date(2026, 1, 1)),))
    # when $95.50 is agreed from July
    updated = with_rate(contract, FeeScheduleRate("99213", 9550, "", date(2026, 7, 1)))
    # then both versions are kept, the first ending June 30
    assert updated is not None
    assert updated.rates == (FeeScheduleRate("99213", 9200, "", date(2026, 1, 1), date(2026, 6, 30)),
                             FeeScheduleRate("99213", 9550, "", date(2026, 7, 1)))  # fmt: skip
    # and a June visit is expected at $92.00, a July one at $95.50
    june, july = (
        Line(1, "99213", (), date(2026, 6, 30), 1, 11000),
        Line(1, "99213", (), date(2026, 7, 1), 1, 11000),
    )
    assert (contract_allowed(june, updated), contract_allowed(july, updated)) == (9200, 9550)


def test_the_same_rate_again_changes_nothing():
    contract = Contract(rates=(FeeScheduleRate("99213", 9200, "", date(2026, 1, 1)),))
    assert with_rate(contract, FeeScheduleRate("99213", 9200, "", date(2026, 3, 1))) is None
