"""Claims batches to the clearinghouse and the answers back, through services/clearinghouse.py.

The trading partner is `create_app(partner=...)`, else the JSON file named by `$REVCYCLE_PARTNER`
(the same file `revcycle clearinghouse --partner` reads; `"kind": "simulator"` has the payer
simulator answer at once). Without one, the routes that talk to the clearinghouse or the payer
answer 409 `conflict` saying what to set.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, listed
from revcycle.api.schemas import SubmitBatchIn
from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import clearinghouse, remit_listings

PARTNER_VARIABLE = "REVCYCLE_PARTNER"

router = APIRouter(prefix="/api", tags=["batches"])

Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]
LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]


def clearinghouse_partner(request: Request) -> Clearinghouse:
    """The app's trading partner: set on the app, else loaded from $REVCYCLE_PARTNER."""
    partner = getattr(request.app.state, "partner", None)
    if partner is not None:
        return partner
    path = os.environ.get(PARTNER_VARIABLE, "").strip()
    if not path:
        raise RevcycleError(ErrorCode.CONFLICT, "no clearinghouse partner is configured: set "
                            f"{PARTNER_VARIABLE} to its JSON file (see `revcycle clearinghouse --help`)")  # fmt: skip
    return load_partner(Path(path))


@router.post("/claims/batches/{batch_id}/submit", status_code=201)
def submit_batch(
    request: Request, user: Poster, batch_id: int, body: SubmitBatchIn | None = None
) -> dict[str, Any]:
    """Send the scrub batch's ready claims to the clearinghouse as one 837P (next interchange number);
    they become submitted and their charges post."""
    body = body or SubmitBatchIn()
    partner = clearinghouse_partner(request)
    submitter = Submitter(
        body.submitter_name, partner.settings.sender_id, body.contact_name, body.contact_phone
    )
    number, file_name = clearinghouse.submit_batch(request_uow(request), user, partner, batch_id, submitter)
    return {"batch_id": batch_id, "partner": partner.settings.name, "interchange_control_number": number,
            "file_name": file_name}  # fmt: skip


@router.post("/clearinghouse/collect")
def collect(request: Request, user: Poster) -> dict[str, Any]:
    """Read the partner's inbox: 999s move batches, 277CAs move claims, 835s are posted (idempotently)."""
    return asdict(clearinghouse.collect(request_uow(request), user, clearinghouse_partner(request)))


@router.get("/clearinghouse/batches")
def list_batches(request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
                 status: Annotated[str | None, Query(max_length=16)] = None) -> dict[str, Any]:  # fmt: skip
    """Batches sent to the clearinghouse with the 999's verdict (submitted, accepted, rejected)."""
    return listed(remit_listings.list_batches, request, user, limit, offset, status)
