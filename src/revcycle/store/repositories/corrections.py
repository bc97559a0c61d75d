"""Where a claim's payer claim control number (the REF*F8 of its corrected or void claim) was heard.

    found = uow.corrections.payer_claim_number("E12-1")  # (number, source) | None

In order of authority: the latest posted 835 adjudication of the claim (CLP07, reversals excluded),
the latest 276/277 claim status answer that named one, the latest 277CA acceptance naming one (REF*1K).
"""

from __future__ import annotations

from sqlalchemy import select

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
        return self._from_835(claim_number) or self._from_claim_status(claim_number) or self._from_277ca(claim_number)

    def _from_835(self, claim_number: str) -> tuple[str, str] | None:
        query = (
            select(remittance_claims.c.payer_claim_number)
            .join(claims, claims.c.id == remittance_claims.c.claim_id)
            .where(claims.c.claim_number == claim_number, remittance_claims.c.outcome == "posted",
                   remittance_claims.c.status_code != "22", remittance_claims.c.payer_claim_number != "")
            .order_by(remittance_claims.c.id.desc())
        )  # fmt: skip
        number = self._connection.scalar(query.limit(1))
        return (number, SOURCE_835) if number else None

    def _from_claim_status(self, claim_number: str) -> tuple[str, str] | None:
        query = (
            select(claim_status_checks.c.payer_claim_number)
            .join(claims, claims.c.id == claim_status_checks.c.claim_id)
            .where(claims.c.claim_number == claim_number, claim_status_checks.c.payer_claim_number != "")
            .order_by(claim_status_checks.c.id.desc())
        )  # fmt: skip
        number = self._connection.scalar(query.limit(1))
        return (number, SOURCE_277) if number else None

    def _from_277ca(self, claim_number: str) -> tuple[str, str] | None:
        query = (
            select(claim_acknowledgments.c.payer_claim_number)
            .join(claims, claims.c.id == claim_acknowledgments.c.claim_id)
            .where(claims.c.claim_number == claim_number, claim_acknowledgments.c.accepted,
                   claim_acknowledgments.c.payer_claim_number != "")
            .order_by(claim_acknowledgments.c.id.desc())
        )  # fmt: skip
        number = self._connection.scalar(query.limit(1))
        return (number, SOURCE_277CA) if number else None
