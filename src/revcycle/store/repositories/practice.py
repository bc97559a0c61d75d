"""Who bills, renders and pays: billing providers, rendering providers, facilities, payers, plans."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from revcycle.practice.organization import BillingProvider, Facility, RenderingProvider
from revcycle.practice.payers import Payer, Plan
from revcycle.store.repositories.rows import Repository, address_columns, address_from
from revcycle.store.tables import billing_providers, facilities, payers, plans, rendering_providers

T = TypeVar("T")


class PracticeRepository(Repository):
    def add_billing_provider(self, provider: BillingProvider) -> BillingProvider:
        values = {
            "name": provider.name,
            "npi": provider.npi,
            "tin": provider.tin,
            "taxonomy": provider.taxonomy,
        }
        return replace(
            provider, id=self._insert(billing_providers, values | address_columns(provider.address))
        )

    def billing_provider(self, provider_id: int) -> BillingProvider:
        row = self._row(billing_providers, provider_id, "billing provider")
        return BillingProvider(row.name, row.npi, row.tin, row.taxonomy, address_from(row), row.id)  # type: ignore[arg-type]

    def add_rendering_provider(self, provider: RenderingProvider) -> RenderingProvider:
        values = {"first_name": provider.first_name, "last_name": provider.last_name, "npi": provider.npi}
        return replace(
            provider, id=self._insert(rendering_providers, values | {"taxonomy": provider.taxonomy})
        )

    def rendering_provider(self, provider_id: int) -> RenderingProvider:
        row = self._row(rendering_providers, provider_id, "rendering provider")
        return RenderingProvider(row.first_name, row.last_name, row.npi, row.taxonomy, row.id)

    def add_facility(self, facility: Facility) -> Facility:
        values = {"name": facility.name, "place_of_service": facility.place_of_service, "npi": facility.npi}
        return replace(facility, id=self._insert(facilities, values | address_columns(facility.address)))

    def facility(self, facility_id: int) -> Facility:
        row = self._row(facilities, facility_id, "facility")
        return Facility(row.name, address_from(row), row.place_of_service, row.npi, row.id)  # type: ignore[arg-type]

    def add_payer(self, payer: Payer) -> Payer:
        values = {
            "payer_code": payer.payer_code,
            "name": payer.name,
            "claim_filing_indicator": payer.claim_filing_indicator.value,
            "timely_filing_days": payer.timely_filing_days,
        }
        return replace(payer, id=self._insert(payers, values))

    def payer(self, payer_id: int) -> Payer:
        row = self._row(payers, payer_id, "payer")
        return Payer(row.payer_code, row.name, row.claim_filing_indicator, row.timely_filing_days, row.id)

    def add_plan(self, plan: Plan) -> Plan:
        return replace(
            plan,
            id=self._insert(
                plans, {"payer_id": plan.payer_id, "name": plan.name, "plan_type": plan.plan_type}
            ),
        )

    def plan(self, plan_id: int) -> Plan:
        row = self._row(plans, plan_id, "plan")
        return Plan(row.payer_id, row.name, row.plan_type, row.id)
