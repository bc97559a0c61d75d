"""Accounts-receivable aging: what each payer and each patient owes, by age of the service.

Age is counted from the date of service (the effective date of the charge posting, which is the
service line's date), not from the date billed: it measures how long the practice has waited for
the money since it earned it, and it does not reset when a balance moves to a secondary payer or
to the patient. Buckets: 0–30, 31–60, 61–90, 91–120, 120+ days.

Open items: receivable lines are grouped per responsible party and service (patient, claim,
service line); a group's balance is aged by its date of service. Credits that belong to no
charged service (a payment on account) are applied to that party's oldest balances first
(FIFO); what is left is the party's `credit_cents`. Unapplied cash (a patient's prepayment held
as a credit) is reported apart, per patient, never netted into the buckets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from revcycle.ledger.accounts import AccountKind
from revcycle.ledger.balances import settle_oldest_first
from revcycle.ledger.entries import EntryKind
from revcycle.reports.facts import LedgerFact, percent

BUCKETS = ("0-30", "31-60", "61-90", "91-120", "120+")
_UPPER_DAYS = (30, 60, 90, 120)
OVER_90_FROM = 3  # index of the first bucket over 90 days


def bucket_of(age_days: int) -> int:
    for index, upper in enumerate(_UPPER_DAYS):
        if age_days <= upper:
            return index
    return len(_UPPER_DAYS)


@dataclass(frozen=True, slots=True)
class AgingRow:
    party: str  # "payer" | "patient"
    party_id: int
    name: str
    buckets: tuple[int, ...]  # cents per bucket, BUCKETS order
    credit_cents: int = 0  # unallocated credit left after FIFO (<= 0)
    unapplied_cents: int = 0  # patient rows: unapplied cash held (<= 0)

    @property
    def total_cents(self) -> int:
        return sum(self.buckets) + self.credit_cents

    def to_dict(self) -> dict[str, object]:
        return {"party": self.party, "party_id": self.party_id, "name": self.name,
                "buckets": dict(zip(BUCKETS, self.buckets, strict=True)), "credit_cents": self.credit_cents,
                "unapplied_cents": self.unapplied_cents, "total_cents": self.total_cents}


@dataclass(frozen=True, slots=True)
class AgingReport:
    as_of: date
    payers: tuple[AgingRow, ...]
    patients: tuple[AgingRow, ...]
    insurance_buckets: tuple[int, ...] = field(default=(0,) * len(BUCKETS))
    patient_buckets: tuple[int, ...] = field(default=(0,) * len(BUCKETS))

    @property
    def total_buckets(self) -> tuple[int, ...]:
        return tuple(a + b for a, b in zip(self.insurance_buckets, self.patient_buckets, strict=True))

    @property
    def total_cents(self) -> int:
        return sum(row.total_cents for row in self.payers + self.patients)

    @property
    def over_90_cents(self) -> int:
        return sum(self.total_buckets[OVER_90_FROM:])

    @property
    def percent_over_90(self) -> Decimal | None:
        """Share of the aged (positive) balances older than 90 days."""
        return percent(self.over_90_cents, sum(self.total_buckets))

    def to_dict(self) -> dict[str, object]:
        share = self.percent_over_90
        return {
            "as_of": self.as_of.isoformat(), "buckets": list(BUCKETS), "aged_from": "date of service",
            "insurance": dict(zip(BUCKETS, self.insurance_buckets, strict=True)),
            "patient": dict(zip(BUCKETS, self.patient_buckets, strict=True)),
            "total": dict(zip(BUCKETS, self.total_buckets, strict=True)),
            "total_cents": self.total_cents, "over_90_cents": self.over_90_cents,
            "percent_over_90": None if share is None else str(share),
            "payers": [row.to_dict() for row in self.payers], "patients": [row.to_dict() for row in self.patients],
        }


_AGED = {AccountKind.INSURANCE_AR.value: "payer", AccountKind.PATIENT_AR.value: "patient"}
ServiceKey = tuple[int | None, int | None, int | None]  # (patient, claim, service line)
OpenItems = dict[ServiceKey, tuple[date | None, int]]  # -> (date of service if charged, balance)


def service_dates(facts: Iterable[LedgerFact]) -> dict[ServiceKey, date]:
    """(patient, claim, service line) -> date of service: the earliest charge posted for it."""
    dates: dict[ServiceKey, date] = {}
    for fact in facts:
        if fact.entry_kind == EntryKind.CHARGE.value and fact.amount_cents > 0:
            key = (fact.patient_id, fact.claim_id, fact.service_line_id)
            dates[key] = min(dates.get(key, fact.effective_date), fact.effective_date)
    return dates


def _open_items(facts: list[LedgerFact]) -> dict[tuple[str, int], OpenItems]:
    """Per party ("payer"|"patient", id): its non-zero balances per service."""
    dates = service_dates(facts)
    balances: dict[tuple[str, int], dict[ServiceKey, int]] = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        party = _AGED.get(fact.account_kind)
        if party is None:
            continue
        party_id = fact.payer_id if party == "payer" else fact.patient_id
        balances[(party, party_id or 0)][(fact.patient_id, fact.claim_id, fact.service_line_id)] += fact.amount_cents
    return {party: {key: (dates.get(key), balance) for key, balance in group.items() if balance}
            for party, group in balances.items()}


def _aged_row(party: tuple[str, int], items: OpenItems, as_of: date,
              name: str, unapplied_cents: int) -> AgingRow:
    buckets = [0] * len(BUCKETS)
    credit = sum(balance for when, balance in items.values() if when is None or balance < 0)
    dated = [(when, balance) for when, balance in items.values() if when is not None and balance > 0]
    owed, credit = settle_oldest_first(dated, credit)
    for when, cents in owed:
        buckets[bucket_of((as_of - when).days)] += cents
    return AgingRow(party[0], party[1], name, tuple(buckets), credit, unapplied_cents)


def age_receivables(facts: Iterable[LedgerFact], as_of: date, payer_names: Mapping[int, str] | None = None,
                    patient_names: Mapping[int, str] | None = None) -> AgingReport:
    """AR aging as of a date from the journal lines posted up to it (later lines are ignored)."""
    known = [fact for fact in facts if fact.effective_date <= as_of]
    unapplied: dict[int, int] = defaultdict(int)
    for fact in known:
        if fact.account_kind == AccountKind.UNAPPLIED_CASH.value and fact.patient_id is not None:
            unapplied[fact.patient_id] += fact.amount_cents
    items = _open_items(known)
    for patient_id, held in unapplied.items():
        if held:
            items.setdefault(("patient", patient_id), {})
    names = {"payer": payer_names or {}, "patient": patient_names or {}}
    rows = [_aged_row(party, group, as_of, names[party[0]].get(party[1], f"{party[0]} {party[1]}"),
                      unapplied.get(party[1], 0) if party[0] == "patient" else 0)
            for party, group in sorted(items.items())]
    payers = tuple(row for row in rows if row.party == "payer" and (row.total_cents or any(row.buckets)))
    patients = tuple(row for row in rows if row.party == "patient"
                     and (row.total_cents or row.unapplied_cents or any(row.buckets)))
    return AgingReport(as_of, payers, patients, _sum_buckets(payers), _sum_buckets(patients))


def _sum_buckets(rows: tuple[AgingRow, ...]) -> tuple[int, ...]:
    return tuple(sum(row.buckets[index] for row in rows) for index in range(len(BUCKETS)))
