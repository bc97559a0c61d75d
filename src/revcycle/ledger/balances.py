"""Balances derived from journal lines: per account (the trial balance) and per patient, payer,
claim or service line (receivables). Nothing here is stored; everything is a sum of lines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from revcycle.ledger.accounts import RECEIVABLE_KINDS, AccountKind, AccountRef
from revcycle.ledger.entries import Line


@dataclass(frozen=True, slots=True)
class Receivable:
    """What is owed on a patient, payer, claim or service line, split by who owes it.

    `unapplied_cents` is negative when the patient holds a credit; `total_cents` nets all three.
    """

    insurance_cents: int = 0
    patient_cents: int = 0
    unapplied_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.insurance_cents + self.patient_cents + self.unapplied_cents

    @property
    def is_zero(self) -> bool:
        return self.insurance_cents == self.patient_cents == self.unapplied_cents == 0


def trial_balance(lines: Iterable[Line]) -> dict[str, int]:
    """Balance per account code, sorted by code; its values always sum to zero."""
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.account.code] += line.amount_cents
    return dict(sorted(totals.items()))


def account_balance(lines: Iterable[Line], account: AccountRef) -> int:
    return sum(line.amount_cents for line in lines if line.account == account)


def receivable(
    lines: Iterable[Line],
    *,
    patient_id: int | None = None,
    payer_id: int | None = None,
    claim_id: int | None = None,
    service_line_id: int | None = None,
) -> Receivable:
    """Sum the receivable lines whose dimensions match every filter given (None = any)."""
    wanted = {
        "patient_id": patient_id,
        "payer_id": payer_id,
        "claim_id": claim_id,
        "service_line_id": service_line_id,
    }
    filters = {name: value for name, value in wanted.items() if value is not None}
    sums: dict[AccountKind, int] = defaultdict(int)
    for line in lines:
        if line.account.kind in RECEIVABLE_KINDS and all(getattr(line, k) == v for k, v in filters.items()):
            sums[line.account.kind] += line.amount_cents
    return Receivable(
        insurance_cents=sums[AccountKind.INSURANCE_AR],
        patient_cents=sums[AccountKind.PATIENT_AR],
        unapplied_cents=sums[AccountKind.UNAPPLIED_CASH],
    )


def settle_oldest_first(
    balances: Iterable[tuple[date, int]], credit_cents: int
) -> tuple[list[tuple[date, int]], int]:
    """Credits settle the oldest balances first (FIFO): the positive `balances` (date of service, cents),
    oldest first, each less what the credit (<= 0) settled of it, and the credit left. Statement and AR
    aging both age what this leaves."""
    owed = []
    for when, cents in sorted(balances):
        settled = min(cents, -credit_cents)
        credit_cents += settled
        owed.append((when, cents - settled))
    return owed, credit_cents
