"""The interface error queue (`/interfaces`): every message from the EHR that could not be applied, with its
sender, type, control id, when it came, the reason, and its text with the failing segment marked; replay it as it
is, edit the text and replay it, or dismiss it (`services.interface_inbox`, `services.hl7_intake`). Needs
`manage_interfaces` (biller, manager, admin)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.interfaces.locations import hl7_location, split_location
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import interface_inbox
from revcycle.services.hl7_intake import replay_queued
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Analyst = Annotated[User, Depends(Page(Permission.MANAGE_INTERFACES))]
STATUSES = ("failed", "dismissed", "applied")
ON_PAGE = (ErrorCode.CONFLICT, ErrorCode.VALIDATION, ErrorCode.NOT_FOUND)
MAX_TEXT = interface_inbox.MAX_RAW


@dataclass(frozen=True, slots=True)
class ShownLine:
    text: str
    failing: bool


def shown_lines(raw: str, error: str) -> list[ShownLine]:
    """The message's segments (one a line), the one the error's location names marked (HL7 only)."""
    location = hl7_location(split_location(error)[0])
    seen: dict[str, int] = {}
    lines = []
    for text in (line for line in re.split(r"\r\n|\r|\n", raw) if line.strip()):
        kind = text[:3]
        seen[kind] = seen.get(kind, 0) + 1
        failing = location is not None and (kind, seen[kind]) == (location.segment, location.sequence)
        lines.append(ShownLine(text, failing))
    return lines


def interfaces_page(request: Request, user: User, message: str = "", status_code: int = 200) -> Response:
    """`?status=failed|dismissed|applied`: the inbox's messages, newest first (the error queue by default)."""
    status = request.query_params.get("status", "failed")
    status = status if status in STATUSES else "failed"
    found, total = interface_inbox.messages(request_uow(request), user, status, None, 100, 0)
    counts = interface_inbox.inbox_counts(request_uow(request), user)
    shown = [(m, shown_lines(m.raw, m.error), split_location(m.error)[0]) for m in found]
    return render(request, "interfaces.html", user, status_code=status_code, shown=shown, total=total,
                  status=status, statuses=STATUSES, counts=counts, message=message)  # fmt: skip


@router.get("/interfaces")
def interfaces(request: Request, user: Analyst) -> Response:
    return interfaces_page(request, user)


@router.post("/interfaces/{message_id}/replay")
def replay(request: Request, user: Analyst, message_id: int, csrf_token: Annotated[str, Form()] = "",
           message: Annotated[str, Form(max_length=MAX_TEXT)] = "") -> Response:  # fmt: skip
    """Replay the message as it is (no text sent) or as edited; applied: back to the queue saying so."""
    check_csrf(request, csrf_token)
    fixed = message.replace("\r\n", "\r").replace("\n", "\r") if message.strip() else None

    def run() -> str:
        receipt = replay_queued(request_uow(request), user, message_id, fixed)
        if receipt.status != "applied":
            raise_on_page(receipt.error)
        return f"message {message_id} applied"

    return form_answer(run, ON_PAGE, lambda text, status_code: interfaces_page(request, user, text, status_code),
                       lambda note: f"/interfaces?applied={message_id}")  # fmt: skip


def raise_on_page(error: str) -> None:
    raise RevcycleError(ErrorCode.VALIDATION, f"still failing: {error}")


@router.post("/interfaces/{message_id}/dismiss")
def dismiss(
    request: Request, user: Analyst, message_id: int, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """Take the message off the queue without applying it."""
    check_csrf(request, csrf_token)
    return form_answer(lambda: interface_inbox.dismiss(request_uow(request), user, message_id), ON_PAGE,
                       lambda text, status_code: interfaces_page(request, user, text, status_code),
                       lambda _found: f"/interfaces?dismissed={message_id}")  # fmt: skip
