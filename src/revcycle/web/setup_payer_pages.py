"""Set-up pages for payers and money terms (`edit_practice`: manager, admin): `/setup/payers/{payer id}`
(the payer's claims address, phone, route, timely filing, plans, and the practice's copy of its contract:
terms and expected allowed per code, every version), `/setup/fees` (a fee schedule, paged and searched by
code, with a date to see what was in force; add a fee version; import a CSV; export it).

A new fee or rate from a later date ends the one in force that day (history kept); the same amount
already in force changes nothing; another amount starting the same day is refused on the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract, FeeScheduleRate
from revcycle.practice.fees import DEFAULT_SCHEDULE, Fee
from revcycle.practice.payers import ClaimFilingIndicator, Payer, Plan
from revcycle.practice.users import User
from revcycle.services import contracts, fee_schedules, listings, practice
from revcycle.web.rendering import form_answer, parse_dollars, render
from revcycle.web.session import check_csrf
from revcycle.web.setup_pages import ON_PAGE, Manager, address_from, posted_form, setup_page

router = APIRouter(include_in_schema=False)
FEES_PER_PAGE = 50
RATES_PER_PAGE = 50
MAX_CSV_BYTES = 5_000_000


def _day(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise RevcycleError(
            ErrorCode.INVALID_DATE, f"{what} must be a date YYYY-MM-DD, got {text!r}"
        ) from error


def _payer(fields: dict[str, str], payer_id: int | None) -> Payer:
    days = fields.get("timely_filing_days", "") or "365"
    if not days.isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"timely filing days must be a whole number, got {days!r}")
    return Payer(fields.get("payer_code", ""), fields.get("name", ""), fields.get("filing_indicator", "CI"),  # type: ignore[arg-type]
                 int(days), payer_id, address_from(fields, "claims_", required=False), fields.get("phone", ""),
                 fields.get("route", ""), fields.get("active", "yes") == "yes")  # fmt: skip


@router.post("/setup/payers")
async def add_payer(request: Request, user: Manager) -> Response:
    fields = await posted_form(request)
    return form_answer(lambda: practice.add_payer(request_uow(request), user, _payer(fields, None)), ON_PAGE,
                       lambda message, status_code: setup_page(request, user, message, status_code),
                       lambda added: f"/setup/payers/{added.payer_code}")  # fmt: skip


def payer_page(request: Request, user: User, payer_code: str, message: str = "", status_code: int = 200,
               page: int = 1) -> Response:  # fmt: skip
    payer = practice.payer_by_code(request_uow(request), user, payer_code)
    plans = [
        plan
        for plan in practice.practice_setup(request_uow(request), user).plans
        if plan.payer_id == payer.id
    ]
    contract = contracts.payer_contract(request_uow(request), user, payer_code)
    rates = contract.rates if contract else ()
    start = (max(page, 1) - 1) * RATES_PER_PAGE
    appeal_days = practice.payer_appeal_days(request_uow(request), user, payer_code)
    return render(request, "setup_payer.html", user, status_code=status_code, payer=payer, plans=plans, appeal_days=appeal_days,
                  contract=contract, rates=rates[start : start + RATES_PER_PAGE], rate_total=len(rates), page=max(page, 1),
                  page_size=RATES_PER_PAGE, indicators=list(ClaimFilingIndicator), message=message)  # fmt: skip


@router.get("/setup/payers/{payer_code}")
def payer_overview(
    request: Request, user: Manager, payer_code: str, page: Annotated[int, Query(ge=1)] = 1
) -> Response:
    return payer_page(request, user, payer_code, page=page)


def _on_payer_page(request: Request, user: User, payer_code: str, action, anchor: str) -> Response:  # noqa: ANN001
    return form_answer(action, ON_PAGE,
                       lambda message, status_code: payer_page(request, user, payer_code, message, status_code),
                       lambda _: f"/setup/payers/{payer_code}#{anchor}")  # fmt: skip


@router.post("/setup/payers/{payer_code}")
async def change_payer(request: Request, user: Manager, payer_code: str) -> Response:
    fields = await posted_form(request)

    def change() -> Payer:
        stored = practice.payer_by_code(request_uow(request), user, payer_code)
        window = fields.get("appeal_days", "")
        if window and not window.isdecimal():
            raise RevcycleError(
                ErrorCode.VALIDATION, f"the appeal window is a number of days, got {window!r}"
            )
        payer = _payer(fields | {"payer_code": payer_code}, stored.id)
        return practice.save_payer(request_uow(request), user, payer, int(window) if window else None)

    return _on_payer_page(request, user, payer_code, change, "payer")


@router.post("/setup/payers/{payer_code}/plans")
async def add_plan(request: Request, user: Manager, payer_code: str) -> Response:
    fields = await posted_form(request)

    def add() -> Plan:
        stored = practice.payer_by_code(request_uow(request), user, payer_code)
        return practice.add_plan(request_uow(request), user, Plan(stored.id or 0, fields.get("name", ""),
                                                                  fields.get("plan_type", "")))  # fmt: skip

    return _on_payer_page(request, user, payer_code, add, "plans")


@router.post("/setup/payers/{payer_code}/rates")
async def add_rate(request: Request, user: Manager, payer_code: str) -> Response:
    """A new expected allowed for a code from a date (ends the rate in force that day)."""
    fields = await posted_form(request)

    def add() -> bool:
        fee = Fee(fields.get("code", ""), parse_dollars(fields.get("allowed", "")), fields.get("modifier", ""),
                  _day(fields.get("effective_from", ""), "effective from") or date(2000, 1, 1),
                  _day(fields.get("effective_to", ""), "effective to"))  # fmt: skip
        rate = FeeScheduleRate(fee.code, fee.amount_cents, fee.modifier, fee.effective_from, fee.effective_to)
        return contracts.set_contract_rate(request_uow(request), user, payer_code, rate)

    return _on_payer_page(request, user, payer_code, add, "contract")


@router.post("/setup/payers/{payer_code}/terms")
async def save_terms(request: Request, user: Manager, payer_code: str) -> Response:
    """The contract's terms: percent of charge for codes without a rate, code lists, multiple-procedure percent."""
    fields = await posted_form(request)

    def save() -> bool:
        return contracts.save_contract_terms(request_uow(request), user, payer_code, Contract(
            percent_of_charge=_percent(fields.get("percent_of_charge", ""), None),
            non_covered_codes=_codes(fields.get("non_covered_codes", "")),
            prior_authorization_codes=_codes(fields.get("prior_authorization_codes", "")),
            bundled_codes=_codes(fields.get("bundled_codes", "")),
            multiple_procedure_codes=_codes(fields.get("multiple_procedure_codes", "")),
            multiple_procedure_percent=_percent(fields.get("multiple_procedure_percent", ""), Decimal(50)) or Decimal(50),
            timely_filing_days=practice.payer_by_code(request_uow(request), user, payer_code).timely_filing_days))  # fmt: skip

    return _on_payer_page(request, user, payer_code, save, "contract")


def _percent(text: str, default: Decimal | None) -> Decimal | None:
    if not text:
        return default
    try:
        value = Decimal(text.rstrip("%"))
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise RevcycleError(ErrorCode.VALIDATION, f"a percent is 0..100, got {text!r}")
    return value


def _codes(text: str) -> frozenset[str]:
    return frozenset(code.strip().upper() for code in text.replace(",", " ").split() if code.strip())


def fees_page(request: Request, user: User, schedule: str, code: str = "", on: str = "", page: int = 1,
              message: str = "", status_code: int = 200) -> Response:  # fmt: skip
    schedules = fee_schedules.fee_schedules(request_uow(request), user)
    names = [summary.name for summary in schedules]
    fees, total = [], 0
    if schedule in names:
        fees, total = fee_schedules.fee_page(request_uow(request), user, schedule,
                                             listings.page_of(FEES_PER_PAGE, (page - 1) * FEES_PER_PAGE), code,
                                             _day(on, "in force on"))  # fmt: skip
    return render(request, "setup_fees.html", user, status_code=status_code, schedule=schedule, schedules=names,
                  fees=fees, total=total, code=code, on=on, page=page, page_size=FEES_PER_PAGE, message=message)  # fmt: skip


@router.get("/setup/fees")
def fee_schedule_overview(request: Request, user: Manager, schedule: Annotated[str, Query(max_length=80)] = DEFAULT_SCHEDULE,
                          code: Annotated[str, Query(max_length=5)] = "", on: Annotated[str, Query(max_length=10)] = "",
                          page: Annotated[int, Query(ge=1)] = 1) -> Response:  # fmt: skip
    try:
        return fees_page(request, user, schedule, code.strip().upper(), on.strip(), page)
    except RevcycleError as error:
        if error.code not in ON_PAGE:
            raise
        return fees_page(request, user, schedule, message=error.message, status_code=422)


def _fees_again(request: Request, user: User, schedule: str):  # noqa: ANN202
    return lambda message, status_code: fees_page(
        request, user, schedule, message=message, status_code=status_code
    )


@router.post("/setup/fees")
async def add_fee(request: Request, user: Manager) -> Response:
    """One fee version in the schedule (the schedule is made when new)."""
    fields = await posted_form(request)
    schedule = fields.get("schedule", "") or DEFAULT_SCHEDULE

    def add() -> fee_schedules.FeeReport:
        fee = Fee(fields.get("code", ""), parse_dollars(fields.get("amount", "")), fields.get("modifier", ""),
                  _day(fields.get("effective_from", ""), "effective from") or date(2000, 1, 1),
                  _day(fields.get("effective_to", ""), "effective to"))  # fmt: skip
        return fee_schedules.add_fee(request_uow(request), user, schedule, fee)

    return form_answer(add, ON_PAGE, _fees_again(request, user, schedule),
                       lambda _: f"/setup/fees?schedule={schedule}&code={fields.get('code', '').upper()}")  # fmt: skip


@router.post("/setup/fees/import")
async def import_fees(request: Request, user: Manager, file: UploadFile | None = None,
                      schedule: Annotated[str, Form(max_length=80)] = DEFAULT_SCHEDULE,
                      csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """A fee CSV uploaded: one transaction; the page says what it added, ended and left, or where it is wrong."""
    check_csrf(request, csrf_token)
    schedule = schedule.strip() or DEFAULT_SCHEDULE
    try:
        if file is None or not file.filename:
            raise RevcycleError(ErrorCode.VALIDATION, "choose a fee CSV to import")
        data = await file.read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{file.filename} is larger than {MAX_CSV_BYTES:,} bytes"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RevcycleError(ErrorCode.VALIDATION, f"{file.filename} is not UTF-8 text") from error
        report = fee_schedules.import_fees_csv(request_uow(request), user, schedule, text, file.filename)
    except RevcycleError as error:
        if error.code not in ON_PAGE:
            raise
        return fees_page(request, user, schedule, message=error.message, status_code=422)
    done = (f"imported {file.filename}: {report.added} fee versions added, {report.ended} ended, "
            f"{report.unchanged} already in force")  # fmt: skip
    return fees_page(request, user, schedule, message=done)


@router.get("/setup/fees/export")
def export_fees(
    request: Request, user: Manager, schedule: Annotated[str, Query(max_length=80)] = DEFAULT_SCHEDULE
) -> Response:
    text = fee_schedules.export_fees_csv(request_uow(request), user, schedule)
    filename = "".join(char if char.isalnum() else "-" for char in schedule.lower()) or "fees"
    return PlainTextResponse(text, media_type="text/csv",
                             headers={"Content-Disposition": f'attachment; filename="{filename}-fees.csv"'})  # fmt: skip
