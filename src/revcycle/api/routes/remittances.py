"""Remittances (835) through services/remittances.py: upload to preview (a dry run: what would
post) or to post (one transaction, idempotent by content), the list of remittances received, and
the exception queue with its resolution (services/denials.py).

An 835 is uploaded as `multipart/form-data` (field `file`) or as the raw request body
(`application/edi-x12`, `text/plain` or `application/octet-stream`; `?source=` names it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, listed
from revcycle.api.schemas import ResolveIn
from revcycle.practice.users import Permission, User
from revcycle.services import denials, remit_listings, remit_preview, remittances

router = APIRouter(prefix="/api/remittances", tags=["remittances"])

Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]
LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Source = Annotated[str, Query(max_length=200, description="file name to record (raw-body uploads)")]
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
    "application/edi-x12": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}}}  # fmt: skip


def _missing(location: tuple[str, ...], message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": location, "msg": message, "type": "missing"}])


async def uploaded_835(request: Request, source: str) -> tuple[bytes, str]:
    """(content, file name) of the uploaded 835; a 422 naming `body.file` / `body` when there is none."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _missing(("body", "file"), "upload the 835 in the multipart field 'file'")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        name = upload.filename or source
    else:
        data, name = await request.body(), source
    if not data.strip():
        raise _missing(("body",), "the 835 is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise RequestValidationError([{"loc": ("body",), "msg": "larger than 50 MB", "type": "too_long"}])
    return data, name


@router.post("/preview", openapi_extra=UPLOAD)
async def preview(request: Request, user: Poster, source: Source = "") -> dict[str, Any]:
    """What posting the 835 would do (payments, adjustments, patient shares, denials, exceptions); posts
    nothing (the read is audited)."""
    data, name = await uploaded_835(request, source)
    report = await run_in_threadpool(remit_preview.preview_remittance, request_uow(request), user, data, name)
    return report.to_dict()


@router.post("", status_code=201, openapi_extra=UPLOAD)
async def post(request: Request, response: Response, user: Poster, source: Source = "") -> dict[str, Any]:
    """Post the 835 in one transaction: 201 `posted` (or `rejected` when unbalanced, with the reason in the
    exception queue); a file posted before changes nothing: 200 `already_posted`."""
    data, name = await uploaded_835(request, source)
    report = await run_in_threadpool(
        remittances.post_remittance, request_uow(request), user, data, name, strict=True
    )
    if report.status == "already_posted":
        response.status_code = 200
    return report.to_dict()


@router.get("")
def list_remittances(request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
                     status: Annotated[str | None, Query(pattern=r"^(posted|rejected)$")] = None,
                     payer_code: Annotated[str | None, Query(max_length=80)] = None,
                     trace_number: Annotated[str | None, Query(max_length=50)] = None) -> dict[str, Any]:  # fmt: skip
    """Remittances received, oldest first; filter by status, payer (the 835's payer id) or trace number."""
    return listed(remit_listings.list_remittances, request, user, limit, offset, status, payer_code, trace_number)


@router.get("/exceptions")
def exception_queue(request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
                    reason: Annotated[str | None, Query(max_length=40)] = None,
                    remittance_id: Annotated[int | None, Query(gt=0)] = None,
                    resolved: bool = False) -> dict[str, Any]:  # fmt: skip
    """Claims (or files) that could not post, with the reason; `resolved=true` lists those already worked."""
    return listed(remit_listings.list_exceptions, request, user, limit, offset, reason, remittance_id, resolved)


@router.get("/{remittance_id}")
def get_remittance(request: Request, user: LedgerReader, remittance_id: int) -> dict[str, Any]:
    """One remittance with its claims in file order: CLP02 status, charge, paid, posted or exception."""
    return remit_listings.get_remittance(request_uow(request), user, remittance_id)


@router.post("/exceptions/{exception_id}/resolve")
def resolve_exception(request: Request, user: Poster, exception_id: int, body: ResolveIn) -> dict[str, Any]:
    """Take the exception off the queue once worked; the note (what was done) goes to the audit log."""
    denials.resolve_exception(request_uow(request), user, exception_id, body.note)
    return {"id": exception_id, "resolved": True}
