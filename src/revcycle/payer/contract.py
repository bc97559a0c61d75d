"""What the practice should be allowed for the lines of one claim, by its contract with the payer.

    expected = expected_allowed(lines, contract)      # line number -> ExpectedLine

Priced exactly as the payer engine prices (`pricing.contract_allowed`, `pricing.reduced_lines`):
- the rate of the line's pricing modifier when the fee schedule lists one (26/TC, 50 bilateral,
  80 assistant surgeon, ...), else the plain code's rate, in force on the date of service;
- times units, never more than the charge; codes without a rate at the contract's percent of charge;
- multiple-procedure reduction: per day, among the contract's multiple-procedure codes, the line with
  the highest allowed is paid in full and every other at `multiple_procedure_percent` (ties: line order).
A line the contract prices nothing for (no rate, no percent of charge) has no expectation.
The simulator's `pays_percent_of_contract` is never applied here: it is what a payer does, not the contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.payer.config import Contract
from revcycle.payer.pricing import contract_allowed, reduced_lines
from revcycle.payer.submitted import SubmittedLine


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    line_number: int
    full_cents: int  # the contract's allowed amount before the multiple-procedure reduction
    reduction_cents: int = 0  # multiple-procedure reduction (the payer's CO-59)
    rate_modifier: str | None = (
        None  # the pricing modifier whose rate applied; "" base rate; None % of charge
    )

    @property
    def expected_cents(self) -> int:
        return self.full_cents - self.reduction_cents


def expected_allowed(lines: Sequence[SubmittedLine], contract: Contract) -> dict[int, ExpectedLine]:
    """Expected allowed per line number for the lines of ONE claim the payer allowed (denied lines left out,
    as the payer leaves them out of the multiple-procedure ranking)."""
    priced: list[tuple[SubmittedLine, int]] = []
    for line in lines:
        allowed = contract_allowed(line, contract)
        if allowed is not None:
            priced.append((line, allowed))
    reductions = reduced_lines(priced, contract)
    expected = {}
    for line, allowed in priced:
        rate = contract.rate(line.procedure_code, line.modifiers, line.service_date)
        expected[line.line_number] = ExpectedLine(
            line.line_number,
            allowed,
            reductions.get(line.line_number, 0),
            None if rate is None else rate.modifier,
        )
    return expected
