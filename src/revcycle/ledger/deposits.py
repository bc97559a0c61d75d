"""Batch deposit reconciliation: the day's receipts (payers' EFTs and checks, patients' cash, checks and cards)
against the bank deposits recorded for that day. Pure: the caller reads both.

An EFT reaches the bank as a credit of its own, so each EFT should equal one deposit; checks and cash go on
deposit slips together. The day balances when the receipts sum to the deposits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

SOURCES = ("insurance EFT", "insurance check", "patient cash", "patient check", "patient card")


@dataclass(frozen=True, slots=True)
class Receipt:
    source: str  # one of SOURCES
    reference: str  # EFT trace, check number, card reference
    party: str  # the payer's or the patient's name
    amount_cents: int


@dataclass(frozen=True, slots=True)
class Deposit:
    reference: str  # the bank's deposit reference (slip or credit number)
    amount_cents: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reconciliation:
    day: date
    receipts: tuple[Receipt, ...]
    deposits: tuple[Deposit, ...]
    by_source: dict[str, int]
    unmatched_efts: tuple[Receipt, ...]  # EFTs no deposit of the same amount accounts for

    @property
    def receipts_cents(self) -> int:
        return sum(receipt.amount_cents for receipt in self.receipts)

    @property
    def deposited_cents(self) -> int:
        return sum(deposit.amount_cents for deposit in self.deposits)

    @property
    def difference_cents(self) -> int:
        """Deposited minus received: negative when money received is not in the bank."""
        return self.deposited_cents - self.receipts_cents

    @property
    def balanced(self) -> bool:
        return self.difference_cents == 0 and not self.unmatched_efts


def reconcile(day: date, receipts: list[Receipt], deposits: list[Deposit]) -> Reconciliation:
    by_source: dict[str, int] = defaultdict(int)
    for receipt in receipts:
        by_source[receipt.source] += receipt.amount_cents
    amounts = [deposit.amount_cents for deposit in deposits]
    unmatched = []
    for eft in (r for r in receipts if r.source == "insurance EFT"):
        if eft.amount_cents in amounts:
            amounts.remove(eft.amount_cents)
        else:
            unmatched.append(eft)
    ordered = {source: by_source[source] for source in SOURCES if source in by_source}
    return Reconciliation(day, tuple(receipts), tuple(deposits), ordered, tuple(unmatched))
