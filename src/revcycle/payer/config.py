"""A payer's configuration: contract (fee schedule, rules), benefit plans and members.

Everything the engine decides follows from this configuration, the claims it receives in order,
and the seed (which only numbers payer claims and payments): the same inputs give the same 835.

    config = PayerConfig.from_dict(json.loads(path.read_text()))   # see docs.md for the JSON shape
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.kernel.errors import ErrorCode, RevcycleError


@dataclass(frozen=True, slots=True)
class FeeScheduleRate:
    """Allowed amount per unit for a code (and a pricing modifier such as 26 or TC; "" for none)."""

    code: str
    allowed_cents: int
    modifier: str = ""
    effective_from: date = date(2000, 1, 1)
    effective_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Contract:
    """What the payer allows and which payment rules it applies to this provider."""

    rates: tuple[FeeScheduleRate, ...] = ()
    percent_of_charge: Decimal | None = None  # allowed for codes without a rate; None: not covered
    non_covered_codes: frozenset[str] = frozenset()
    prior_authorization_codes: frozenset[str] = frozenset()
    bundled_codes: frozenset[str] = frozenset()  # never paid separately when billed with another service
    multiple_procedure_codes: frozenset[str] = frozenset()  # subject to multiple-procedure reduction
    multiple_procedure_percent: Decimal = Decimal(50)  # allowed percent for the 2nd and later procedure
    timely_filing_days: int = 365
    apply_ncci: bool = True
    # simulation only: the payer allows this percent of the contracted amount (below 100 it underpays);
    # never part of the practice's copy of the contract (payer.contract.expected_allowed ignores it)
    pays_percent_of_contract: Decimal = Decimal(100)

    def rate(self, code: str, modifiers: tuple[str, ...], on: date) -> FeeScheduleRate | None:
        """The rate for the code with its pricing modifier when one is listed, else the code's plain rate."""
        in_force = [r for r in self.rates if r.code == code and r.in_force(on)]
        for modifier in modifiers:
            for rate in in_force:
                if rate.modifier == modifier:
                    return rate
        return next((rate for rate in in_force if rate.modifier == ""), None)


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

    def plan(self, plan_id: str) -> BenefitPlan:
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise RevcycleError(ErrorCode.NOT_FOUND, f"payer {self.payer_id} has no plan {plan_id!r}")

    def member(self, member_id: str) -> Member | None:
        return next((member for member in self.members if member.member_id == member_id), None)
