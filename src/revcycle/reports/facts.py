"""The facts reports read, as plain values (the store fetches them; reports never query).

- `LedgerFact`: one journal line with its account kind, its entry's kind and effective date.
- `ScrubOutcome`: a claim and whether its first scrub found it clean, and the day of that scrub.
- `Adjudication`: a claim's first posted remittance (CLP02, paid), the denial categories on it and the day
  it was posted.
A KPI as of a day counts only the scrubs and adjudications of that day or before (`on` None: undated).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from revcycle.ledger.entries import Entry


@dataclass(frozen=True, slots=True)
class LedgerFact:
    account_kind: str  # ledger.accounts.AccountKind value
    amount_cents: int  # + debit / - credit
    entry_kind: str  # ledger.entries.EntryKind value
    effective_date: date
    patient_id: int | None = None
    payer_id: int | None = None
    claim_id: int | None = None
    service_line_id: int | None = None


@dataclass(frozen=True, slots=True)
class ScrubOutcome:
    claim_id: int
    first_clean: bool
    on: date | None = None  # the day of the first scrub


@dataclass(frozen=True, slots=True)
class Adjudication:
    claim_control_number: str
    status_code: str  # CLP02 of the first posted remittance for the claim: 1/2/3 processed, 4 denied, 22 reversal
    paid_cents: int
    denial_categories: frozenset[str] = frozenset()
    on: date | None = None  # the day the remittance was posted

    @property
    def denied(self) -> bool:
        return self.status_code == "4" or bool(self.denial_categories)

    @property
    def paid_first_pass(self) -> bool:
        return self.status_code in ("1", "2", "3") and self.paid_cents > 0 and not self.denial_categories


def known_by(facts: Iterable[ScrubOutcome | Adjudication], day: date) -> list:
    """The scrubs or adjudications that had happened by the end of `day` (undated ones always)."""
    return [fact for fact in facts if fact.on is None or fact.on <= day]


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal (half up); None when there is nothing to divide by."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def facts_from_entries(entries: Iterable[Entry]) -> list[LedgerFact]:
    """The facts of journal entries held in memory (the store reads the same facts with one query)."""
    return [
        LedgerFact(line.account.kind.value, line.amount_cents, entry.kind.value, entry.effective_date,
                   line.patient_id, line.payer_id, line.claim_id, line.service_line_id)
        for entry in entries for line in entry.lines
    ]
