"""The chart of accounts: what kinds of account exist and how one is named.

Signs: a line's `amount_cents` is positive for a debit and negative for a credit. An account's
balance is the sum of its lines, so asset and expense accounts (AR, cash, adjustments) carry
positive balances and revenue-like accounts (revenue, interest income, unapplied cash, refunds
paid out) carry negative ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError


class AccountKind(StrEnum):
    PATIENT_AR = "patient_ar"  # what a patient (their guarantor) owes; one account per patient
    INSURANCE_AR = "insurance_ar"  # what a payer owes; one account per payer
    REVENUE = "revenue"  # gross charges
    CONTRACTUAL_ADJUSTMENT = "contractual_adjustment"  # contra-revenue: charge above the allowed amount
    WRITE_OFF = "write_off"  # balances the practice gives up (bad debt, small balance, courtesy)
    CASH = "cash"  # money received (payers' checks and EFTs, patients' payments)
    REFUNDS = "refunds"  # money paid back out (credit = a refund issued); bank = cash + refunds
    UNAPPLIED_CASH = "unapplied_cash"  # money received but not yet applied to a charge; per patient
    INTEREST_INCOME = "interest_income"  # prompt-pay interest paid by payers (835 claim interest)
    PROVIDER_ADJUSTMENT = (
        "provider_adjustment"  # provider-level adjustments of a remittance (835 PLB); per payer
    )


_PER_PATIENT = frozenset({AccountKind.PATIENT_AR, AccountKind.UNAPPLIED_CASH})
_PER_PAYER = frozenset({AccountKind.INSURANCE_AR, AccountKind.PROVIDER_ADJUSTMENT})
RECEIVABLE_KINDS = frozenset({AccountKind.PATIENT_AR, AccountKind.INSURANCE_AR, AccountKind.UNAPPLIED_CASH})


@dataclass(frozen=True, slots=True, order=True)
class AccountRef:
    """One account: its kind, plus the patient or payer it belongs to for per-party kinds."""

    kind: AccountKind
    patient_id: int | None = None
    payer_id: int | None = None

    def __post_init__(self) -> None:
        kind = AccountKind(self.kind)
        object.__setattr__(self, "kind", kind)
        needs_patient = kind in _PER_PATIENT
        needs_payer = kind in _PER_PAYER
        if needs_patient != (self.patient_id is not None) or needs_payer != (self.payer_id is not None):
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"account {kind.value} takes {'a patient id' if needs_patient else 'a payer id' if needs_payer else 'no owner'}",
            )

    @property
    def code(self) -> str:
        """A stable, unique name: `revenue`, `patient_ar:patient=12`, `insurance_ar:payer=3`."""
        if self.patient_id is not None:
            return f"{self.kind.value}:patient={self.patient_id}"
        if self.payer_id is not None:
            return f"{self.kind.value}:payer={self.payer_id}"
        return self.kind.value

    @classmethod
    def from_code(cls, code: str) -> AccountRef:
        kind, _, owner = code.partition(":")
        if not owner:
            return cls(AccountKind(kind))
        field, _, value = owner.partition("=")
        return cls(AccountKind(kind), **{f"{field}_id": int(value)})


def patient_ar(patient_id: int) -> AccountRef:
    return AccountRef(AccountKind.PATIENT_AR, patient_id=patient_id)


def insurance_ar(payer_id: int) -> AccountRef:
    return AccountRef(AccountKind.INSURANCE_AR, payer_id=payer_id)


def unapplied_cash(patient_id: int) -> AccountRef:
    return AccountRef(AccountKind.UNAPPLIED_CASH, patient_id=patient_id)


def provider_adjustment(payer_id: int) -> AccountRef:
    return AccountRef(AccountKind.PROVIDER_ADJUSTMENT, payer_id=payer_id)


REVENUE = AccountRef(AccountKind.REVENUE)
CONTRACTUAL_ADJUSTMENT = AccountRef(AccountKind.CONTRACTUAL_ADJUSTMENT)
WRITE_OFF = AccountRef(AccountKind.WRITE_OFF)
CASH = AccountRef(AccountKind.CASH)
REFUNDS = AccountRef(AccountKind.REFUNDS)
INTEREST_INCOME = AccountRef(AccountKind.INTEREST_INCOME)
