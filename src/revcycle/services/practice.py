"""Setting up the practice: billing provider, rendering providers, facilities, payers, plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from revcycle.practice.organization import BillingProvider, Facility, RenderingProvider
from revcycle.practice.payers import Payer, Plan
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

Added = TypeVar("Added", BillingProvider, RenderingProvider, Facility, Payer, Plan)


def _add(uow: UnitOfWork, user: User, entity_type: str, add: Callable[[], Added]) -> Added:
    """One set-up record added (`edit_practice`) and its creation audited, in one transaction."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = add()
        audit.record(uow, user, audit.Action.CREATE, entity_type, added.id or 0)
        return added


def add_billing_provider(uow: UnitOfWork, user: User, provider: BillingProvider) -> BillingProvider:
    return _add(uow, user, "billing_provider", lambda: uow.practice.add_billing_provider(provider))


def add_rendering_provider(uow: UnitOfWork, user: User, provider: RenderingProvider) -> RenderingProvider:
    return _add(uow, user, "rendering_provider", lambda: uow.practice.add_rendering_provider(provider))


def add_facility(uow: UnitOfWork, user: User, facility: Facility) -> Facility:
    return _add(uow, user, "facility", lambda: uow.practice.add_facility(facility))


def add_payer(uow: UnitOfWork, user: User, payer: Payer) -> Payer:
    return _add(uow, user, "payer", lambda: uow.practice.add_payer(payer))


def add_plan(uow: UnitOfWork, user: User, plan: Plan) -> Plan:
    def add() -> Plan:
        uow.practice.payer(plan.payer_id)  # NOT_FOUND for an unknown payer
        return uow.practice.add_plan(plan)

    return _add(uow, user, "plan", add)
