"""The practice's set-up: profile, providers, facilities, payers with plans and contracts, fee schedules, a
whole practice from a set-up file, users' roles. Reading the set-up needs a signed-in user; changing it
`edit_practice` (manager, admin); contracts `read_ledger` to read; users `manage_users` (admin).
Payers are named by their payer id (e.g. 87726), as billers know them."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, paged
from revcycle.api.schemas import to_json
from revcycle.api.setup_schemas import (
    BillingProviderIn,
    FacilityIn,
    FeeIn,
    PayerIn,
    PlanIn,
    ProfileIn,
    RateIn,
    ReferringProviderIn,
    RenderingProviderIn,
    UserChangeIn,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract_file import contract_to_dict
from revcycle.practice.users import Permission, User
from revcycle.services import contracts, fee_schedules, listings, practice, setup, setup_export, staff

router = APIRouter(prefix="/api", tags=["set-up"])

SignedIn = Annotated[User, Depends(Requires(None))]
Editor = Annotated[User, Depends(Requires(Permission.EDIT_PRACTICE))]
LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Admin = Annotated[User, Depends(Requires(Permission.MANAGE_USERS))]
MAX_SETUP_FILE_BYTES = 5_000_000


async def _text(request: Request, what: str) -> str:
    body = await request.body()
    if len(body) > MAX_SETUP_FILE_BYTES:
        raise RevcycleError(ErrorCode.VALIDATION, f"the {what} is larger than {MAX_SETUP_FILE_BYTES:,} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"the {what} is not UTF-8 text") from error


def _no_files(name: str) -> str:
    raise RevcycleError(ErrorCode.VALIDATION, f"{name}: a file sent over the API cannot name other files; "
                                              "put the fees inline (fees:) or import the CSV on its own")  # fmt: skip


@router.get("/setup")
def get_setup(request: Request, user: SignedIn) -> Any:
    """The practice profile, billing/rendering/referring providers, facilities, payers and plans."""
    return to_json(practice.practice_setup(request_uow(request), user))


@router.put("/setup/practice")
def put_profile(request: Request, user: Editor, body: ProfileIn) -> Any:
    return to_json(practice.save_profile(request_uow(request), user, body.domain()))


@router.post("/setup/billing-providers", status_code=201)
def add_billing_provider(request: Request, user: Editor, body: BillingProviderIn) -> Any:
    return to_json(practice.add_billing_provider(request_uow(request), user, body.domain()))


@router.put("/setup/billing-providers/{provider_id}")
def change_billing_provider(request: Request, user: Editor, provider_id: int, body: BillingProviderIn) -> Any:
    return to_json(practice.change_billing_provider(request_uow(request), user, body.domain(provider_id)))


@router.post("/setup/rendering-providers", status_code=201)
def add_rendering_provider(request: Request, user: Editor, body: RenderingProviderIn) -> Any:
    return to_json(practice.add_rendering_provider(request_uow(request), user, body.domain()))


@router.put("/setup/rendering-providers/{provider_id}")
def change_rendering_provider(
    request: Request, user: Editor, provider_id: int, body: RenderingProviderIn
) -> Any:
    return to_json(practice.change_rendering_provider(request_uow(request), user, body.domain(provider_id)))


@router.post("/setup/referring-providers", status_code=201)
def add_referring_provider(request: Request, user: Editor, body: ReferringProviderIn) -> Any:
    return to_json(practice.add_referring_provider(request_uow(request), user, body.domain()))


@router.put("/setup/referring-providers/{provider_id}")
def change_referring_provider(
    request: Request, user: Editor, provider_id: int, body: ReferringProviderIn
) -> Any:
    return to_json(practice.change_referring_provider(request_uow(request), user, body.domain(provider_id)))


@router.post("/setup/facilities", status_code=201)
def add_facility(request: Request, user: Editor, body: FacilityIn) -> Any:
    return to_json(practice.add_facility(request_uow(request), user, body.domain()))


@router.put("/setup/facilities/{facility_id}")
def change_facility(request: Request, user: Editor, facility_id: int, body: FacilityIn) -> Any:
    return to_json(practice.change_facility(request_uow(request), user, body.domain(facility_id)))


@router.post("/setup/payers", status_code=201)
def add_payer(request: Request, user: Editor, body: PayerIn) -> Any:
    return to_json(practice.add_payer(request_uow(request), user, body.domain()))


@router.put("/setup/payers/{payer_code}")
def change_payer(request: Request, user: Editor, payer_code: str, body: PayerIn) -> Any:
    """Change the payer named by its payer id (the body may give it a new payer id)."""
    stored = practice.payer_by_code(request_uow(request), user, payer_code)
    return to_json(practice.change_payer(request_uow(request), user, body.domain(stored.id)))


@router.post("/setup/payers/{payer_code}/plans", status_code=201)
def add_plan(request: Request, user: Editor, payer_code: str, body: PlanIn) -> Any:
    stored = practice.payer_by_code(request_uow(request), user, payer_code)
    return to_json(practice.add_plan(request_uow(request), user, body.domain(stored.id or 0)))


@router.get("/setup/payers/{payer_code}/contract")
def get_contract(request: Request, user: LedgerReader, payer_code: str) -> Any:
    """The practice's copy of its contract with the payer (every rate version), or null."""
    contract = contracts.payer_contract(request_uow(request), user, payer_code)
    return None if contract is None else contract_to_dict(contract)


@router.post("/setup/payers/{payer_code}/contract/rates")
def add_contract_rate(request: Request, user: Editor, payer_code: str, body: RateIn) -> dict[str, Any]:
    """A new expected allowed for a code from a date: it ends the rate in force that day."""
    changed = contracts.set_contract_rate(request_uow(request), user, payer_code, body.domain())
    return {"changed": changed}


@router.get("/setup/fee-schedules")
def list_fee_schedules(request: Request, user: SignedIn) -> Any:
    return to_json(fee_schedules.fee_schedules(request_uow(request), user))


@router.get("/setup/fee-schedules/{schedule}/fees")
def list_fees(request: Request, user: SignedIn, schedule: str, limit: Limit = 50, offset: Offset = 0,
              code: Annotated[str, Query(max_length=5)] = "", on: date | None = None) -> dict[str, Any]:  # fmt: skip
    """A page of the schedule's fees by code (every version, or those in force `on`)."""
    found, total = fee_schedules.fee_page(
        request_uow(request), user, schedule, listings.page_of(limit, offset), code, on
    )
    return paged(found, total, limit, offset)


@router.post("/setup/fee-schedules/{schedule}/fees")
def add_fee(request: Request, user: Editor, schedule: str, body: FeeIn) -> Any:
    """One fee version (a later amount ends the one in force that day)."""
    return to_json(fee_schedules.add_fee(request_uow(request), user, schedule, body.domain()))


@router.post("/setup/fee-schedules/{schedule}/import")
async def import_fees(request: Request, user: Editor, schedule: str) -> Any:
    """A fee CSV as the body (text/csv): one transaction, located errors, the same file twice changes nothing."""
    text = await _text(request, "fee CSV")
    return to_json(fee_schedules.import_fees_csv(request_uow(request), user, schedule, text, "body"))


@router.get("/setup/fee-schedules/{schedule}/export")
def export_fees(request: Request, user: SignedIn, schedule: str) -> PlainTextResponse:
    csv_text = fee_schedules.export_fees_csv(request_uow(request), user, schedule)
    return PlainTextResponse(csv_text, media_type="text/csv")


@router.get("/setup/fee")
def look_up_fee(request: Request, user: SignedIn, code: Annotated[str, Query(min_length=5, max_length=5)], dos: date,
                modifier: Annotated[list[str] | None, Query()] = None, schedule: str = "Standard") -> Any:  # fmt: skip
    """The fee charged for a code (with its modifiers) on a date of service; 404 when none is in force."""
    fee = fee_schedules.fee_for(request_uow(request), user, code, tuple(modifier or ()), dos, schedule)
    if fee is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{schedule} has no fee for {code.upper()} on {dos}")
    return to_json(fee)


@router.post("/setup/import")
async def import_practice(request: Request, user: Editor) -> dict[str, Any]:
    """A whole practice as a set-up file (YAML body, fees inline): one transaction, located errors.
    New users' one-time passwords are in the answer, once."""
    text = await _text(request, "set-up file")
    passwords: dict[str, str] = {}
    report = setup.import_practice(request_uow(request), user, text, "body", _no_files,
                                   lambda name: passwords.setdefault(name, secrets.token_urlsafe(12)))  # fmt: skip
    return {"added": dict(report.added), "changed": dict(report.changed), "unchanged": dict(report.unchanged),
            "fees": to_json(report.fees), "contracts_changed": report.contracts_changed,
            "new_users": {name: passwords[name] for name in report.new_users}}  # fmt: skip


@router.get("/setup/export")
def export_practice(request: Request, user: Editor) -> PlainTextResponse:
    return PlainTextResponse(
        setup_export.export_practice(request_uow(request), user), media_type="application/yaml"
    )


@router.patch("/users/{username}")
def change_user(request: Request, user: Admin, username: str, body: UserChangeIn) -> dict[str, Any]:
    """Change a user's role and/or deactivate (active false) or reactivate them."""
    changed = staff.change_user(request_uow(request), user, username, body.role, body.active)
    return {
        "id": changed.id,
        "username": changed.username,
        "role": changed.role.value,
        "active": changed.active,
    }
