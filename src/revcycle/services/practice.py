"""Setting up the practice: billing provider, rendering providers, facilities, payers, plans."""

from __future__ import annotations

from revcycle.practice.organization import BillingProvider, Facility, RenderingProvider
from revcycle.practice.payers import Payer, Plan
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def add_billing_provider(uow: UnitOfWork, user: User, provider: BillingProvider) -> BillingProvider:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = uow.practice.add_billing_provider(provider)
        audit.record(uow, user, audit.Action.CREATE, "billing_provider", added.id or 0)
        return added


def add_rendering_provider(uow: UnitOfWork, user: User, provider: RenderingProvider) -> RenderingProvider:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = uow.practice.add_rendering_provider(provider)
        audit.record(uow, user, audit.Action.CREATE, "rendering_provider", added.id or 0)
        return added


def add_facility(uow: UnitOfWork, user: User, facility: Facility) -> Facility:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = uow.practice.add_facility(facility)
        audit.record(uow, user, audit.Action.CREATE, "facility", added.id or 0)
        return added


def add_payer(uow: UnitOfWork, user: User, payer: Payer) -> Payer:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = uow.practice.add_payer(payer)
        audit.record(uow, user, audit.Action.CREATE, "payer", added.id or 0)
        return added


def add_plan(uow: UnitOfWork, user: User, plan: Plan) -> Plan:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        uow.practice.payer(plan.payer_id)  # NOT_FOUND for an unknown payer
        added = uow.practice.add_plan(plan)
        audit.record(uow, user, audit.Action.CREATE, "plan", added.id or 0)
        return added
