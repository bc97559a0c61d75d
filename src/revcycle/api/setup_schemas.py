"""Request bodies of the set-up routes (`routes/setup.py`) and their domain objects: malformed input is a
422 naming its field; the domain constructors check the rest (NPI check digit, TIN, taxonomy, POS)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from revcycle.api.schemas import AddressIn, Strict
from revcycle.kernel.money import round_cents
from revcycle.payer.contract import FeeScheduleRate
from revcycle.practice.fees import Fee
from revcycle.practice.organization import (
    BillingProvider,
    Facility,
    PracticeProfile,
    ReferringProvider,
    RenderingProvider,
)
from revcycle.practice.payers import Payer, Plan

NPI = Field(pattern=r"^\d{10}$")
TAXONOMY = Field(min_length=10, max_length=10)
Dollars = Field(gt=0, max_digits=11, decimal_places=2)


class ProfileIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(default="", max_length=20)
    contact_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=120)

    def domain(self) -> PracticeProfile:
        return PracticeProfile(self.name, self.phone, self.contact_name, self.email)


class BillingProviderIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    npi: str = NPI
    tin: str = Field(min_length=9, max_length=11)
    taxonomy: str = TAXONOMY
    address: AddressIn
    phone: str = Field(default="", max_length=20)
    pay_to: AddressIn | None = None

    def domain(self, provider_id: int | None = None) -> BillingProvider:
        return BillingProvider(self.name, self.npi, self.tin, self.taxonomy, self.address.domain(), provider_id,
                               self.phone, self.pay_to.domain() if self.pay_to else None)  # fmt: skip


class RenderingProviderIn(Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    npi: str = NPI
    taxonomy: str = TAXONOMY
    active: bool = True

    def domain(self, provider_id: int | None = None) -> RenderingProvider:
        return RenderingProvider(
            self.first_name, self.last_name, self.npi, self.taxonomy, provider_id, self.active
        )


class ReferringProviderIn(Strict):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    npi: str = NPI
    taxonomy: str = Field(default="", max_length=10)

    def domain(self, provider_id: int | None = None) -> ReferringProvider:
        return ReferringProvider(self.first_name, self.last_name, self.npi, self.taxonomy, provider_id)


class FacilityIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    address: AddressIn
    place_of_service: str = Field(default="11", pattern=r"^\d{2}$")
    npi: str | None = Field(default=None, pattern=r"^\d{10}$")

    def domain(self, facility_id: int | None = None) -> Facility:
        return Facility(self.name, self.address.domain(), self.place_of_service, self.npi, facility_id)


class PayerIn(Strict):
    payer_id: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    filing_indicator: str = Field(default="CI", min_length=2, max_length=2)
    timely_filing_days: int = Field(default=365, ge=1, le=3650)
    claims_address: AddressIn | None = None
    phone: str = Field(default="", max_length=20)
    route: str = Field(default="", max_length=40)
    active: bool = True

    def domain(self, payer_id: int | None = None) -> Payer:
        return Payer(self.payer_id, self.name, self.filing_indicator, self.timely_filing_days, payer_id,  # type: ignore[arg-type]
                     self.claims_address.domain() if self.claims_address else None, self.phone, self.route,
                     self.active)  # fmt: skip


class PlanIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    plan_type: str = Field(default="", max_length=40)

    def domain(self, payer_id: int) -> Plan:
        return Plan(payer_id, self.name, self.plan_type)


class FeeIn(Strict):
    code: str = Field(min_length=5, max_length=5)
    modifier: str = Field(default="", max_length=2)
    amount: Decimal = Dollars
    effective_from: date
    effective_to: date | None = None

    def domain(self) -> Fee:
        return Fee(self.code, round_cents(self.amount), self.modifier, self.effective_from, self.effective_to)


class RateIn(Strict):
    code: str = Field(min_length=5, max_length=5)
    modifier: str = Field(default="", max_length=2)
    allowed: Decimal = Dollars
    effective_from: date
    effective_to: date | None = None

    def domain(self) -> FeeScheduleRate:
        fee = Fee(self.code, round_cents(self.allowed), self.modifier, self.effective_from, self.effective_to)
        return FeeScheduleRate(fee.code, fee.amount_cents, fee.modifier, fee.effective_from, fee.effective_to)


class UserChangeIn(Strict):
    role: str | None = Field(default=None, pattern=r"^(coder|biller|manager|admin|auditor)$")
    active: bool | None = None
