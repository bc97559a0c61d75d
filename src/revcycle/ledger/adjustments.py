"""Adjustments a biller or a manager makes by hand: write-offs by kind, balance transfers, and how a patient's
payment is applied to open charges (oldest first, or to the charges chosen). Pure: the caller reads what is
owed and posts the entries built here.

Write-off kinds, each with its adjustment code, the CARC it answers where one does, who may use it and on
whose balance (`WRITE_OFF_RULES`):

| kind | code | CARC | permission (role) | from |
|---|---|---|---|---|
| small balance | SBW | | write_off_small_balance (biller), at most $10.00 | patient or payer |
| non-covered | NCW | 96 | write_off_non_covered (manager) | patient or payer |
| timely filing | TFW | 29 | write_off_timely_filing (manager) | payer only: never billed to the patient |
| bad debt | BDW | | write_off_bad_debt (manager) | patient only |
| courtesy | CRW | | write_off_courtesy (manager) | patient only |

Every write-off and transfer says why (a reason of 3..200 characters) in its memo, which the journal keeps
forever with who posted it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.ledger import postings
from revcycle.ledger.accounts import CASH, patient_ar, unapplied_cash
from revcycle.ledger.entries import Entry, EntryKind, Line
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import Permission, User

SMALL_BALANCE_LIMIT_CENTS = 1000


class WriteOffKind(StrEnum):
    SMALL_BALANCE = "small_balance"
    NON_COVERED = "non_covered"
    TIMELY_FILING = "timely_filing"
    BAD_DEBT = "bad_debt"
    COURTESY = "courtesy"


@dataclass(frozen=True, slots=True)
class WriteOffRule:
    label: str
    code: str  # the practice's adjustment code
    carc: str  # the CARC the write-off answers ("" when none)
    permission: Permission
    from_patient: bool
    from_payer: bool
    limit_cents: int | None = None


WRITE_OFF_RULES: dict[WriteOffKind, WriteOffRule] = {
    WriteOffKind.SMALL_BALANCE: WriteOffRule("small balance", "SBW", "", Permission.WRITE_OFF_SMALL_BALANCE,
                                             True, True, SMALL_BALANCE_LIMIT_CENTS),
    WriteOffKind.NON_COVERED: WriteOffRule("non-covered service", "NCW", "96", Permission.WRITE_OFF_NON_COVERED,
                                           True, True),
    WriteOffKind.TIMELY_FILING: WriteOffRule("timely filing", "TFW", "29", Permission.WRITE_OFF_TIMELY_FILING,
                                             False, True),
    WriteOffKind.BAD_DEBT: WriteOffRule("bad debt", "BDW", "", Permission.WRITE_OFF_BAD_DEBT, True, False),
    WriteOffKind.COURTESY: WriteOffRule("courtesy", "CRW", "", Permission.WRITE_OFF_COURTESY, True, False),
}  # fmt: skip


def parse_kind(text: str) -> WriteOffKind:
    cleaned = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return WriteOffKind(cleaned)
    except ValueError:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"write-off kind {text!r}: one of {', '.join(WriteOffKind)}"
        ) from None


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not 3 <= len(cleaned) <= 200:
        raise RevcycleError(ErrorCode.VALIDATION, "say why (a reason of 3..200 characters)")
    return cleaned


def _within(amount_cents: int, owed_cents: int, whose: str) -> None:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"the amount must be positive cents, got {amount_cents!r}"
        )
    if amount_cents > owed_cents:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"{Money(amount_cents)} is more than the {Money(max(owed_cents, 0))} {whose} owes")  # fmt: skip


def write_off_entry(user: User, kind: WriteOffKind, key: str, on: date, ref: ChargeRef, amount_cents: int,
                    owed_cents: int, payer_id: int | None, reason: str) -> Entry:  # fmt: skip
    """A write-off of `kind` on the patient's balance (`payer_id` None) or a payer's; refused when `user`
    lacks the kind's permission, the kind does not apply to that side, it exceeds what is owed or its limit."""
    rule = WRITE_OFF_RULES[kind]
    user.require(rule.permission)
    if payer_id is None and not rule.from_patient:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"a {rule.label} write-off clears a payer's balance, not the patient's"
        )
    if payer_id is not None and not rule.from_payer:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"a {rule.label} write-off clears the patient's balance, not a payer's"
        )
    _within(amount_cents, owed_cents, "the patient" if payer_id is None else "the payer")
    if rule.limit_cents is not None and amount_cents > rule.limit_cents:
        raise RevcycleError(ErrorCode.VALIDATION, f"a {rule.label} write-off is at most {Money(rule.limit_cents)}; "
                            "a larger balance is a manager's bad debt or courtesy write-off")  # fmt: skip
    carc = f" CARC {rule.carc}" if rule.carc else ""
    memo = f"{rule.label} write-off [{rule.code}{carc}]: {_reason(reason)}"
    return postings.write_off(key, on, ref, amount_cents, payer_id, memo)


def transfer_entry(key: str, on: date, ref: ChargeRef, amount_cents: int, owed_cents: int,
                   from_payer_id: int, to_payer_id: int | None, reason: str, to_name: str) -> Entry:  # fmt: skip
    """Move what a payer owes to the patient (`to_payer_id` None) or to the next payer, saying why."""
    _within(amount_cents, owed_cents, "the payer")
    memo = f"balance to {to_name}: {_reason(reason)}"
    return postings.transfer(key, on, ref, amount_cents, from_payer_id, to_payer_id, memo)


# --- patient payments: where the money goes ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OpenCharge:
    """What the patient owes on one claim (or service line), with the date it was incurred."""

    incurred_on: date
    ref: ChargeRef
    owed_cents: int
    label: str = ""  # for people: "C12 line 2 (99214)"


def apply_oldest_first(
    amount_cents: int, charges: list[OpenCharge]
) -> tuple[list[tuple[OpenCharge, int]], int]:
    """The payment settles the oldest charges first (by date, then claim, then line); the rest is unapplied."""
    left, applied = amount_cents, []
    ordered = sorted(charges, key=lambda c: (c.incurred_on, c.ref.claim_id or 0, c.ref.service_line_id or 0))
    for charge in ordered:
        if left <= 0:
            break
        if (cents := min(left, charge.owed_cents)) > 0:
            applied.append((charge, cents))
            left -= cents
    return applied, left


def apply_chosen(
    amount_cents: int, chosen: list[tuple[OpenCharge, int]]
) -> tuple[list[tuple[OpenCharge, int]], int]:
    """The payment goes to the charges and amounts chosen; each at most what is owed, together at most the payment."""
    for charge, cents in chosen:
        if cents <= 0 or cents > charge.owed_cents:
            raise RevcycleError(ErrorCode.VALIDATION, f"{charge.label or 'a charge'}: apply between $0.01 and "
                                f"{Money(charge.owed_cents)}, not {Money(cents)}")  # fmt: skip
    total = sum(cents for _charge, cents in chosen)
    if total > amount_cents:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{Money(total)} applied is more than the {Money(amount_cents)} paid"
        )
    return list(chosen), amount_cents - total


def patient_payment_entry(key: str, on: date, patient_id: int, applied: list[tuple[OpenCharge, int]],
                          unapplied_cents: int, memo: str) -> Entry:  # fmt: skip
    """Dr cash the whole payment; Cr the patient's AR on each charge applied; Cr unapplied cash for the rest."""
    total = sum(cents for _charge, cents in applied) + unapplied_cents
    if total <= 0:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, "a patient payment must be positive")
    lines = [Line(CASH, total, patient_id)]
    lines += [Line(patient_ar(patient_id), -cents, patient_id, None, charge.ref.claim_id, charge.ref.service_line_id)
              for charge, cents in applied]  # fmt: skip
    if unapplied_cents:
        lines.append(Line(unapplied_cash(patient_id), -unapplied_cents, patient_id))
    return Entry(key, EntryKind.PATIENT_PAYMENT, on, tuple(lines), memo)


def apply_credit_entry(key: str, on: date, patient_id: int, applied: list[tuple[OpenCharge, int]]) -> Entry:
    """Dr unapplied cash what is applied; Cr the patient's AR on each charge it pays (a credit taken at check-in,
    an overpayment, used when the charges it pays are known)."""
    total = sum(cents for _charge, cents in applied)
    if total <= 0:
        raise RevcycleError(ErrorCode.VALIDATION, "nothing the patient owes to apply the credit to")
    lines = [Line(unapplied_cash(patient_id), total, patient_id)]
    lines += [Line(patient_ar(patient_id), -cents, patient_id, None, charge.ref.claim_id, charge.ref.service_line_id)
              for charge, cents in applied]  # fmt: skip
    return Entry(key, EntryKind.APPLY_UNAPPLIED, on, tuple(lines), "credit applied")
