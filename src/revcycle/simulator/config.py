"""A simulated payer's configuration: its contract with the provider (`payer.contract.Contract`), benefit
plans, members, provider-level adjustments, and how it behaves (`pays_percent_of_contract`).

Everything the engine decides follows from this configuration, the claims it receives in order,
and the seed (which only numbers payer claims and payments): the same inputs give the same 835.

    config = load_payer_config(Path("acme.json"))   # simulator.config_file (JSON shape in its docstring)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract


@dataclass(frozen=True, slots=True)
class BenefitPlan:
    plan_id: str
    deductible_cents: int
    coinsurance_percent: Decimal  # the patient's share after the deductible
    out_of_pocket_max_cents: int
    copays: tuple[tuple[str, int], ...] = ()  # (code, copay cents) per visit code
    plan_year_start_month: int = 1
    name: str = ""  # the plan's name as the payer reports it (271 EB05); plan_id when empty
    family_deductible_cents: int = 0  # 0: no family deductible
    family_out_of_pocket_max_cents: int = 0
    out_of_network_deductible_cents: int = 0  # 0: no out-of-network benefit reported
    out_of_network_out_of_pocket_max_cents: int = 0
    out_of_network_coinsurance_percent: Decimal | None = None

    def copay_for(self, code: str) -> int:
        return next((cents for copay_code, cents in self.copays if copay_code == code), 0)

    def plan_year(self, on: date) -> int:
        return on.year if on.month >= self.plan_year_start_month else on.year - 1


@dataclass(frozen=True, slots=True)
class Member:
    member_id: str
    plan_id: str
    effective_from: date
    effective_to: date | None = None
    last_name: str = ""
    first_name: str = ""
    deductible_met_cents: int = 0  # accumulators at the start of the configured plan year
    out_of_pocket_met_cents: int = 0
    subscriber_id: str = ""  # a dependent's subscriber (the family the family limits count)
    birth_date: date | None = None
    prior_member_ids: tuple[str, ...] = ()  # ids the payer used before (a 270 may still send one)

    @property
    def family_id(self) -> str:
        return self.subscriber_id or self.member_id

    def covered_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class ProviderAdjustmentRule:
    """A provider-level adjustment the payer applies to its next payment (PLB)."""

    reason: str  # WO overpayment recovery, L6 interest, CS adjustment, …
    amount_cents: int
    reference: str = ""


@dataclass(frozen=True, slots=True)
class PayerConfig:
    payer_id: str
    name: str
    contract: Contract
    plans: tuple[BenefitPlan, ...]
    members: tuple[Member, ...]
    seed: int = 1
    payment_method: str = "ACH"  # ACH (EFT) or CHK
    provider_adjustments: tuple[ProviderAdjustmentRule, ...] = ()
    filing_indicator: str = "CI"
    address: tuple[str, str, str, str] = ("PO BOX 1000", "COLUMBUS", "OH", "43215")
    contact_phone: str = "8005550100"
    # the payer allows this percent of the contracted amount (below 100 it underpays the contract);
    # the practice's copy of the contract never has it (payer.contract.expected_allowed prices in full)
    pays_percent_of_contract: Decimal = Decimal(100)

    def plan(self, plan_id: str) -> BenefitPlan:
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise RevcycleError(ErrorCode.NOT_FOUND, f"payer {self.payer_id} has no plan {plan_id!r}")

    def member(self, member_id: str) -> Member | None:
        return next((member for member in self.members if member.member_id == member_id), None)
