"""Paged, filtered, audited lists of the claim's way back, for the API: remittances, the remittance
exception queue, the denials work queue (grouped by category, each with its next action) and
clearinghouse batches.

    found, total = list_remittances(uow, user, Page(50, 0), status="posted")
    queue = denial_work_queue(uow, user, Page(50, 0), category="coding")

Each remittance, exception and denial shown gets one READ row in the audit log (detail `list`, ids
and claim control numbers only), as the patient and claim lists do. Batches carry no patient data.
Needs `read_ledger`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from revcycle.denials.categories import Category, next_action
from revcycle.denials.queue import DenialItem
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import parse_choice
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.denials import denial_item
from revcycle.store.repositories.listing import Page
from revcycle.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DenialGroup:
    category: Category
    next_action: str
    count: int
    total_cents: int


@dataclass(frozen=True, slots=True)
class DenialPage:
    groups: list[DenialGroup]  # the whole (filtered) queue by category, in `Category` order
    items: list[DenialItem]  # this page, oldest and largest first
    total: int


def _iso(value: date | datetime | None) -> str | None:
    """ISO 8601; a stored time is UTC (SQLite hands it back without its zone, PostgreSQL with it)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if value is not None else None


def _remittance(row: Any) -> dict[str, Any]:
    return {"id": row.id, "payer_code": row.payer_code, "trace_number": row.trace_number,
            "payment_date": _iso(row.payment_date), "total_paid_cents": row.total_paid_cents,
            "claim_count": row.claim_count, "status": row.status, "detail": row.detail, "source": row.source,
            "received_at": _iso(row.received_at), "digest": row.digest}  # fmt: skip


def _exception(row: Any) -> dict[str, Any]:
    return {"id": row.id, "remittance_id": row.remittance_id, "claim": row.claim_control_number,
            "reason": row.reason, "message": row.message, "amount_cents": row.amount_cents,
            "created_at": _iso(row.created_at), "resolved_at": _iso(row.resolved_at)}  # fmt: skip


def list_remittances(uow: UnitOfWork, user: User, page: Page, status: str | None = None,
                     payer_code: str | None = None, trace_number: str | None = None) -> tuple[list[dict], int]:  # fmt: skip
    """Remittances received (posted or rejected), oldest first."""
    with uow:
        user.require(Permission.READ_LEDGER)
        rows, total = uow.remit_listings.remittances(
            page, status, payer_code, trace_number
        )
        audit.record_many(uow, user, audit.Action.READ, "remittance", [(row.id, "list") for row in rows])
        return [_remittance(row) for row in rows], total


def recent_remittances(uow: UnitOfWork, user: User, count: int) -> list[dict]:
    """The `count` remittances received last (posted or rejected), newest first."""
    with uow:
        user.require(Permission.READ_LEDGER)
        rows = uow.views.newest_remittances(count)
        audit.record_many(uow, user, audit.Action.READ, "remittance", [(row.id, "list") for row in rows])
        return [_remittance(row) for row in rows]


def get_remittance(uow: UnitOfWork, user: User, remittance_id: int) -> dict:
    """One remittance with its claims as posted (or sent to the exception queue), in file order."""
    with uow:
        user.require(Permission.READ_LEDGER)
        repository = uow.remit_listings
        row = repository.remittance(remittance_id)
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no remittance {remittance_id}")
        claims = repository.remittance_claims(remittance_id)
        audit.record(uow, user, audit.Action.READ, "remittance", remittance_id, f"{len(claims)} claims")
    return {**_remittance(row), "claims": [
        {"position": c.position, "claim": c.claim_control_number, "status_code": c.status_code,
         "payer_claim_number": c.payer_claim_number, "charge_cents": c.charge_cents, "paid_cents": c.paid_cents,
         "outcome": c.outcome, "reverses_id": c.reverses_id} for c in claims]}  # fmt: skip


def list_exceptions(uow: UnitOfWork, user: User, page: Page, reason: str | None = None,
                    remittance_id: int | None = None, resolved: bool = False) -> tuple[list[dict], int]:  # fmt: skip
    """The exception queue (open by default; `resolved=True`: those already worked), oldest first."""
    with uow:
        user.require(Permission.READ_LEDGER)
        rows, total = uow.remit_listings.exceptions(page, reason, remittance_id, resolved)
        audit.record_many(uow, user, audit.Action.READ, "remit_exception",
                          [(row.id, f"list claim={row.claim_control_number}") for row in rows])
        return [_exception(row) for row in rows], total


def denial_work_queue(uow: UnitOfWork, user: User, page: Page, category: str | None = None,
                      claim: str | None = None) -> DenialPage:  # fmt: skip
    """Open denials: totals by category with the next action, and one page of items in queue order."""
    wanted = parse_choice(Category, category, "category").value if category is not None else None
    with uow:
        user.require(Permission.READ_LEDGER)
        repository = uow.remit_listings
        totals = repository.denial_totals(wanted, claim)
        rows, total = repository.open_denials(page, wanted, claim)
        items = [denial_item(row) for row in rows]
        audit.record_many(uow, user, audit.Action.READ, "denial",
                          [(item.id or 0, f"list claim={item.claim_control_number}") for item in items])
    groups = [DenialGroup(c, next_action(c), *totals[c.value]) for c in Category if c.value in totals]
    return DenialPage(groups, items, total)


def list_batches(
    uow: UnitOfWork, user: User, page: Page, status: str | None = None
) -> tuple[list[dict], int]:
    """Clearinghouse batches sent (submitted, accepted or rejected by the 999), oldest first."""
    with uow:
        user.require(Permission.READ_LEDGER)
        rows, total = uow.remit_listings.batches(page, status)
    return [{"id": row.id, "partner": row.partner, "interchange_control_number": row.interchange_control_number,
             "file_name": row.file_name, "claim_count": row.claim_count, "status": row.status,
             "status_detail": row.status_detail, "submitted_at": _iso(row.submitted_at)} for row in rows], total  # fmt: skip
