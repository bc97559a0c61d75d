"""Cost sharing: copay, deductible, coinsurance, capped by the out-of-pocket maximum.

Accumulators are kept per member and plan year; `share` computes one line's patient share and
advances them; `give_back` undoes a claim's share when the payer reverses it.
Order of application (as commercial plans apply it): copay first, then the deductible, then
coinsurance on what is left; the total patient share never passes the out-of-pocket maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.kernel.money import percent_of
from revcycle.simulator.config import BenefitPlan, Member


@dataclass(slots=True)
class Accumulator:
    deductible_met_cents: int = 0
    out_of_pocket_met_cents: int = 0


@dataclass(frozen=True, slots=True)
class CostShare:
    copay_cents: int = 0  # PR-3
    deductible_cents: int = 0  # PR-1
    coinsurance_cents: int = 0  # PR-2

    @property
    def total_cents(self) -> int:
        return self.copay_cents + self.deductible_cents + self.coinsurance_cents


class Accumulators:
    def __init__(self) -> None:
        self._by_key: dict[tuple[str, int], Accumulator] = {}

    def for_member(self, member: Member, plan_year: int) -> Accumulator:
        """The member's accumulator for a plan year, starting from what the member had met."""
        key = (member.member_id, plan_year)
        if key not in self._by_key:
            self._by_key[key] = Accumulator(member.deductible_met_cents, member.out_of_pocket_met_cents)
        return self._by_key[key]


def share(plan: BenefitPlan, accumulator: Accumulator, code: str, allowed_cents: int) -> CostShare:
    """The patient's share of `allowed_cents` for one line; advances `accumulator`."""
    room = max(plan.out_of_pocket_max_cents - accumulator.out_of_pocket_met_cents, 0)
    copay = min(plan.copay_for(code), allowed_cents, room)
    room -= copay
    remaining = allowed_cents - copay
    deductible_left = max(plan.deductible_cents - accumulator.deductible_met_cents, 0)
    deductible = min(deductible_left, remaining, room)
    room -= deductible
    remaining -= deductible
    coinsurance = min(percent_of(remaining, plan.coinsurance_percent), room)
    accumulator.deductible_met_cents += deductible
    accumulator.out_of_pocket_met_cents += copay + deductible + coinsurance
    return CostShare(copay, deductible, coinsurance)


def give_back(accumulator: Accumulator, deductible_cents: int, total_cents: int) -> None:
    """Undo a reversed claim's share (deductible and out-of-pocket), never below zero."""
    accumulator.deductible_met_cents = max(accumulator.deductible_met_cents - deductible_cents, 0)
    accumulator.out_of_pocket_met_cents = max(accumulator.out_of_pocket_met_cents - total_cents, 0)
