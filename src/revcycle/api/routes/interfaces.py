"""The interface inbox over the API: HL7 v2 from an EHR that posts instead of speaking MLLP, the error queue,
replay and dismissal (`services.interface_inbox`, `services.hl7_intake`). All need `manage_interfaces` (biller,
manager, admin); every message shown is an audited read (its text is PHI).

    POST /api/interfaces/hl7                          one message (text/plain, or JSON {"message": "..."}) -> its ACK
    GET  /api/interfaces/messages?status=failed       the error queue (status applied|failed|dismissed, channel)
    GET  /api/interfaces/messages/{id}                one message with its text and the location of its error
    POST /api/interfaces/messages/{id}/replay         {"message": "fixed text"} or no body: as it was
    POST /api/interfaces/messages/{id}/dismiss
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, paged
from revcycle.api.schemas import Strict
from revcycle.interfaces.locations import split_location
from revcycle.practice.users import Permission, User
from revcycle.services import interface_inbox
from revcycle.services.hl7_intake import answer, hl7_reader_for, replay_queued
from revcycle.services.interface_inbox import MAX_RAW, Receipt

router = APIRouter(prefix="/api/interfaces", tags=["interfaces"])
Analyst = Annotated[User, Depends(Requires(Permission.MANAGE_INTERFACES))]
HL7_BODY = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string"}},
    "x-application/hl7-v2+er7": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object", "required": ["message"],
                                    "properties": {"message": {"type": "string"}}}},
}}}  # fmt: skip


class FixedIn(Strict):
    message: str | None = Field(
        default=None, max_length=MAX_RAW, description="the fixed text (same control id)"
    )


def message_json(message: Any, with_raw: bool = False) -> dict[str, Any]:
    where, _reason = split_location(message.error)
    found = {"id": message.id, "channel": message.channel, "sender": message.sender, "control_id": message.control_id,
             "message_type": message.message_type, "status": message.status, "error": message.error,
             "error_location": where, "attempts": message.attempts, "received_at": message.received_at.isoformat(),
             "applied_at": message.applied_at.isoformat() if message.applied_at else None}  # fmt: skip
    if with_raw:
        found["raw"] = message.raw
    return found


def receipt_json(receipt: Receipt) -> dict[str, Any]:
    return {"status": receipt.status, "message_id": receipt.message_id, "prior_status": receipt.prior_status or None,
            "error": receipt.error, "error_location": split_location(receipt.error)[0],
            "patient_ids": list(dict.fromkeys(receipt.applied.patient_ids)) if receipt.applied else [],
            "encounter_ids": list(dict.fromkeys(receipt.applied.encounter_ids)) if receipt.applied else []}  # fmt: skip


async def _message_text(request: Request) -> tuple[str, bool]:
    """(the message's text, whether it came as JSON); a 422 naming `body` when there is none."""
    data = await request.body()
    as_json = request.headers.get("content-type", "").startswith("application/json")
    if len(data) > MAX_RAW * 4:
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "the message is too long", "type": "too_long"}]
        )
    text = data.decode("utf-8", "replace")
    if as_json:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("message"), str) or set(body) != {"message"}:
            raise RequestValidationError([{"loc": ("body", "message"), "msg": "give the HL7 message as "
                                           '{"message": "MSH|..."}', "type": "missing"}])  # fmt: skip
        text = body["message"]
    if not text.strip():
        raise RequestValidationError([{"loc": ("body",), "msg": "the message is empty", "type": "missing"}])
    return text, as_json


@router.post("/hl7", openapi_extra=HL7_BODY)
async def receive_hl7(request: Request, user: Analyst) -> Response:
    """Receive one HL7 v2 message (applied once, or kept in the error queue) and answer its ACK: the ACK's text
    for a text body, `{"ack", "status", ...}` for a JSON one. 200 either way: the ACK says AA, AE or AR."""
    text, as_json = await _message_text(request)
    receipt, ack = await run_in_threadpool(answer, request_uow(request), user, text, hl7_reader_for(None))
    if as_json:
        return Response(json.dumps({"ack": ack, **receipt_json(receipt)}), media_type="application/json")
    return Response(ack, media_type="text/plain; charset=utf-8")


@router.get("/messages")
def list_messages(request: Request, user: Analyst, limit: Limit = 50, offset: Offset = 0,
                  status: Annotated[str | None, Query(pattern=r"^(applied|failed|dismissed)$")] = "failed",
                  channel: Annotated[str | None, Query(pattern=r"^(hl7|fhir)$")] = None) -> dict[str, Any]:  # fmt: skip
    """The inbox's messages, newest first (default: the error queue), each with its error's location."""
    found, total = interface_inbox.messages(request_uow(request), user, status, channel, limit, offset)
    return paged([message_json(m) for m in found], total, limit, offset)


@router.get("/messages/{message_id}")
def get_message(request: Request, user: Analyst, message_id: int) -> dict[str, Any]:
    """One message with its text."""
    return message_json(interface_inbox.message(request_uow(request), user, message_id), with_raw=True)


@router.post("/messages/{message_id}/replay")
def replay(request: Request, user: Analyst, message_id: int, body: FixedIn | None = None) -> dict[str, Any]:
    """Apply a failed message again (as it was, or as fixed in `message`); a 409 when it is not in the queue."""
    return receipt_json(replay_queued(request_uow(request), user, message_id, body.message if body else None))


@router.post("/messages/{message_id}/dismiss")
def dismiss(request: Request, user: Analyst, message_id: int) -> dict[str, Any]:
    """Take a failed message off the queue without applying it."""
    return message_json(interface_inbox.dismiss(request_uow(request), user, message_id))
