"""Setting up the practice: its profile, billing provider, rendering and referring providers, facilities,
payers and plans — added, changed, listed. One function per verb, one transaction each.

Reading the set-up needs only an active user (it holds no patient data); every change needs
`edit_practice` (manager, admin) and is audited with the names of the fields it changed. A change that
changes nothing writes nothing (no row, no audit), which is what makes a re-imported file a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from revcycle.denials.appeals import ANY_CATEGORY
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import (
    BillingProvider,
    Facility,
    PracticeProfile,
    ReferringProvider,
    RenderingProvider,
)
from revcycle.practice.payers import Payer, Plan
from revcycle.practice.users import Permission, User
from revcycle.services import appeals, audit
from revcycle.store.uow import UnitOfWork

Added = TypeVar("Added", BillingProvider, RenderingProvider, ReferringProvider, Facility, Payer, Plan)


@dataclass(frozen=True, slots=True)
class PracticeSetup:
    """Everything a manager sets up, as the set-up pages and `revcycle setup export` show it."""

    profile: PracticeProfile | None
    billing_providers: list[BillingProvider]
    rendering_providers: list[RenderingProvider]
    referring_providers: list[ReferringProvider]
    facilities: list[Facility]
    payers: list[Payer]
    plans: list[Plan]

    def payer_name(self, payer_id: int) -> str:
        return next((payer.name for payer in self.payers if payer.id == payer_id), "")


def require_active(user: User) -> None:
    if not user.active:
        raise RevcycleError(ErrorCode.FORBIDDEN, f"user {user.username} is inactive")


def practice_setup(uow: UnitOfWork, user: User) -> PracticeSetup:
    with uow:
        require_active(user)
        repository = uow.practice
        return PracticeSetup(repository.profile(), repository.billing_providers(), repository.rendering_providers(),
                             repository.referring_providers(), repository.facilities(), repository.payers(),
                             repository.plans())  # fmt: skip


def changed_fields(old: Any, new: Any) -> list[str]:
    """The names of the fields whose values differ (the id aside)."""
    return [f.name for f in fields(old) if f.name != "id" and getattr(old, f.name) != getattr(new, f.name)]


def _add(uow: UnitOfWork, user: User, entity_type: str, add: Callable[[], Added]) -> Added:
    """One set-up record added (`edit_practice`) and its creation audited, in one transaction."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        added = add()
        audit.record(uow, user, audit.Action.CREATE, entity_type, added.id or 0)
        return added


def _change(uow: UnitOfWork, user: User, entity_type: str, new: Added, old: Callable[[int], Added],
            write: Callable[[Added], None]) -> Added:  # fmt: skip
    """One set-up record changed in place; audited with the names of the fields changed; nothing when equal."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        if new.id is None:
            raise RevcycleError(ErrorCode.VALIDATION, f"which {entity_type.replace('_', ' ')}? (no id)")
        changed = changed_fields(old(new.id), new)
        if changed:
            write(new)
            audit.record(uow, user, audit.Action.CHANGE, entity_type, new.id, "changed " + ", ".join(changed))
        return new


def _unique(found: object | None, what: str) -> None:
    if found is not None:
        raise RevcycleError(ErrorCode.CONFLICT, f"{what} already exists")


def save_profile(uow: UnitOfWork, user: User, profile: PracticeProfile) -> PracticeProfile:
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        old = uow.practice.profile()
        if old != profile:
            uow.practice.set_profile(profile)
            detail = "created" if old is None else "changed " + ", ".join(changed_fields(old, profile))
            audit.record(uow, user, audit.Action.CHANGE, "practice_profile", 1, detail)
        return profile


def add_billing_provider(uow: UnitOfWork, user: User, provider: BillingProvider) -> BillingProvider:
    def add() -> BillingProvider:
        _unique(
            uow.practice.billing_provider_by_npi(provider.npi), f"a billing provider with NPI {provider.npi}"
        )
        return uow.practice.add_billing_provider(provider)

    return _add(uow, user, "billing_provider", add)


def change_billing_provider(uow: UnitOfWork, user: User, provider: BillingProvider) -> BillingProvider:
    return _change(uow, user, "billing_provider", provider, lambda i: uow.practice.billing_provider(i),
                   lambda changed: uow.practice.change_billing_provider(changed))  # fmt: skip


def add_rendering_provider(uow: UnitOfWork, user: User, provider: RenderingProvider) -> RenderingProvider:
    def add() -> RenderingProvider:
        _unique(
            uow.practice.rendering_provider_by_npi(provider.npi),
            f"a rendering provider with NPI {provider.npi}",
        )
        return uow.practice.add_rendering_provider(provider)

    return _add(uow, user, "rendering_provider", add)


def change_rendering_provider(uow: UnitOfWork, user: User, provider: RenderingProvider) -> RenderingProvider:
    return _change(uow, user, "rendering_provider", provider, lambda i: uow.practice.rendering_provider(i),
                   lambda changed: uow.practice.change_rendering_provider(changed))  # fmt: skip


def add_referring_provider(uow: UnitOfWork, user: User, provider: ReferringProvider) -> ReferringProvider:
    def add() -> ReferringProvider:
        _unique(
            uow.practice.referring_provider_by_npi(provider.npi),
            f"a referring provider with NPI {provider.npi}",
        )
        return uow.practice.add_referring_provider(provider)

    return _add(uow, user, "referring_provider", add)


def change_referring_provider(uow: UnitOfWork, user: User, provider: ReferringProvider) -> ReferringProvider:
    return _change(uow, user, "referring_provider", provider, lambda i: uow.practice.referring_provider(i),
                   lambda changed: uow.practice.change_referring_provider(changed))  # fmt: skip


def add_facility(uow: UnitOfWork, user: User, facility: Facility) -> Facility:
    def add() -> Facility:
        _unique(uow.practice.facility_by_name(facility.name), f"a facility named {facility.name!r}")
        return uow.practice.add_facility(facility)

    return _add(uow, user, "facility", add)


def change_facility(uow: UnitOfWork, user: User, facility: Facility) -> Facility:
    def write(changed: Facility) -> None:
        other = uow.practice.facility_by_name(changed.name)
        if other is not None and other.id != changed.id:
            raise RevcycleError(ErrorCode.CONFLICT, f"a facility named {changed.name!r} already exists")
        uow.practice.change_facility(changed)

    return _change(uow, user, "facility", facility, lambda i: uow.practice.facility(i), write)


def add_payer(uow: UnitOfWork, user: User, payer: Payer) -> Payer:
    def add() -> Payer:
        _unique(uow.practice.payer_by_code(payer.payer_code), f"a payer with payer id {payer.payer_code}")
        return uow.practice.add_payer(payer)

    return _add(uow, user, "payer", add)


def change_payer(uow: UnitOfWork, user: User, payer: Payer) -> Payer:
    def write(changed: Payer) -> None:
        other = uow.practice.payer_by_code(changed.payer_code)
        if other is not None and other.id != changed.id:
            raise RevcycleError(ErrorCode.CONFLICT, f"payer id {changed.payer_code} is {other.name}'s")
        uow.practice.change_payer(changed)

    return _change(uow, user, "payer", payer, lambda i: uow.practice.payer(i), write)


def save_payer(uow: UnitOfWork, user: User, payer: Payer, appeal_days: int | None) -> Payer:
    """The payer's record and (when given) its appeal window for any denial category — the denials'
    `payer_appeal_windows` row, `appeals.set_appeal_window` — in one transaction."""
    with uow:
        changed = change_payer(uow, user, payer)
        if appeal_days is not None and uow.appeals.windows(payer.id or 0).get(ANY_CATEGORY) != appeal_days:
            appeals.set_appeal_window(uow, user, payer.id or 0, appeal_days)
        return changed


def payer_appeal_days(uow: UnitOfWork, user: User, payer_code: str) -> int | None:
    """The payer's appeal window for any denial category; None when the categories' defaults apply."""
    with uow:
        return uow.appeals.windows(payer_by_code(uow, user, payer_code).id or 0).get(ANY_CATEGORY)


def payer_by_code(uow: UnitOfWork, user: User, payer_code: str) -> Payer:
    with uow:
        require_active(user)
        payer = uow.practice.payer_by_code(payer_code)
        if payer is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no payer with payer id {payer_code}")
        return payer


def add_plan(uow: UnitOfWork, user: User, plan: Plan) -> Plan:
    def add() -> Plan:
        uow.practice.payer(plan.payer_id)  # NOT_FOUND for an unknown payer
        if any(found.name == plan.name for found in uow.practice.plans(plan.payer_id)):
            raise RevcycleError(ErrorCode.CONFLICT, f"the payer already has a plan named {plan.name!r}")
        return uow.practice.add_plan(plan)

    return _add(uow, user, "plan", add)


def change_plan(uow: UnitOfWork, user: User, plan: Plan) -> Plan:
    return _change(
        uow,
        user,
        "plan",
        plan,
        lambda i: uow.practice.plan(i),
        lambda changed: uow.practice.change_plan(changed),
    )
