"""Paged, filtered reads of the claim's way back for the API: remittances, the exception queue,
open denials, clearinghouse batches.

    rows, total = RemitListingRepository(uow.connection).remittances(Page(50, 0), status="posted")

Each list is `(rows, total)` over a stable order; the caller (a service) audits what it shows.
Denials come in work-queue order: oldest first, then largest, then by claim control number.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select

from revcycle.store.repositories.listing import Page, paged_rows
from revcycle.store.repositories.rows import Repository, where_given
from revcycle.store.tables_remit import (
    clearinghouse_batches,
    denials,
    remit_exceptions,
    remittance_claims,
    remittances,
)


class RemitListingRepository(Repository):
    def remittances(self, page: Page, status: str | None = None, payer_code: str | None = None,
                    trace_number: str | None = None) -> tuple[list, int]:  # fmt: skip
        query = where_given(
            select(remittances).order_by(remittances.c.id), (remittances.c.status, status),
            (remittances.c.payer_code, payer_code), (remittances.c.trace_number, trace_number),
        )  # fmt: skip
        return paged_rows(self._connection, query, page)

    def remittance(self, remittance_id: int):  # noqa: ANN201 - a Row, or None
        return self._connection.execute(select(remittances).where(remittances.c.id == remittance_id)).first()

    def remittance_claims(self, remittance_id: int) -> list:
        query = select(remittance_claims).where(remittance_claims.c.remittance_id == remittance_id)
        return list(self._connection.execute(query.order_by(remittance_claims.c.position)))

    def exceptions(self, page: Page, reason: str | None = None, remittance_id: int | None = None,
                   resolved: bool = False) -> tuple[list, int]:  # fmt: skip
        query = select(remit_exceptions).order_by(remit_exceptions.c.id)
        done = remit_exceptions.c.resolved_at
        query = query.where(done.is_not(None) if resolved else done.is_(None))
        query = where_given(
            query, (remit_exceptions.c.reason, reason), (remit_exceptions.c.remittance_id, remittance_id)
        )
        return paged_rows(self._connection, query, page)

    def _open_denials(self, category: str | None, claim: str | None) -> Select:
        query = select(denials).where(denials.c.status == "open")
        return where_given(query, (denials.c.category, category), (denials.c.claim_control_number, claim))

    def open_denials(
        self, page: Page, category: str | None = None, claim: str | None = None
    ) -> tuple[list, int]:
        query = self._open_denials(category, claim).order_by(
            denials.c.denied_on, denials.c.amount_cents.desc(), denials.c.claim_control_number, denials.c.id
        )
        return paged_rows(self._connection, query, page)

    def denial_totals(
        self, category: str | None = None, claim: str | None = None
    ) -> dict[str, tuple[int, int]]:
        """category -> (open denials, cents) over the whole queue (with the same filters)."""
        base = self._open_denials(category, claim).subquery()
        query = select(base.c.category, func.count(), func.sum(base.c.amount_cents)).group_by(base.c.category)
        return {row[0]: (int(row[1]), int(row[2] or 0)) for row in self._connection.execute(query)}

    def batches(self, page: Page, status: str | None = None) -> tuple[list, int]:
        query = select(clearinghouse_batches).order_by(clearinghouse_batches.c.id)
        query = where_given(query, (clearinghouse_batches.c.status, status))
        return paged_rows(self._connection, query, page)
