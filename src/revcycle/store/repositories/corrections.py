"""Where a claim's payer claim control number (the REF*F8 of its corrected or void claim) was heard.

    found = CorrectionRepository(uow.connection).payer_claim_number("E12-1")  # (number, source) | None

In order of authority: the latest posted 835 adjudication of the claim (CLP07, reversals excluded),
the latest 276/277 claim status answer that named one, the 277CA acceptance (its REF*1K, kept in
the submitted claim's status detail while the claim is `accepted`).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, select

from revcycle.store.tables_followup import claim_status_checks
from revcycle.store.tables_remit import remittance_claims, submitted_claims

SOURCE_835 = "835 CLP07"
SOURCE_277 = "277 claim status"
SOURCE_277CA = "277CA"
_ACK_NUMBER = re.compile(r"payer claim (\S+)$")


class CorrectionRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def payer_claim_number(self, claim_number: str) -> tuple[str, str] | None:
        return (
            self._from_835(claim_number)
            or self._from_claim_status(claim_number)
            or self._from_277ca(claim_number)
        )

    def _from_835(self, claim_number: str) -> tuple[str, str] | None:
        query = (
            select(remittance_claims.c.payer_claim_number)
            .where(remittance_claims.c.claim_control_number == claim_number, remittance_claims.c.outcome == "posted",
                   remittance_claims.c.status_code != "22", remittance_claims.c.payer_claim_number != "")
            .order_by(remittance_claims.c.id.desc())
        )  # fmt: skip
        number = self._connection.scalar(query.limit(1))
        return (number, SOURCE_835) if number else None

    def _from_claim_status(self, claim_number: str) -> tuple[str, str] | None:
        query = (
            select(claim_status_checks.c.payer_claim_number)
            .join(submitted_claims, submitted_claims.c.id == claim_status_checks.c.submitted_claim_id)
            .where(submitted_claims.c.claim_control_number == claim_number, claim_status_checks.c.payer_claim_number != "")
            .order_by(claim_status_checks.c.id.desc())
        )  # fmt: skip
        number = self._connection.scalar(query.limit(1))
        return (number, SOURCE_277) if number else None

    def _from_277ca(self, claim_number: str) -> tuple[str, str] | None:
        query = select(submitted_claims.c.status_detail).where(
            submitted_claims.c.claim_control_number == claim_number, submitted_claims.c.status == "accepted"
        )
        detail = self._connection.scalar(query) or ""
        found = _ACK_NUMBER.search(detail)
        return (found.group(1), SOURCE_277CA) if found else None
