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
class FacilityTerms:
    """How the payer pays a hospital (837I claims). Inpatient (bill type 011x/012x) by MS-DRG: the DRG
    payment is `drg_base_rate_cents` x the FY2026 relative weight, plus an outlier when the stay's cost
    (charges x `cost_to_charge_ratio`) passes the DRG payment + `fixed_loss_threshold_cents`: the outlier is
    `outlier_percent` of the excess. Outpatient (013x): per line the HCPCS fee (`hcpcs_fees`, x units), else
    the revenue code's rate (`revenue_code_rates`, x units), else `outpatient_percent_of_charges` of the
    line's charge; a line none of these prices is denied CO-96 N130. Every allowed is capped at the charge.
    With `inpatient_per_diem_cents` the payer pays inpatient stays per diem instead: each room-and-board line
    (revenue codes 0100-0219) that rate x its days, every other line included in it (allowed 0, CO-45)."""

    drg_base_rate_cents: int = 650_000  # $6,500.00 per relative weight of 1
    fixed_loss_threshold_cents: int = 4_039_700  # FY2026 IPPS fixed-loss threshold, $40,397.00
    cost_to_charge_ratio: Decimal = Decimal("0.30")
    outlier_percent: Decimal = Decimal(80)
    hcpcs_fees: tuple[tuple[str, int], ...] = ()  # (HCPCS, allowed cents per unit)
    revenue_code_rates: tuple[tuple[str, int], ...] = ()  # (revenue code, allowed cents per unit)
    outpatient_percent_of_charges: Decimal | None = None  # None: lines without a fee or rate are denied
    inpatient_per_diem_cents: int | None = None  # None: inpatient stays are paid by DRG

    def hcpcs_fee(self, code: str) -> int | None:
        return next((cents for fee_code, cents in self.hcpcs_fees if fee_code == code), None)

    def revenue_code_rate(self, revenue_code: str) -> int | None:
        return next((cents for code, cents in self.revenue_code_rates if code == revenue_code), None)


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
    facility: FacilityTerms = FacilityTerms()  # how it pays hospitals (837I)

    def plan(self, plan_id: str) -> BenefitPlan:
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise RevcycleError(ErrorCode.NOT_FOUND, f"payer {self.payer_id} has no plan {plan_id!r}")

    def member(self, member_id: str) -> Member | None:
        return next((member for member in self.members if member.member_id == member_id), None)
