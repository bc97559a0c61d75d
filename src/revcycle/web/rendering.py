"""Jinja2 templates for the pages, with filters for money and dates."""

from __future__ import annotations

from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money, round_cents
from revcycle.practice.users import Permission, User
from revcycle.web.session import csrf_token

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
T = TypeVar("T")


def dollars(cents: int | None) -> str:
    """Integer cents as $1,234.56 (negative as -$1.00; `kernel.money.Money`'s text); the pages' money filter."""
    return "" if cents is None else str(Money(int(cents)))


def parse_dollars(text: str) -> int:
    """`25`, `$1,234.50` -> integer cents (via `kernel.money.round_cents`); INVALID_AMOUNT unless a
    positive amount in whole cents."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"amount {text.strip()!r}: dollars and cents, e.g. 25.00"
        )
    return round_cents(amount)


templates.env.filters["dollars"] = dollars

NAVIGATION = (
    ("Coder queue", "/coding", Permission.EDIT_ENCOUNTERS),
    ("PCS builder", "/coding/pcs", Permission.EDIT_ENCOUNTERS),
    ("DRG worksheet", "/coding/drg", Permission.EDIT_ENCOUNTERS),
    ("Claims", "/claims", Permission.READ_PATIENTS),
    ("Remittance", "/remittances", Permission.READ_LEDGER),
    ("Denials", "/denials", Permission.READ_LEDGER),
    ("Underpayments", "/underpayments", Permission.READ_LEDGER),
    ("Front desk", "/front-desk", Permission.READ_PATIENTS),
    ("Patients", "/patients", Permission.READ_LEDGER),
    ("Dashboard", "/dashboard", Permission.READ_LEDGER),
    ("Interfaces", "/interfaces", Permission.MANAGE_INTERFACES),
    ("Set-up", "/setup", Permission.EDIT_PRACTICE),
)


def render(
    request: Request, template: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    links = [
        (label, href) for label, href, permission in NAVIGATION if user is not None and user.can(permission)
    ]
    here = max((href for _label, href in links if request.url.path.startswith(href)), key=len, default="")
    return templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "nav": links,
            "nav_here": here,  # the longest navigation link the path starts with (/coding/pcs, not /coding)
            "csrf": csrf_token(request),
            **context,
        },
        status_code=status_code,
    )


def app_today(request: Request) -> str:
    """The app's date (its clock: the demo's starts on the practice's last day), shown in the header."""
    clock = getattr(request.app.state, "clock", None)
    return clock.today().isoformat() if clock is not None else ""


templates.env.globals["app_today"] = app_today  # base.html's header, on every page (sign-in too)


def form_answer(
    action: Callable[[], T],
    shown: Collection[ErrorCode],
    page: Callable[..., Response],
    then: Callable[[T], str],
) -> Response:
    """A form post's answer: 303 to `then(result)`; a refusal whose code is in `shown` is the form's page
    again with the reason (`page(message, status_code=422)`); any other error goes to the error page."""
    try:
        result = action()
    except RevcycleError as error:
        if error.code not in shown:
            raise
        return page(error.message, status_code=422)
    return RedirectResponse(then(result), status_code=303)
