"""A patient statement per guarantor, built from the journal entries of the guarantor's patients.

Each service (patient, claim, service line) becomes one item: its charge, what insurance paid,
adjustments (contractual and write-offs), what the patient paid, what insurance still owes and the
patient's balance, all summed from the receivable lines of the journal (never from claim documents).
Payments tied to no service are items of their own ("Payment on account"). Aging (Current,
31–60, 61–90, Over 90) is by date of service; credits settle the oldest balances first. With an
active payment plan the amount due is the plan's installments due this cycle plus what is owed outside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from revcycle.ledger.accounts import AccountKind
from revcycle.ledger.balances import settle_oldest_first
from revcycle.ledger.entries import Entry, EntryKind
from revcycle.practice.organization import Address
from revcycle.statements.plans import PaymentPlan, PlanDue, PlanStatus, plan_due

AGING_LABELS = ("Current", "31-60 days", "61-90 days", "Over 90 days")
DEFAULT_PAYMENT_OPTIONS = (
    "By check or money order payable to the practice, mailed to the remit-to address.",
    "By phone with a debit or credit card: call the billing office at {phone}.",
    "In person at the front desk. Ask us about a payment plan if you need one.",
)
_ADJUSTING = (EntryKind.CONTRACTUAL_ADJUSTMENT.value, EntryKind.WRITE_OFF.value)
_PATIENT_PAYING = (EntryKind.PATIENT_PAYMENT.value, EntryKind.APPLY_UNAPPLIED.value)
_RECEIVABLE = (AccountKind.INSURANCE_AR.value, AccountKind.PATIENT_AR.value)


@dataclass(frozen=True, slots=True)
class StatementSettings:
    minimum_balance_cents: int = 500  # no statement for a smaller amount due
    cycle_days: int = 30  # a guarantor gets at most one statement per cycle
    due_in_days: int = 21
    billing_phone: str = ""
    payment_options: tuple[str, ...] = DEFAULT_PAYMENT_OPTIONS


@dataclass(frozen=True, slots=True)
class Party:
    """A name and a mailing address: the practice, the remit-to payee, the guarantor."""

    name: str
    address: Address | None
    phone: str = ""


@dataclass(frozen=True, slots=True)
class PatientEntries:
    patient_id: int
    name: str  # as printed on the statement
    entries: Sequence[Entry]


@dataclass(frozen=True, slots=True)
class StatementItem:
    service_date: date
    patient_name: str
    description: str
    charge_cents: int = 0
    insurance_paid_cents: int = 0
    adjustment_cents: int = 0
    patient_paid_cents: int = 0
    insurance_pending_cents: int = 0
    balance_cents: int = 0  # what the patient owes on this item (negative: a credit)


@dataclass(frozen=True, slots=True)
class Statement:
    account_number: str
    statement_date: date
    due_date: date
    practice: Party
    remit_to: Party
    guarantor: Party
    items: tuple[StatementItem, ...]
    aging: tuple[int, int, int, int]
    unapplied_cents: int  # credit held on account (<= 0)
    payment_options: tuple[str, ...] = field(default=DEFAULT_PAYMENT_OPTIONS)
    plans: tuple[PlanDue, ...] = ()  # the active payment plans of the account's patients

    @property
    def balance_cents(self) -> int:
        return sum(item.balance_cents for item in self.items) + self.unapplied_cents

    @property
    def amount_due_cents(self) -> int:
        """The whole balance; with a plan, its installments due this cycle plus what is owed outside it."""
        if not self.plans:
            return max(0, self.balance_cents)
        outside = max(0, self.balance_cents - sum(plan.remaining_cents for plan in self.plans))
        return max(0, min(self.balance_cents, sum(plan.due_now_cents for plan in self.plans) + outside))


def _items_of(patient: PatientEntries, descriptions: Mapping[tuple, str]) -> list[StatementItem]:
    sums: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    charged_on: dict[tuple, date] = {}  # date of service: the earliest charge of the item
    last_on: dict[tuple, date] = {}  # items without a charge (payments on account): their latest entry
    for entry in patient.entries:
        for line in entry.lines:
            kind = line.account.kind.value
            if line.patient_id != patient.patient_id or kind not in _RECEIVABLE:
                continue
            key = (line.claim_id, line.service_line_id)
            _add(sums[key], kind, entry.kind.value, line.amount_cents)
            if entry.kind is EntryKind.CHARGE:
                charged_on[key] = min(charged_on.get(key, entry.effective_date), entry.effective_date)
            last_on[key] = max(last_on.get(key, entry.effective_date), entry.effective_date)
    return [_item(patient.name, key, charged_on.get(key, last_on[key]), parts, descriptions)
            for key, parts in sums.items() if any(parts.values())]


def _add(parts: dict[str, int], account_kind: str, entry_kind: str, cents: int) -> None:
    if entry_kind == EntryKind.CHARGE.value:
        parts["charge"] += cents
    elif entry_kind == EntryKind.INSURANCE_PAYMENT.value:
        parts["insurance_paid"] -= cents
    elif entry_kind in _ADJUSTING:
        parts["adjustment"] -= cents
    elif entry_kind in _PATIENT_PAYING:
        parts["patient_paid"] -= cents
    parts["insurance" if account_kind == AccountKind.INSURANCE_AR.value else "patient"] += cents


def _item(name: str, key: tuple, when: date, parts: Mapping[str, int], descriptions: Mapping[tuple, str]) -> StatementItem:
    described = descriptions.get(key) or ("Payment on account" if key == (None, None) else "Service")
    return StatementItem(when, name, described, parts.get("charge", 0), parts.get("insurance_paid", 0),
                         parts.get("adjustment", 0), parts.get("patient_paid", 0), parts.get("insurance", 0),
                         parts.get("patient", 0))


def statement_aging(items: Iterable[StatementItem], on: date) -> tuple[int, int, int, int]:
    """Patient balances by age of service (0-30, 31-60, 61-90, 90+); credits settle the oldest first."""
    listed = list(items)
    credit = sum(item.balance_cents for item in listed if item.balance_cents < 0)
    owed, _left = settle_oldest_first(((i.service_date, i.balance_cents) for i in listed if i.balance_cents > 0), credit)
    buckets = [0, 0, 0, 0]
    for when, cents in owed:
        age = (on - when).days
        buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += cents
    return buckets[0], buckets[1], buckets[2], buckets[3]


def unapplied_of(patients: Iterable[PatientEntries]) -> int:
    return sum(line.amount_cents for patient in patients for entry in patient.entries for line in entry.lines
               if line.account.kind is AccountKind.UNAPPLIED_CASH and line.patient_id == patient.patient_id)


def phone_text(digits: str) -> str:
    """A 10-digit US number as printed, "(217) 555-0100"; anything else as given."""
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 and digits.isdecimal() else digits


def payment_options(options: Sequence[str], phone: str) -> tuple[str, ...]:
    """The ways to pay with the practice's phone number where they say `{phone}` (the billing office when
    no number is known: never "the number above" with none printed)."""
    shown = phone_text(phone) if phone else "the practice's billing office number"
    return tuple(option.replace("{phone}", shown) for option in options)


def build_statement(account_number: str, guarantor: Party, patients: Sequence[PatientEntries], practice: Party,
                    remit_to: Party, on: date, settings: StatementSettings = StatementSettings(),
                    descriptions: Mapping[tuple, str] | None = None, plans: Sequence[PaymentPlan] = ()) -> Statement:
    """The statement of one guarantor on `on` (entries effective after `on` are left out); active
    payment plans ask for their installments due instead of the whole balance, and the statement is
    due by the next installment's date when that comes before the usual `due_in_days`."""
    current = [PatientEntries(p.patient_id, p.name, [e for e in p.entries if e.effective_date <= on])
               for p in patients]
    items = sorted((item for patient in current for item in _items_of(patient, descriptions or {})),
                   key=lambda item: (item.service_date, item.patient_name, item.description))
    dues = tuple(plan_due(plan, on) for plan in plans if plan.status is PlanStatus.ACTIVE)
    due_date = min([on + timedelta(days=settings.due_in_days), *(d.next_due for d in dues if d.next_due)])
    return Statement(account_number, on, due_date, practice, remit_to, guarantor,
                     tuple(items), statement_aging(items, on), unapplied_of(current),
                     payment_options(settings.payment_options, practice.phone), dues)  # fmt: skip
