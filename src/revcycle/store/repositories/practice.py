"""Who bills, renders, refers and pays: the practice profile, billing providers, rendering and referring
providers, facilities, payers, plans — added, changed in place (the services audit each change), listed,
and found by the key a set-up file names them by (NPI, facility name, payer id, plan name)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Table, select, update

from revcycle.practice.organization import (
    BillingProvider,
    Facility,
    PracticeProfile,
    ReferringProvider,
    RenderingProvider,
)
from revcycle.practice.payers import Payer, Plan
from revcycle.store.repositories.rows import Repository, address_columns, address_from
from revcycle.store.tables import billing_providers, facilities, payers, plans, rendering_providers
from revcycle.store.tables_setup import practice_profile, referring_providers


def _billing_values(provider: BillingProvider) -> dict[str, Any]:
    values = {"name": provider.name, "npi": provider.npi, "tin": provider.tin, "taxonomy": provider.taxonomy,
              "phone": provider.phone}  # fmt: skip
    return values | address_columns(provider.address) | address_columns(provider.pay_to, "pay_to_")


def _billing(row: Any) -> BillingProvider:
    return BillingProvider(row.name, row.npi, row.tin, row.taxonomy, address_from(row), row.id, row.phone,  # type: ignore[arg-type]
                           address_from(row, "pay_to_"))  # fmt: skip


def _rendering_values(provider: RenderingProvider) -> dict[str, Any]:
    return {"first_name": provider.first_name, "last_name": provider.last_name, "npi": provider.npi,
            "taxonomy": provider.taxonomy, "active": provider.active}  # fmt: skip


def _rendering(row: Any) -> RenderingProvider:
    return RenderingProvider(row.first_name, row.last_name, row.npi, row.taxonomy, row.id, row.active)


def _referring_values(provider: ReferringProvider) -> dict[str, Any]:
    return {"first_name": provider.first_name, "last_name": provider.last_name, "npi": provider.npi,
            "taxonomy": provider.taxonomy}  # fmt: skip


def _referring(row: Any) -> ReferringProvider:
    return ReferringProvider(row.first_name, row.last_name, row.npi, row.taxonomy, row.id)


def _facility_values(facility: Facility) -> dict[str, Any]:
    values = {"name": facility.name, "place_of_service": facility.place_of_service, "npi": facility.npi}
    return values | address_columns(facility.address)


def _facility(row: Any) -> Facility:
    return Facility(row.name, address_from(row), row.place_of_service, row.npi, row.id)  # type: ignore[arg-type]


def _payer_values(payer: Payer) -> dict[str, Any]:
    values = {"payer_code": payer.payer_code, "name": payer.name,
              "claim_filing_indicator": payer.claim_filing_indicator.value,
              "timely_filing_days": payer.timely_filing_days,
              "phone": payer.phone, "route": payer.route, "active": payer.active}  # fmt: skip
    return values | address_columns(payer.claims_address, "claims_")


def _payer(row: Any) -> Payer:
    return Payer(row.payer_code, row.name, row.claim_filing_indicator, row.timely_filing_days, row.id,
                 address_from(row, "claims_"), row.phone, row.route, row.active)  # fmt: skip


def _plan(row: Any) -> Plan:
    return Plan(row.payer_id, row.name, row.plan_type, row.id)


class PracticeRepository(Repository):
    def _update(self, table: Table, row_id: int, values: dict[str, Any], what: str) -> None:
        self._row(table, row_id, what)  # NOT_FOUND for an unknown id
        self._connection.execute(update(table).where(table.c.id == row_id).values(values))

    def _first(self, table: Table, condition: ColumnElement[bool]) -> Any:
        return self._connection.execute(select(table).where(condition)).first()

    def _all(self, table: Table, *order: Any) -> list[Any]:
        return list(self._connection.execute(select(table).order_by(*order, table.c.id)))

    # the practice profile: one row
    def profile(self) -> PracticeProfile | None:
        row = self._connection.execute(select(practice_profile).order_by(practice_profile.c.id)).first()
        return None if row is None else PracticeProfile(row.name, row.phone, row.contact_name, row.email)

    def set_profile(self, profile: PracticeProfile) -> None:
        values = {"name": profile.name, "phone": profile.phone, "contact_name": profile.contact_name,
                  "email": profile.email}  # fmt: skip
        row_id = self._connection.scalar(select(practice_profile.c.id).order_by(practice_profile.c.id))
        if row_id is None:
            self._insert(practice_profile, values)
        else:
            self._connection.execute(
                update(practice_profile).where(practice_profile.c.id == row_id).values(values)
            )

    # billing providers
    def add_billing_provider(self, provider: BillingProvider) -> BillingProvider:
        return replace(provider, id=self._insert(billing_providers, _billing_values(provider)))

    def billing_provider(self, provider_id: int) -> BillingProvider:
        return _billing(self._row(billing_providers, provider_id, "billing provider"))

    def change_billing_provider(self, provider: BillingProvider) -> None:
        self._update(billing_providers, provider.id or 0, _billing_values(provider), "billing provider")

    def billing_provider_by_npi(self, npi: str) -> BillingProvider | None:
        row = self._first(billing_providers, billing_providers.c.npi == npi)
        return None if row is None else _billing(row)

    def billing_providers(self) -> list[BillingProvider]:
        return [_billing(row) for row in self._all(billing_providers, billing_providers.c.name)]

    # rendering providers
    def add_rendering_provider(self, provider: RenderingProvider) -> RenderingProvider:
        return replace(provider, id=self._insert(rendering_providers, _rendering_values(provider)))

    def rendering_provider(self, provider_id: int) -> RenderingProvider:
        return _rendering(self._row(rendering_providers, provider_id, "rendering provider"))

    def change_rendering_provider(self, provider: RenderingProvider) -> None:
        self._update(rendering_providers, provider.id or 0, _rendering_values(provider), "rendering provider")

    def rendering_provider_by_npi(self, npi: str) -> RenderingProvider | None:
        row = self._first(rendering_providers, rendering_providers.c.npi == npi)
        return None if row is None else _rendering(row)

    def rendering_providers(self) -> list[RenderingProvider]:
        table = rendering_providers
        return [_rendering(row) for row in self._all(table, table.c.last_name, table.c.first_name)]

    # referring providers
    def add_referring_provider(self, provider: ReferringProvider) -> ReferringProvider:
        return replace(provider, id=self._insert(referring_providers, _referring_values(provider)))

    def referring_provider(self, provider_id: int) -> ReferringProvider:
        return _referring(self._row(referring_providers, provider_id, "referring provider"))

    def change_referring_provider(self, provider: ReferringProvider) -> None:
        self._update(referring_providers, provider.id or 0, _referring_values(provider), "referring provider")

    def referring_provider_by_npi(self, npi: str) -> ReferringProvider | None:
        row = self._first(referring_providers, referring_providers.c.npi == npi)
        return None if row is None else _referring(row)

    def referring_providers(self) -> list[ReferringProvider]:
        table = referring_providers
        return [_referring(row) for row in self._all(table, table.c.last_name, table.c.first_name)]

    # facilities
    def add_facility(self, facility: Facility) -> Facility:
        return replace(facility, id=self._insert(facilities, _facility_values(facility)))

    def facility(self, facility_id: int) -> Facility:
        return _facility(self._row(facilities, facility_id, "facility"))

    def change_facility(self, facility: Facility) -> None:
        self._update(facilities, facility.id or 0, _facility_values(facility), "facility")

    def facility_by_name(self, name: str) -> Facility | None:
        row = self._first(facilities, facilities.c.name == name)
        return None if row is None else _facility(row)

    def facilities(self) -> list[Facility]:
        return [_facility(row) for row in self._all(facilities, facilities.c.name)]

    # payers and plans
    def add_payer(self, payer: Payer) -> Payer:
        return replace(payer, id=self._insert(payers, _payer_values(payer)))

    def payer(self, payer_id: int) -> Payer:
        return _payer(self._row(payers, payer_id, "payer"))

    def change_payer(self, payer: Payer) -> None:
        self._update(payers, payer.id or 0, _payer_values(payer), "payer")

    def payer_by_code(self, payer_code: str) -> Payer | None:
        row = self._first(payers, payers.c.payer_code == payer_code)
        return None if row is None else _payer(row)

    def payers(self) -> list[Payer]:
        return [_payer(row) for row in self._all(payers, payers.c.name)]

    def add_plan(self, plan: Plan) -> Plan:
        values = {"payer_id": plan.payer_id, "name": plan.name, "plan_type": plan.plan_type}
        return replace(plan, id=self._insert(plans, values))

    def plan(self, plan_id: int) -> Plan:
        return _plan(self._row(plans, plan_id, "plan"))

    def change_plan(self, plan: Plan) -> None:
        self._update(plans, plan.id or 0, {"name": plan.name, "plan_type": plan.plan_type}, "plan")

    def plans(self, payer_id: int | None = None) -> list[Plan]:
        query = select(plans).order_by(plans.c.payer_id, plans.c.name, plans.c.id)
        if payer_id is not None:
            query = query.where(plans.c.payer_id == payer_id)
        return [_plan(row) for row in self._connection.execute(query)]
