"""Pricing one claim's lines: allowed amount from the contract (priced as the practice prices it,
`payer.contract`, then at the payer's `pays_percent_of_contract`), multiple-procedure reduction,
cost sharing, COB for secondary claims; each line comes back as a balanced `ServicePayment`."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.kernel.money import percent_of
from revcycle.payer.contract import contract_allowed
from revcycle.remittance.model import Adjustment, ServicePayment
from revcycle.simulator.benefits import Accumulators, CostShare, share
from revcycle.simulator.config import BenefitPlan, Member, PayerConfig
from revcycle.simulator.edits import Denial
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine


@dataclass(frozen=True, slots=True)
class PricedLine:
    payment: ServicePayment
    cost_share: CostShare


def denied_line(line: SubmittedLine, denial: Denial) -> PricedLine:
    adjustment = Adjustment(denial.group, denial.reason, line.charge_cents)
    return PricedLine(_payment(line, 0, (adjustment,), denial.remarks, None), CostShare())


def full_allowed(line: SubmittedLine, config: PayerConfig) -> int | None:
    """What the simulated payer allows: the contract's amount (`payer.contract.contract_allowed`), at the
    payer's `pays_percent_of_contract` (100: in full)."""
    allowed = contract_allowed(line, config.contract)
    if allowed is None or config.pays_percent_of_contract == 100:
        return allowed
    return percent_of(allowed, config.pays_percent_of_contract)


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
