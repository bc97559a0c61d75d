"""The set-up pages a practice manager keeps (`edit_practice`: manager, admin): `/setup` (the practice, its
billing provider, rendering and referring providers, facilities, payers and fee schedules, each with its
form), and `/setup/users` (admins: add a user, change a role, deactivate). Payers, contracts and fee
schedules are `setup_payer_pages.py`.

Forms post back and answer 303 to the page (the row's anchor), or the page again with the reason and
422 when the service refuses the values (a bad NPI, a duplicate, an overlapping fee). Records are shown
by name; ids appear only in form actions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import (
    Address,
    BillingProvider,
    Facility,
    PracticeProfile,
    ReferringProvider,
    RenderingProvider,
)
from revcycle.practice.users import Permission, Role, User
from revcycle.services import fee_schedules, listings, practice, staff, users
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Manager = Annotated[User, Depends(Page(Permission.EDIT_PRACTICE))]
Admin = Annotated[User, Depends(Page(Permission.MANAGE_USERS))]
ON_PAGE = (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.INVALID_NPI, ErrorCode.INVALID_TIN,
           ErrorCode.INVALID_AMOUNT, ErrorCode.INVALID_DATE, ErrorCode.NOT_FOUND)  # fmt: skip


async def posted_form(request: Request) -> dict[str, str]:
    """The form's text fields (stripped), after its CSRF token is checked."""
    form = await request.form()
    fields = {key: value.strip() for key, value in form.items() if isinstance(value, str)}
    check_csrf(request, fields.get("csrf_token", ""))
    return fields


def address_from(fields: Mapping[str, str], prefix: str = "", required: bool = True) -> Address | None:
    """The address typed in `<prefix>line1`, `line2`, `city`, `state`, `zip`; None when optional and empty."""
    values = {key: fields.get(prefix + key, "") for key in ("line1", "line2", "city", "state", "zip")}
    if not required and not any(values.values()):
        return None
    return Address(values["line1"], values["city"], values["state"].upper(), values["zip"].replace("-", ""),
                   values["line2"])  # fmt: skip


def whole_id(text: str, what: str) -> int | None:
    if not text:
        return None
    if not text.isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"which {what}?")
    return int(text)


def setup_page(request: Request, user: User, message: str = "", status_code: int = 200) -> Response:
    found = practice.practice_setup(request_uow(request), user)
    schedules = fee_schedules.fee_schedules(request_uow(request), user)
    return render(request, "setup.html", user, status_code=status_code, setup=found, schedules=schedules,
                  message=message, can_manage_users=user.can(Permission.MANAGE_USERS))  # fmt: skip


def answer(request: Request, user: User, action: Callable[[], Any], anchor: str) -> Response:
    return form_answer(action, ON_PAGE, lambda message, status_code: setup_page(request, user, message, status_code),
                       lambda _: f"/setup#{anchor}")  # fmt: skip


@router.get("/setup")
def setup_overview(request: Request, user: Manager) -> Response:
    return setup_page(request, user)


@router.post("/setup/practice")
async def save_profile(request: Request, user: Manager) -> Response:
    fields = await posted_form(request)
    return answer(request, user, lambda: practice.save_profile(request_uow(request), user, PracticeProfile(
        fields.get("name", ""), fields.get("phone", ""), fields.get("contact_name", ""), fields.get("email", ""))),
        "practice")  # fmt: skip


@router.post("/setup/billing-providers")
async def save_billing_provider(request: Request, user: Manager) -> Response:
    """Add the billing provider, or change it when the form names one."""
    fields = await posted_form(request)

    def save() -> BillingProvider:
        provider = BillingProvider(fields.get("name", ""), fields.get("npi", ""), fields.get("tin", ""),
                                   fields.get("taxonomy", ""), address_from(fields),  # type: ignore[arg-type]
                                   whole_id(fields.get("provider_id", ""), "billing provider"), fields.get("phone", ""),
                                   address_from(fields, "pay_to_", required=False))  # fmt: skip
        if provider.id is None:
            return practice.add_billing_provider(request_uow(request), user, provider)
        return practice.change_billing_provider(request_uow(request), user, provider)

    return answer(request, user, save, "billing")


@router.post("/setup/rendering-providers")
async def save_rendering_provider(request: Request, user: Manager) -> Response:
    """Add a rendering provider, or change one (name, taxonomy, active) when the form names it."""
    fields = await posted_form(request)

    def save() -> RenderingProvider:
        provider = RenderingProvider(fields.get("first_name", ""), fields.get("last_name", ""), fields.get("npi", ""),
                                     fields.get("taxonomy", ""), whole_id(fields.get("provider_id", ""), "provider"),
                                     fields.get("active", "yes") == "yes")  # fmt: skip
        if provider.id is None:
            return practice.add_rendering_provider(request_uow(request), user, provider)
        return practice.change_rendering_provider(request_uow(request), user, provider)

    return answer(request, user, save, "rendering")


@router.post("/setup/referring-providers")
async def save_referring_provider(request: Request, user: Manager) -> Response:
    fields = await posted_form(request)

    def save() -> ReferringProvider:
        provider = ReferringProvider(fields.get("first_name", ""), fields.get("last_name", ""), fields.get("npi", ""),
                                     fields.get("taxonomy", ""), whole_id(fields.get("provider_id", ""), "provider"))  # fmt: skip
        if provider.id is None:
            return practice.add_referring_provider(request_uow(request), user, provider)
        return practice.change_referring_provider(request_uow(request), user, provider)

    return answer(request, user, save, "referring")


@router.post("/setup/facilities")
async def save_facility(request: Request, user: Manager) -> Response:
    """Add a facility (service location with its place of service), or change one the form names."""
    fields = await posted_form(request)

    def save() -> Facility:
        facility = Facility(fields.get("name", ""), address_from(fields), fields.get("place_of_service", "11"),  # type: ignore[arg-type]
                            fields.get("npi", "") or None, whole_id(fields.get("facility_id", ""), "facility"))  # fmt: skip
        if facility.id is None:
            return practice.add_facility(request_uow(request), user, facility)
        return practice.change_facility(request_uow(request), user, facility)

    return answer(request, user, save, "facilities")


def users_page(request: Request, user: User, message: str = "", status_code: int = 200) -> Response:
    staff_list = listings.list_users(request_uow(request), user)
    return render(request, "setup_users.html", user, status_code=status_code, users=staff_list,
                  roles=[role.value for role in Role], message=message)  # fmt: skip


@router.get("/setup/users")
def users_overview(request: Request, user: Admin) -> Response:
    return users_page(request, user)


@router.post("/setup/users")
async def add_user(request: Request, user: Admin) -> Response:
    """Add a user with a role and a first password (at least the password policy's length)."""
    fields = await posted_form(request)
    return form_answer(lambda: users.add_user(request_uow(request), fields.get("username", ""), fields.get("role", ""),
                                              fields.get("password", ""), actor=user),
                       ON_PAGE, lambda message, status_code: users_page(request, user, message, status_code),
                       lambda added: f"/setup/users#user-{added.username}")  # fmt: skip


@router.post("/setup/users/{username}")
async def change_user(request: Request, user: Admin, username: str) -> Response:
    """Change the user's role, or deactivate / reactivate them."""
    fields = await posted_form(request)
    active = {"yes": True, "no": False}.get(fields.get("active", ""))
    return form_answer(lambda: staff.change_user(request_uow(request), user, username, fields.get("role") or None, active),
                       ON_PAGE, lambda message, status_code: users_page(request, user, message, status_code),
                       lambda changed: f"/setup/users#user-{changed.username}")  # fmt: skip
