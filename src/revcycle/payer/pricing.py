"""Pricing one claim's lines: allowed amount from the contract, multiple-procedure reduction,
cost sharing, COB for secondary claims; each line comes back as a balanced `ServicePayment`."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.kernel.money import percent_of
from revcycle.payer.benefits import Accumulators, CostShare, share
from revcycle.payer.config import BenefitPlan, Contract, Member
from revcycle.payer.edits import Denial
from revcycle.payer.submitted import SubmittedClaim, SubmittedLine
from revcycle.remittance.model import Adjustment, ServicePayment


@dataclass(frozen=True, slots=True)
class PricedLine:
    payment: ServicePayment
    cost_share: CostShare


def denied_line(line: SubmittedLine, denial: Denial) -> PricedLine:
    adjustment = Adjustment(denial.group, denial.reason, line.charge_cents)
    return PricedLine(_payment(line, 0, (adjustment,), denial.remarks, None), CostShare())


def contract_allowed(line: SubmittedLine, contract: Contract) -> int | None:
    """What the contract allows: the lesser of the charge and rate x units (the rate of the line's pricing
    modifier, else the plain code's), or percent of charge; None when the contract prices nothing.
    The payer engine and the practice's expected amount (`payer.contract`) both price with this."""
    rate = contract.rate(line.procedure_code, line.modifiers, line.service_date)
    if rate is not None:
        return min(rate.allowed_cents * line.units, line.charge_cents)
    if contract.percent_of_charge is not None:
        return percent_of(line.charge_cents, contract.percent_of_charge)
    return None


def full_allowed(line: SubmittedLine, contract: Contract) -> int | None:
    """What the simulated payer allows: the contract's amount, at `pays_percent_of_contract` (100: in full)."""
    allowed = contract_allowed(line, contract)
    if allowed is None or contract.pays_percent_of_contract == 100:
        return allowed
    return percent_of(allowed, contract.pays_percent_of_contract)


def reduced_lines(lines: list[tuple[SubmittedLine, int]], contract: Contract) -> dict[int, int]:
    """Multiple-procedure reduction: per day, the highest-allowed procedure in full, the others at the
    contract's percent. Returns line number -> reduction in cents (only reduced lines)."""
    reductions: dict[int, int] = {}
    by_day: dict = {}
    for line, allowed in lines:
        if line.procedure_code in contract.multiple_procedure_codes:
            by_day.setdefault(line.service_date, []).append((line, allowed))
    for day_lines in by_day.values():
        ranked = sorted(day_lines, key=lambda pair: (-pair[1], pair[0].line_number))
        for line, allowed in ranked[1:]:
            reductions[line.line_number] = allowed - percent_of(allowed, contract.multiple_procedure_percent)
    return reductions


def priced_line(
    claim: SubmittedClaim,
    line: SubmittedLine,
    allowed: tuple[int, int],
    plan: BenefitPlan,
    member: Member,
    accumulators: Accumulators,
) -> PricedLine:
    """`allowed` is (full allowed, multiple-procedure reduction)."""
    full, reduction = allowed
    net_allowed = full - reduction
    year = plan.plan_year(line.service_date)
    cost = share(plan, accumulators.for_member(member, year), line.procedure_code, net_allowed)
    adjustments = [Adjustment("CO", "45", line.charge_cents - full)] if line.charge_cents > full else []
    if reduction:
        adjustments.append(Adjustment("CO", "59", reduction))
    if claim.responsibility != "P":
        return _coordinated(line, net_allowed, cost)
    adjustments += _patient_adjustments(cost)
    return PricedLine(
        _payment(line, net_allowed - cost.total_cents, tuple(adjustments), (), net_allowed), cost
    )


def _patient_adjustments(cost: CostShare) -> list[Adjustment]:
    pairs = (("1", cost.deductible_cents), ("2", cost.coinsurance_cents), ("3", cost.copay_cents))
    return [Adjustment("PR", reason, cents) for reason, cents in pairs if cents]


def _coordinated(line: SubmittedLine, allowed: int, cost: CostShare) -> PricedLine:
    """Secondary payer (traditional COB): pay the lesser of what it would pay as primary and what the
    earlier payer left to the patient; OA-23 carries the earlier payer's payments and adjustments."""
    left_by_prior = line.prior_patient_responsibility_cents
    paid = max(min(allowed - cost.total_cents, left_by_prior), 0)
    adjustments = (
        [Adjustment("OA", "23", line.charge_cents - left_by_prior)]
        if line.charge_cents > left_by_prior
        else []
    )
    remaining = left_by_prior - paid
    for reason, own in (("1", cost.deductible_cents), ("3", cost.copay_cents), ("2", remaining)):
        part = min(own, remaining)
        if part > 0:
            adjustments.append(Adjustment("PR", reason, part))
            remaining -= part
    kept = CostShare(0, 0, 0)
    return PricedLine(_payment(line, paid, tuple(adjustments), (), allowed), kept)


def _payment(
    line: SubmittedLine,
    paid: int,
    adjustments: tuple[Adjustment, ...],
    remarks: tuple[str, ...],
    allowed: int,
) -> ServicePayment:
    return ServicePayment(
        procedure_code=line.procedure_code,
        charge_cents=line.charge_cents,
        paid_cents=paid,
        modifiers=line.modifiers,
        units=line.units,
        service_date=line.service_date,
        control_number=line.control_number,
        adjustments=tuple(a for a in adjustments if a.amount_cents),
        remarks=remarks,
        allowed_cents=allowed,
    )
