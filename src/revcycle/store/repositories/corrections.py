"""Where a claim's payer claim control number (the REF*F8 of its corrected or void claim) was heard.

    found = uow.corrections.payer_claim_number("E12-1")  # (number, source) | None

In order of authority: the latest posted 835 adjudication of the claim (CLP07, reversals excluded),
the latest 276/277 claim status answer that named one, the latest 277CA acceptance naming one (REF*1K).
"""

from __future__ import annotations

from sqlalchemy import Table, select

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables_appeals import claim_acknowledgments
from revcycle.store.tables_claims import claims
from revcycle.store.tables_followup import claim_status_checks
from revcycle.store.tables_remit import remittance_claims

SOURCE_835 = "835 CLP07"
SOURCE_277 = "277 claim status"
SOURCE_277CA = "277CA"


class CorrectionRepository(Repository):
    def payer_claim_number(self, claim_number: str) -> tuple[str, str] | None:
        sources = (
            (SOURCE_835, remittance_claims, (remittance_claims.c.outcome == "posted", remittance_claims.c.status_code != "22")),
            (SOURCE_277, claim_status_checks, ()),
            (SOURCE_277CA, claim_acknowledgments, (claim_acknowledgments.c.accepted,)),
        )  # fmt: skip
        for source, table, conditions in sources:
            number = self._latest_number(claim_number, table, conditions)
            if number:
                return number, source
        return None

    def _latest_number(self, claim_number: str, table: Table, conditions: tuple) -> str | None:
        """The payer claim number of the claim's latest row in `table` that names one and meets `conditions`."""
        query = (
            select(table.c.payer_claim_number)
            .join(claims, claims.c.id == table.c.claim_id)
            .where(claims.c.claim_number == claim_number, *conditions, table.c.payer_claim_number != "")
            .order_by(table.c.id.desc())
        )
        return self._connection.scalar(query.limit(1))
