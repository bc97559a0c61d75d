"""Journal entries and their lines: every entry's lines sum to zero.

An `Entry` is what a posting function builds (not yet in a journal); a `PostedEntry` is an entry
a journal accepted, with the id the journal gave it. Entries are immutable; a mistake is undone
by a reversal, a new entry whose lines mirror the original's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.accounts import AccountRef

MAX_KEY_LENGTH = 200


class EntryKind(StrEnum):
    CHARGE = "charge"
    INSURANCE_PAYMENT = "insurance_payment"
    CONTRACTUAL_ADJUSTMENT = "contractual_adjustment"
    TRANSFER = "transfer"
    PATIENT_PAYMENT = "patient_payment"
    APPLY_UNAPPLIED = "apply_unapplied"
    REFUND = "refund"
    WRITE_OFF = "write_off"
    INTEREST = "interest"
    PROVIDER_ADJUSTMENT = "provider_adjustment"
    REVERSAL = "reversal"


@dataclass(frozen=True, slots=True)
class Line:
    """One side of an entry: + debit / - credit, with the dimensions it concerns."""

    account: AccountRef
    amount_cents: int
    patient_id: int | None = None
    payer_id: int | None = None
    claim_id: int | None = None
    service_line_id: int | None = None

    def __post_init__(self) -> None:
        if (
            isinstance(self.amount_cents, bool)
            or not isinstance(self.amount_cents, int)
            or self.amount_cents == 0
        ):
            raise RevcycleError(
                ErrorCode.INVALID_AMOUNT,
                f"a journal line needs non-zero integer cents, got {self.amount_cents!r}",
            )

    def mirrored(self) -> Line:
        return Line(
            self.account,
            -self.amount_cents,
            self.patient_id,
            self.payer_id,
            self.claim_id,
            self.service_line_id,
        )

    def as_tuple(self) -> tuple[str, int, int | None, int | None, int | None, int | None]:
        return (
            self.account.code,
            self.amount_cents,
            self.patient_id,
            self.payer_id,
            self.claim_id,
            self.service_line_id,
        )


@dataclass(frozen=True, slots=True)
class Entry:
    idempotency_key: str
    kind: EntryKind
    effective_date: date
    lines: tuple[Line, ...]
    memo: str = ""
    reverses_entry_id: int | None = None

    def __post_init__(self) -> None:
        key = self.idempotency_key
        if not key or not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise RevcycleError(ErrorCode.VALIDATION, f"an idempotency key is 1..{MAX_KEY_LENGTH} characters")
        if len(self.lines) < 2:
            raise RevcycleError(ErrorCode.UNBALANCED_ENTRY, "an entry needs at least two lines")
        total = sum(line.amount_cents for line in self.lines)
        if total != 0:
            raise RevcycleError(ErrorCode.UNBALANCED_ENTRY, f"entry {key!r} is off by {total} cents")
        if (self.kind is EntryKind.REVERSAL) != (self.reverses_entry_id is not None):
            raise RevcycleError(
                ErrorCode.VALIDATION, "a reversal, and only a reversal, names the entry it reverses"
            )

    def fingerprint(self) -> str:
        """A digest of everything but the key: the same key with another fingerprint is a conflict."""
        content = {
            "kind": self.kind.value,
            "effective_date": self.effective_date.isoformat(),
            "memo": self.memo,
            "reverses": self.reverses_entry_id,
            "lines": [line.as_tuple() for line in self.lines],
        }
        return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PostedEntry:
    """An entry as a journal holds it: the id it was given, when and by whom it was posted."""

    id: int
    entry: Entry
    posted_at: datetime | None = None
    posted_by_user_id: int | None = None

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.entry.lines

    @property
    def kind(self) -> EntryKind:
        return self.entry.kind

    @property
    def idempotency_key(self) -> str:
        return self.entry.idempotency_key


def ensure_same_content(existing: Entry, requested: Entry) -> None:
    """Replaying a key is allowed only with the same content (`IDEMPOTENCY_CONFLICT` otherwise)."""
    if existing.fingerprint() != requested.fingerprint():
        raise RevcycleError(
            ErrorCode.IDEMPOTENCY_CONFLICT,
            f"idempotency key {requested.idempotency_key!r} was already used for a different {existing.kind.value} entry",
        )


def ensure_reversible(original: PostedEntry, existing_reversal_id: int | None) -> None:
    """An entry is reversed at most once, and a reversal is not itself reversed (post again instead)."""
    if original.kind is EntryKind.REVERSAL:
        raise RevcycleError(
            ErrorCode.CONFLICT, f"entry {original.id} is a reversal; post the entry again instead"
        )
    if existing_reversal_id is not None:
        raise RevcycleError(
            ErrorCode.CONFLICT, f"entry {original.id} is already reversed by entry {existing_reversal_id}"
        )


def ensure_mirrors(original: PostedEntry, reversal: Entry) -> None:
    """A reversal's lines are exactly the original's with opposite signs, in the same order."""
    if reversal.lines != tuple(line.mirrored() for line in original.lines):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"a reversal of entry {original.id} must mirror its lines exactly"
        )
