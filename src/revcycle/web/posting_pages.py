"""Paper EOB entry, one remittance (835 or EOB) as posted, and the day's deposit reconciliation.

- `GET /eobs/new?claim=C2&claim=C3`: the check (payer, number, date, amount, check or EFT) and, for each claim
  named, its lines with billed amounts filled in; the biller keys allowed, paid, adjustments (`CO-45 70.00;
  PR-1 50.00`), remarks and the patient's share. `POST /eobs` posts it through `services.paper_eobs` (the
  835's posting); an EOB that does not balance comes back (422) with every problem next to its line and
  everything typed kept.
- `GET /remittances/{id}`: the remittance's claims as posted, each linking to its claim.
- `GET /deposits?day=`: the day's receipts by source against the bank deposits; `POST /deposits` records one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding
from revcycle.practice.users import Permission, User
from revcycle.remittance.eob_file import adjustments_from, dollars_to_cents
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob
from revcycle.services import deposits, paper_eobs, remit_listings, views
from revcycle.web.rendering import form_answer, parse_dollars, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
LedgerReader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
MAX_CLAIMS = 20
SHOWN = (ErrorCode.VALIDATION, ErrorCode.INVALID_AMOUNT, ErrorCode.NOT_FOUND, ErrorCode.INVALID_DATE)


def _eob_page(request: Request, user: User, numbers: list[str], values: dict[str, str], message: str = "",
              findings: list[Finding] | None = None, status_code: int = 200) -> Response:  # fmt: skip
    claims = paper_eobs.eob_claims(request_uow(request), user, numbers[:MAX_CLAIMS]) if numbers else []
    by_place: dict[str, list[Finding]] = {}
    for finding in findings or []:
        by_place.setdefault(finding.location, []).append(finding)
    return render(request, "eob_entry.html", user, status_code=status_code, claims=claims, values=values,
                  payers=paper_eobs.eob_payers(request_uow(request), user), message=message, by_place=by_place,
                  findings=findings or [], today=request.app.state.clock.today())  # fmt: skip


@router.get("/eobs/new")
def new_eob(
    request: Request, user: Poster, claim: Annotated[list[str] | None, Query(max_length=38)] = None
) -> Response:
    """The EOB form for the claims named (each `claim=` a claim number)."""
    numbers = [number.strip() for number in claim or [] if number.strip()]
    try:
        return _eob_page(request, user, numbers, dict(request.query_params))
    except RevcycleError as error:
        if error.code not in SHOWN:
            raise
        return _eob_page(request, user, [], dict(request.query_params), error.message, status_code=422)


def _text(form: dict[str, str], name: str) -> str:
    return (form.get(name) or "").strip()


def _line(form: dict[str, str], prefix: str, where: str) -> EobLine:
    return EobLine(
        procedure_code=_text(form, f"{prefix}_code").upper(),
        billed_cents=dollars_to_cents(form.get(f"{prefix}_billed"), f"{where} billed") or 0,
        paid_cents=dollars_to_cents(form.get(f"{prefix}_paid") or "0", f"{where} paid") or 0,
        allowed_cents=dollars_to_cents(form.get(f"{prefix}_allowed"), f"{where} allowed", required=False),
        modifiers=tuple(_text(form, f"{prefix}_mods").upper().split()),
        service_date=dt.date.fromisoformat(_text(form, f"{prefix}_date")) if _text(form, f"{prefix}_date") else None,
        adjustments=adjustments_from(form.get(f"{prefix}_adj"), where),
        remarks=tuple(_text(form, f"{prefix}_rarc").upper().replace(",", " ").split()),
        patient_responsibility_cents=dollars_to_cents(form.get(f"{prefix}_pr"), f"{where} patient responsibility",
                                                      required=False),
    )  # fmt: skip


def eob_from_form(form: dict[str, str]) -> PaperEob:
    """The form's fields (`c<i>_claim`, `c<i>_l<j>_code`, ...) as a `PaperEob`; a field that cannot be read is
    a VALIDATION error naming it."""
    claims = []
    for i in range(MAX_CLAIMS):
        if not (number := _text(form, f"c{i}_claim")):
            continue
        lines = [_line(form, f"c{i}_l{j}", f"claim {number} line {j + 1}")
                 for j in range(50) if _text(form, f"c{i}_l{j}_code")]  # fmt: skip
        claims.append(
            EobClaim(number, tuple(lines), _text(form, f"c{i}_pcn"), _text(form, f"c{i}_status") or "primary")
        )
    try:
        check_date = dt.date.fromisoformat(_text(form, "check_date"))
    except ValueError:
        raise RevcycleError(ErrorCode.VALIDATION, "check date: YYYY-MM-DD") from None
    total = dollars_to_cents(form.get("check_total"), "check amount") or 0
    return PaperEob(_text(form, "payer"), _text(form, "check_number"), check_date, total, tuple(claims),
                    _text(form, "method") or "check")  # fmt: skip


@router.post("/eobs")
async def post_eob(request: Request, user: Poster) -> Response:
    """Post the keyed EOB; to the remittance it became (303), or the form again with what is wrong (422)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(request, form.get("csrf_token", ""))
    numbers = [form[f"c{i}_claim"] for i in range(MAX_CLAIMS) if form.get(f"c{i}_claim")]
    try:
        report = paper_eobs.post_paper_eob(request_uow(request), user, eob_from_form(form))
    except paper_eobs.EobNotBalanced as refused:
        return _eob_page(request, user, numbers, form, "The EOB does not balance; nothing was posted.",
                         refused.findings, 422)  # fmt: skip
    except RevcycleError as error:
        if error.code not in SHOWN:
            raise
        return _eob_page(request, user, numbers, form, error.message, status_code=422)
    target = report.remittance_ids[-1] if report.remittance_ids else None
    return RedirectResponse(f"/remittances/{target}" if target else "/remittances", status_code=303)


@router.get("/remittances/{remittance_id}")
def remittance_detail(request: Request, user: LedgerReader, remittance_id: int) -> Response:
    """One remittance (an 835 or a paper EOB) and its claims as posted."""
    remittance = remit_listings.get_remittance(request_uow(request), user, remittance_id)
    numbers = [claim["claim"] for claim in remittance["claims"]]
    claim_ids = views.claim_ids_by_number(request_uow(request), user, numbers)
    return render(request, "remittance.html", user, remittance=remittance, claim_ids=claim_ids)


def _deposits_page(
    request: Request, user: User, day: dt.date, message: str = "", status_code: int = 200
) -> Response:
    result = deposits.reconcile_day(request_uow(request), user, day)
    return render(request, "deposits.html", user, status_code=status_code, result=result, day=day, message=message,
                  can_post=user.can(Permission.POST_LEDGER))  # fmt: skip


@router.get("/deposits")
def deposits_page(
    request: Request, user: LedgerReader, day: Annotated[dt.date | None, Query()] = None
) -> Response:
    return _deposits_page(request, user, day or request.app.state.clock.today())


@router.post("/deposits")
def record_deposit(
    request: Request,
    user: Poster,
    day: Annotated[dt.date, Form()],
    reference: Annotated[str, Form(max_length=50)] = "",
    amount: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)

    def record() -> Any:
        return deposits.record_deposit(
            request_uow(request), user, day, reference, parse_dollars(amount), note
        )

    return form_answer(record, SHOWN, lambda message, status_code: _deposits_page(request, user, day, message, status_code),
                       lambda _: f"/deposits?day={day.isoformat()}")  # fmt: skip
