"""Remittance: upload an 835, preview what would post (`services.remit_preview`, an audited dry run, as the API),
post it, and work the exception queue (`services.denials.exception_queue` / `resolve_exception`).

Between preview and post the uploaded file waits in the app's upload folder under its content digest
(`<digest>.835`, readable by the server only) and is deleted once posted, or after a day unposted; posting the same content
twice changes nothing (the service is idempotent by digest).
"""

from __future__ import annotations

import re
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import denials, remit_listings, remit_preview, remittances
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
RECENT = 20
UPLOAD_TTL_SECONDS = 24 * 3600
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def upload_folder(request: Request) -> Path:
    """The app's private folder for uploads waiting to be posted (made on first use, mode 0700)."""
    folder = getattr(request.app.state, "upload_folder", None)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="revcycle-uploads-"))
        request.app.state.upload_folder = folder
    return Path(folder)


def forget_stale_uploads(folder: Path, now: float) -> None:
    """Previewed files never posted are deleted after UPLOAD_TTL_SECONDS (835s carry patient data)."""
    for waiting in folder.glob("*.835"):
        if now - waiting.stat().st_mtime > UPLOAD_TTL_SECONDS:
            waiting.unlink(missing_ok=True)


def remittance_page(request: Request, user: User, message: str = "", status_code: int = 200,
                    collected: object = None) -> Response:  # fmt: skip
    """The desk: upload and collect forms, remittances received, the exception queue; `collected`: what a
    clearinghouse collection just brought back (`services.clearinghouse.CollectReport`)."""
    queue = denials.exception_queue(request_uow(request), user)
    return render(request, "remittances.html", user, status_code=status_code, exceptions=queue, message=message,
                  can_post=user.can(Permission.POST_LEDGER),
                  remittances=remit_listings.recent_remittances(request_uow(request), user, RECENT),
                  collected=collected)  # fmt: skip


@router.get("/remittances")
def remittance_desk(request: Request, user: Reader) -> Response:
    return remittance_page(request, user)


@router.post("/remittances/preview")
def preview(
    request: Request, user: Poster, file: UploadFile, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """Dry run: what the 835 would post, per claim and in total; nothing is written."""
    check_csrf(request, csrf_token)
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if not data.strip() or len(data) > MAX_UPLOAD_BYTES:
        return remittance_page(request, user, "choose an 835 file (at most 20 MB)", status_code=422)
    source = Path(file.filename or "upload.835").name[:200]
    try:
        report = remit_preview.preview_remittance(request_uow(request), user, data, source)  # audited, as by the API
    except RevcycleError as error:
        if error.code is not ErrorCode.X12_SYNTAX:
            raise
        return remittance_page(request, user, error.message, status_code=422)
    if report.status == "dry_run":
        forget_stale_uploads(upload_folder(request), time.time())
        (upload_folder(request) / f"{report.digest}.835").write_bytes(data)
    exceptions = {item["claim"]: item for item in report.exceptions}
    return render(request, "remittance_preview.html", user, report=report, rows=remit_preview.claim_payments(data),
                  exceptions=exceptions, source=source)  # fmt: skip


@router.post("/remittances/post")
def post(request: Request, user: Poster, digest: Annotated[str, Form(max_length=64)],
         source: Annotated[str, Form(max_length=200)] = "", csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Post the previewed file (by its digest); the report of what was posted is shown."""
    check_csrf(request, csrf_token)
    waiting = upload_folder(request) / f"{digest}.835"
    if not _DIGEST.match(digest) or not waiting.exists():
        return remittance_page(request, user, "that upload is no longer waiting: upload the 835 again", 422)
    data = waiting.read_bytes()
    report = remittances.post_remittance(request_uow(request), user, data, source=source)
    waiting.unlink(missing_ok=True)
    return render(request, "remittance_posted.html", user, report=report, rows=remit_preview.claim_payments(data),
                  exceptions={item["claim"]: item for item in report.exceptions})  # fmt: skip


@router.post("/remittances/exceptions/{exception_id}/resolve")
def resolve(request: Request, user: Poster, exception_id: int, note: Annotated[str, Form(max_length=400)] = "",
            csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return form_answer(lambda: denials.resolve_exception(request_uow(request), user, exception_id, note),
                       (ErrorCode.VALIDATION, ErrorCode.CONFLICT), partial(remittance_page, request, user),
                       lambda _: "/remittances#exceptions")  # fmt: skip
