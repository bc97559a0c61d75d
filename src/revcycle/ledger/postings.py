"""Posting rules: one pure function per business event, each building a balanced `Entry`.

Every function takes the idempotency key, the effective date, what the money concerns (a
`ChargeRef`: patient, and optionally claim and service line) and positive integer cents. The
functions validate and build; a journal (`ledger.journal.Journal` in memory, `store` in the
database) accepts the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger import accounts
from revcycle.ledger.accounts import AccountRef
from revcycle.ledger.entries import Entry, EntryKind, Line, PostedEntry


@dataclass(frozen=True, slots=True)
class ChargeRef:
    """What a posting concerns; these become the dimensions of every line it writes."""

    patient_id: int
    claim_id: int | None = None
    service_line_id: int | None = None


def _positive(amount_cents: int, what: str) -> int:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"{what} must be positive integer cents, got {amount_cents!r}"
        )
    return amount_cents


def _line(account: AccountRef, cents: int, ref: ChargeRef, payer_id: int | None = None) -> Line:
    payer = account.payer_id if account.payer_id is not None else payer_id
    return Line(account, cents, ref.patient_id, payer, ref.claim_id, ref.service_line_id)


def _responsible(patient_id: int, payer_id: int | None) -> AccountRef:
    """The receivable of whoever owes: the payer's insurance AR, or the patient's AR when `payer_id` is None."""
    return accounts.patient_ar(patient_id) if payer_id is None else accounts.insurance_ar(payer_id)


def charge(
    key: str, on: date, ref: ChargeRef, amount_cents: int, payer_id: int | None = None, memo: str = ""
) -> Entry:
    """A charge billed to a payer (Dr insurance AR) or to the patient when self-pay (Dr patient AR); Cr revenue."""
    cents = _positive(amount_cents, "a charge")
    debit = _line(_responsible(ref.patient_id, payer_id), cents, ref)
    credit = _line(accounts.REVENUE, -cents, ref, payer_id)
    return Entry(key, EntryKind.CHARGE, on, (debit, credit), memo)


def insurance_payment(
    key: str, on: date, ref: ChargeRef, payer_id: int, amount_cents: int, memo: str = ""
) -> Entry:
    """A payer pays: Dr cash, Cr the payer's insurance AR."""
    cents = _positive(amount_cents, "an insurance payment")
    lines = (_line(accounts.CASH, cents, ref, payer_id), _line(accounts.insurance_ar(payer_id), -cents, ref))
    return Entry(key, EntryKind.INSURANCE_PAYMENT, on, lines, memo)


def contractual_adjustment(
    key: str, on: date, ref: ChargeRef, payer_id: int, amount_cents: int, memo: str = ""
) -> Entry:
    """The part of the charge above the payer's allowed amount: Dr contractual adjustment, Cr insurance AR."""
    cents = _positive(amount_cents, "a contractual adjustment")
    lines = (
        _line(accounts.CONTRACTUAL_ADJUSTMENT, cents, ref, payer_id),
        _line(accounts.insurance_ar(payer_id), -cents, ref),
    )
    return Entry(key, EntryKind.CONTRACTUAL_ADJUSTMENT, on, lines, memo)


def transfer(
    key: str,
    on: date,
    ref: ChargeRef,
    amount_cents: int,
    from_payer_id: int | None,
    to_payer_id: int | None,
    memo: str = "",
) -> Entry:
    """Move a balance between responsible parties (None = the patient): Dr the new one, Cr the old one."""
    cents = _positive(amount_cents, "a transfer")
    if from_payer_id == to_payer_id:
        raise RevcycleError(ErrorCode.VALIDATION, "a transfer needs two different responsible parties")
    lines = (
        _line(_responsible(ref.patient_id, to_payer_id), cents, ref),
        _line(_responsible(ref.patient_id, from_payer_id), -cents, ref),
    )
    return Entry(key, EntryKind.TRANSFER, on, lines, memo)


def transfer_to_patient(key: str, on: date, ref: ChargeRef, from_payer_id: int, amount_cents: int) -> Entry:
    """Patient responsibility (deductible, coinsurance, copay, non-covered): insurance AR → patient AR."""
    return transfer(key, on, ref, amount_cents, from_payer_id, None, "patient responsibility")


def transfer_to_payer(
    key: str, on: date, ref: ChargeRef, from_payer_id: int, to_payer_id: int, amount_cents: int
) -> Entry:
    """Crossover to the next payer (e.g. primary → secondary): insurance AR → the next payer's insurance AR."""
    return transfer(key, on, ref, amount_cents, from_payer_id, to_payer_id, "to next payer")


def patient_payment(
    key: str, on: date, ref: ChargeRef, amount_cents: int, unapplied_cents: int = 0, memo: str = ""
) -> Entry:
    """A patient pays: Dr cash; Cr patient AR, and Cr unapplied cash for any part kept as a credit."""
    cents = _positive(amount_cents, "a patient payment")
    if isinstance(unapplied_cents, bool) or not 0 <= unapplied_cents <= cents:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, "the unapplied part must be between 0 and the payment")
    lines = [_line(accounts.CASH, cents, ref)]
    if cents - unapplied_cents:
        lines.append(_line(accounts.patient_ar(ref.patient_id), -(cents - unapplied_cents), ref))
    if unapplied_cents:
        lines.append(_line(accounts.unapplied_cash(ref.patient_id), -unapplied_cents, ref))
    return Entry(key, EntryKind.PATIENT_PAYMENT, on, tuple(lines), memo)


def apply_unapplied(key: str, on: date, ref: ChargeRef, amount_cents: int, memo: str = "") -> Entry:
    """Apply a patient's credit to a charge: Dr unapplied cash, Cr patient AR."""
    cents = _positive(amount_cents, "an application of unapplied cash")
    lines = (
        _line(accounts.unapplied_cash(ref.patient_id), cents, ref),
        _line(accounts.patient_ar(ref.patient_id), -cents, ref),
    )
    return Entry(key, EntryKind.APPLY_UNAPPLIED, on, lines, memo)


def refund(
    key: str,
    on: date,
    ref: ChargeRef,
    amount_cents: int,
    payer_id: int | None = None,
    from_unapplied: bool = False,
    memo: str = "",
) -> Entry:
    """Pay money back: Dr the credit balance refunded (patient AR, unapplied cash, or a payer's insurance AR), Cr refunds."""
    cents = _positive(amount_cents, "a refund")
    if from_unapplied and payer_id is not None:
        raise RevcycleError(
            ErrorCode.VALIDATION,
            "unapplied cash is a patient's credit; a payer refund comes from insurance AR",
        )
    source = (
        accounts.unapplied_cash(ref.patient_id) if from_unapplied else _responsible(ref.patient_id, payer_id)
    )
    lines = (_line(source, cents, ref), _line(accounts.REFUNDS, -cents, ref, payer_id))
    return Entry(key, EntryKind.REFUND, on, lines, memo)


def write_off(
    key: str, on: date, ref: ChargeRef, amount_cents: int, payer_id: int | None = None, memo: str = ""
) -> Entry:
    """Give up a balance (the patient's, or a payer's when `payer_id`): Dr write-off, Cr that receivable."""
    cents = _positive(amount_cents, "a write-off")
    lines = (
        _line(accounts.WRITE_OFF, cents, ref, payer_id),
        _line(_responsible(ref.patient_id, payer_id), -cents, ref),
    )
    return Entry(key, EntryKind.WRITE_OFF, on, lines, memo)


def interest(key: str, on: date, ref: ChargeRef, payer_id: int, amount_cents: int, memo: str = "") -> Entry:
    """Prompt-pay interest a payer adds to a claim payment: Dr cash, Cr interest income."""
    cents = _positive(amount_cents, "interest")
    lines = (
        _line(accounts.CASH, cents, ref, payer_id),
        _line(accounts.INTEREST_INCOME, -cents, ref, payer_id),
    )
    return Entry(key, EntryKind.INTEREST, on, lines, memo)


def provider_level_adjustment(key: str, on: date, payer_id: int, amount_cents: int, memo: str = "") -> Entry:
    """A remittance's provider-level adjustment: positive withholds money (Dr provider adjustment, Cr cash),
    negative adds money (the mirror). Not tied to a patient."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents == 0:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, "a provider-level adjustment is non-zero integer cents")
    lines = (
        Line(accounts.provider_adjustment(payer_id), amount_cents, payer_id=payer_id),
        Line(accounts.CASH, -amount_cents, payer_id=payer_id),
    )
    return Entry(key, EntryKind.PROVIDER_ADJUSTMENT, on, lines, memo)


def reversal(key: str, on: date, original: PostedEntry, memo: str = "") -> Entry:
    """A new entry whose lines mirror `original`'s (same accounts and dimensions, opposite signs)."""
    if original.kind is EntryKind.REVERSAL:
        raise RevcycleError(
            ErrorCode.CONFLICT, f"entry {original.id} is a reversal; post the entry again instead"
        )
    lines = tuple(line.mirrored() for line in original.lines)
    return Entry(key, EntryKind.REVERSAL, on, lines, memo or f"reverses entry {original.id}", original.id)
