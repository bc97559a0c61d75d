"""A biller's and a manager's hand postings, each one transaction, one immutable journal entry, audited:

    write_off(uow, user, key, "small_balance", patient_id, claim_id, cents, reason, payer_id=None)
    transfer_balance(uow, user, key, patient_id, claim_id, cents, from_payer_id, reason, to_payer_id=None)
    take_patient_payment(uow, user, key, patient_id, cents, method="card", reference="4242", apply="oldest")
    refund(uow, user, key, patient_id, cents, reason, claim_id=None)   # None: from the unapplied credit
    open_charges(uow, user, patient_id)                                 # what the patient owes, per line

The rules (kinds, permissions, limits, allocation) are `ledger.adjustments`; this module reads what is owed,
posts, records the receipt and writes the audit row. Every key is the caller's idempotency key: the same key
again returns the first entry and writes nothing; amounts are never more than what is owed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.ledger import postings
from revcycle.ledger.accounts import AccountKind
from revcycle.ledger.adjustments import (
    OpenCharge,
    apply_chosen,
    apply_credit_entry,
    apply_oldest_first,
    parse_kind,
    patient_payment_entry,
    transfer_entry,
    write_off_entry,
)
from revcycle.ledger.entries import PostedEntry
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.ledger import _post
from revcycle.services.patients import require_patient
from revcycle.store.uow import UnitOfWork

RECEIPT_METHODS = ("cash", "check", "card")


@dataclass(frozen=True, slots=True)
class ClaimParties:
    """A claim found by its number: its row, the patient it bills for and the payer it was sent to."""

    claim_id: int
    patient_id: int
    payer_id: int | None
    service_line_id: int | None = None  # the line named by its number on the claim; None: the claim as a whole


def claim_parties(uow: UnitOfWork, user: User, claim_number: str, line: int | None = None) -> ClaimParties:
    """The claim with this number (what billers and screens use instead of row ids) and, when `line` is given,
    the service line of that claim line, so a posting lands on the line that owes it."""
    with uow:
        user.require(Permission.READ_LEDGER)
        claim_id = uow.claims.ids_by_number([claim_number.strip()]).get(claim_number.strip())
        if claim_id is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no claim {claim_number.strip()!r}")
        patient_id, payer_id = uow.claims.ids_of(claim_id)
        if line is None:
            return ClaimParties(claim_id, patient_id, payer_id)
        claim = uow.claims.get(claim_id)
        found = next((item.service_line_id for item in claim.lines if item.line_number == line), None)
        if found is None:
            raise RevcycleError(ErrorCode.VALIDATION, f"claim {claim.claim_id} has no line {line}")
        return ClaimParties(claim_id, patient_id, payer_id, found)


def payer_id_of(uow: UnitOfWork, user: User, payer_code: str) -> int:
    """The payer with this payer id (e.g. 87726)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        payer_id = uow.remittances.payer_id_by_code(payer_code.strip())
        if payer_id is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no payer with payer id {payer_code.strip()!r}")
        return payer_id


def _owed(uow: UnitOfWork, patient_id: int, claim_id: int, account: AccountKind, payer_id: int | None,
          service_line_id: int | None = None) -> int:  # fmt: skip
    """What the patient (`payer_id` None) or the payer owes on the claim (or one of its lines), from the journal."""
    balance = uow.journal.receivable(patient_id=patient_id, claim_id=claim_id, payer_id=payer_id,
                                     service_line_id=service_line_id)  # fmt: skip
    return balance.patient_cents if account is AccountKind.PATIENT_AR else balance.insurance_cents


def _require_claim(uow: UnitOfWork, patient_id: int, claim_id: int) -> None:
    if uow.claims.owners([claim_id]).get(claim_id, (None, None))[0] != patient_id:
        raise RevcycleError(ErrorCode.VALIDATION, f"claim {claim_id} is not this patient's")


def _replayed(uow: UnitOfWork, key: str) -> PostedEntry | None:
    return uow.journal.get_by_key(key)


def write_off(uow: UnitOfWork, user: User, key: str, kind: str, patient_id: int, claim_id: int, amount_cents: int,
              reason: str, payer_id: int | None = None, on: date | None = None,
              service_line_id: int | None = None) -> PostedEntry:  # fmt: skip
    """Write off part of the patient's (or, with `payer_id`, that payer's) balance on a claim, or on one of its
    lines (`service_line_id`, as the claim page shows balances)."""
    with uow:
        if (posted := _replayed(uow, key)) is not None:
            return posted
        require_patient(uow, patient_id)
        _require_claim(uow, patient_id, claim_id)
        side = AccountKind.PATIENT_AR if payer_id is None else AccountKind.INSURANCE_AR
        owed = _owed(uow, patient_id, claim_id, side, payer_id, service_line_id)
        ref = ChargeRef(patient_id, claim_id, service_line_id)
        entry = write_off_entry(user, parse_kind(kind), key, on or uow.clock.today(), ref, amount_cents, owed,
                                payer_id, reason)  # fmt: skip
        return _post(uow, user, entry)


def transfer_balance(uow: UnitOfWork, user: User, key: str, patient_id: int, claim_id: int, amount_cents: int,
                     from_payer_id: int, reason: str, to_payer_id: int | None = None,
                     on: date | None = None, service_line_id: int | None = None) -> PostedEntry:  # fmt: skip
    """Move what `from_payer_id` owes on the claim (or one of its lines) to the patient (`to_payer_id` None) or
    to the next payer."""
    with uow:
        if (posted := _replayed(uow, key)) is not None:
            return posted
        require_patient(uow, patient_id)
        _require_claim(uow, patient_id, claim_id)
        owed = _owed(uow, patient_id, claim_id, AccountKind.INSURANCE_AR, from_payer_id, service_line_id)
        to_name = "the patient" if to_payer_id is None else uow.practice.payer(to_payer_id).name
        ref = ChargeRef(patient_id, claim_id, service_line_id)
        entry = transfer_entry(key, on or uow.clock.today(), ref, amount_cents, owed, from_payer_id, to_payer_id,
                               reason, to_name)  # fmt: skip
        return _post(uow, user, entry)


def open_charges(uow: UnitOfWork, user: User, patient_id: int) -> list[OpenCharge]:
    """What the patient owes, per claim and service line, oldest first (an audited read)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        require_patient(uow, patient_id)
        owed: dict[tuple[int | None, int | None], int] = defaultdict(int)
        first: dict[tuple[int | None, int | None], date] = {}
        for posted in uow.journal.entries(patient_id=patient_id):
            for line in posted.lines:
                if line.account.kind is AccountKind.PATIENT_AR and line.claim_id is not None:
                    where = (line.claim_id, line.service_line_id)
                    owed[where] += line.amount_cents
                    first[where] = min(
                        first.get(where, posted.entry.effective_date), posted.entry.effective_date
                    )
        numbers = uow.posting.claim_numbers([claim_id for claim_id, _line in owed if claim_id is not None])
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "open charges")
        charges = [OpenCharge(first[where], ChargeRef(patient_id, where[0], where[1]), cents,
                              numbers.get(where[0], "") + (f" line {where[1]}" if where[1] else ""))
                   for where, cents in owed.items() if cents > 0]  # fmt: skip
        return sorted(charges, key=lambda c: (c.incurred_on, c.ref.claim_id or 0, c.ref.service_line_id or 0))


@dataclass(frozen=True, slots=True)
class OpenBalance:
    """What is owed on one claim line (or the claim, when posted without lines), by its payer and the patient."""

    claim_id: int
    claim_number: str
    service_line_id: int | None
    label: str  # "C2 line 2 · 99213 · 2026-03-02"
    payer_id: int | None
    insurance_cents: int
    patient_cents: int
    payer_name: str = ""


def open_balances(uow: UnitOfWork, user: User, patient_id: int) -> list[OpenBalance]:
    """Every claim line of the patient with money owed (by a payer or by the patient), claim by claim: what the
    account page's write-off and transfer forms choose from (an audited read). A line two payers owe on is
    listed once per payer."""
    with uow:
        user.require(Permission.READ_LEDGER)
        require_patient(uow, patient_id)
        insurance: dict[tuple[int, int | None, int], int] = defaultdict(int)
        patient: dict[tuple[int, int | None], int] = defaultdict(int)
        for posted in uow.journal.entries(patient_id=patient_id):
            for line in posted.lines:
                if line.claim_id is not None and line.account.kind is AccountKind.INSURANCE_AR:
                    insurance[(line.claim_id, line.service_line_id, line.account.payer_id)] += (
                        line.amount_cents
                    )  # type: ignore[index]
                elif line.claim_id is not None and line.account.kind is AccountKind.PATIENT_AR:
                    patient[(line.claim_id, line.service_line_id)] += line.amount_cents
        rows = {key: [cents, 0] for key, cents in insurance.items() if cents > 0}
        for (claim_id, line_id), cents in patient.items():
            if cents:
                owing = [key for key in rows if key[:2] == (claim_id, line_id)]
                rows.setdefault(owing[0] if owing else (claim_id, line_id, None), [0, 0])[1] = cents
        claims = {claim_id: uow.claims.get(claim_id) for claim_id in sorted({key[0] for key in rows})}
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "open balances")
        ordered = sorted(rows.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2] or 0))
        names = {
            payer_id: uow.practice.payer(payer_id).name for payer_id in {key[2] for key in rows} if payer_id
        }
        return [OpenBalance(claim_id, claims[claim_id].claim_id, line_id, _label(claims[claim_id], line_id), payer,
                            cents[0], cents[1], names.get(payer, "")) for (claim_id, line_id, payer), cents in ordered]  # fmt: skip


def _label(claim, service_line_id: int | None) -> str:  # noqa: ANN001 - a claims.Claim
    line = next(
        (
            line
            for line in claim.lines
            if service_line_id is not None and line.service_line_id == service_line_id
        ),
        None,
    )
    if line is None:
        return f"{claim.claim_id} (whole claim)"
    return (
        f"{claim.claim_id} line {line.line_number} · {line.procedure_code} · {line.service_date.isoformat()}"
    )


def take_patient_payment(uow: UnitOfWork, user: User, key: str, patient_id: int, amount_cents: int, method: str,
                         reference: str = "", apply: str = "oldest", chosen: dict[int, int] | None = None,
                         on: date | None = None) -> PostedEntry:  # fmt: skip
    """A patient's payment by cash, check (its number) or card (its reference), applied to the oldest charges
    (`apply="oldest"`), to the claims `chosen` ({claim id: cents}, `apply="chosen"`), toward the claims in
    `chosen` as far as they are owed (`apply="claim"`), or kept whole as an unapplied credit (`apply="credit"`);
    what is not applied stays a credit."""
    with uow:
        user.require(Permission.POST_LEDGER)
        if (posted := _replayed(uow, key)) is not None:
            return posted
        _check_receipt(method, reference)
        for claim_id in chosen or {}:
            _require_claim(uow, patient_id, claim_id)
        charges = open_charges(uow, user, patient_id)
        applied, unapplied = _allocate(amount_cents, charges, apply, chosen or {})
        when = on or uow.clock.today()
        memo = f"{method}{' ' + reference if reference else ''}"
        posted = _post(uow, user, patient_payment_entry(key, when, patient_id, applied, unapplied, memo))
        uow.posting.add_receipt(posted.id, patient_id, method, reference, amount_cents, when)
        return posted



def apply_credit(uow: UnitOfWork, user: User, key: str, patient_id: int, apply: str = "oldest",
                 chosen: dict[int, int] | None = None, on: date | None = None) -> PostedEntry:  # fmt: skip
    """Apply the patient's unapplied credit (a copay taken at check-in, an overpayment) to what they owe: the
    oldest charges first (`apply="oldest"`), toward the claims in `chosen` (`"claim"`), or the cents `chosen`
    per claim (`"chosen"`); what is not needed stays a credit. One journal entry; the key makes it once."""
    with uow:
        user.require(Permission.POST_LEDGER)
        if (posted := _replayed(uow, key)) is not None:
            return posted
        require_patient(uow, patient_id)
        if apply == "credit":
            raise RevcycleError(ErrorCode.VALIDATION, "apply 'credit': oldest, claim or chosen")
        for claim_id in chosen or {}:
            _require_claim(uow, patient_id, claim_id)
        credit = -uow.journal.receivable(patient_id=patient_id).unapplied_cents
        if credit <= 0:
            raise RevcycleError(ErrorCode.VALIDATION, f"patient {patient_id} has no unapplied credit")
        wanted = sum((chosen or {}).values()) if apply == "chosen" else credit
        if wanted > credit:
            raise RevcycleError(ErrorCode.VALIDATION, f"{Money(wanted)} is more than the {Money(credit)} credit")
        applied, _rest = _allocate(wanted, open_charges(uow, user, patient_id), apply, chosen or {})
        return _post(uow, user, apply_credit_entry(key, on or uow.clock.today(), patient_id, applied))


def _check_receipt(method: str, reference: str) -> None:
    if method not in RECEIPT_METHODS:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"payment method {method!r}: one of {', '.join(RECEIPT_METHODS)}"
        )
    if method in {"check", "card"} and not reference.strip():
        what = "the check number" if method == "check" else "the card authorization or last four digits"
        raise RevcycleError(ErrorCode.VALIDATION, f"a {method} payment needs {what}")
    if len(reference) > 80:
        raise RevcycleError(ErrorCode.VALIDATION, "a payment reference is at most 80 characters")


def _allocate(amount_cents: int, charges: list[OpenCharge], apply: str,
              chosen: dict[int, int]) -> tuple[list[tuple[OpenCharge, int]], int]:  # fmt: skip
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"a payment must be positive cents, got {amount_cents!r}"
        )
    if apply == "oldest":
        return apply_oldest_first(amount_cents, charges)
    if apply == "credit":
        return [], amount_cents
    if apply == "claim":  # toward the claims named: what is owed on them, oldest first; the rest a credit
        return apply_oldest_first(
            amount_cents, [charge for charge in charges if charge.ref.claim_id in chosen]
        )
    if apply != "chosen":
        raise RevcycleError(ErrorCode.VALIDATION, f"apply {apply!r}: oldest, claim, chosen or credit")
    picks = []
    for claim_id, cents in chosen.items():
        lines = [charge for charge in charges if charge.ref.claim_id == claim_id]
        if not lines:
            raise RevcycleError(ErrorCode.VALIDATION, f"claim {claim_id}: the patient owes nothing on it")
        picks += apply_oldest_first(cents, lines)[0]
        if cents > sum(charge.owed_cents for charge in lines):
            raise RevcycleError(ErrorCode.VALIDATION, f"{lines[0].label.split(' line')[0]}: {Money(cents)} is more "
                                f"than the {Money(sum(c.owed_cents for c in lines))} owed")  # fmt: skip
    return apply_chosen(amount_cents, picks)


def refund(uow: UnitOfWork, user: User, key: str, patient_id: int, amount_cents: int, reason: str,
           claim_id: int | None = None, on: date | None = None) -> PostedEntry:  # fmt: skip
    """Pay a patient back: from the unapplied credit (no claim), or an overpayment on a claim (its patient
    balance below zero). A manager's act (`adjust_ledger`); never more than the credit held."""
    with uow:
        user.require(Permission.ADJUST_LEDGER)
        if (posted := _replayed(uow, key)) is not None:
            return posted
        require_patient(uow, patient_id)
        if claim_id is None:
            credit = -uow.journal.receivable(patient_id=patient_id).unapplied_cents
        else:
            _require_claim(uow, patient_id, claim_id)
            credit = -_owed(uow, patient_id, claim_id, AccountKind.PATIENT_AR, None)
        if amount_cents > credit:
            where = "unapplied credit" if claim_id is None else "overpayment on the claim"
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"{Money(amount_cents)} is more than the {Money(max(credit, 0))} {where}",
            )
        cleaned = " ".join(reason.split())
        if not 3 <= len(cleaned) <= 200:
            raise RevcycleError(ErrorCode.VALIDATION, "say why (a reason of 3..200 characters)")
        entry = postings.refund(key, on or uow.clock.today(), ChargeRef(patient_id, claim_id), amount_cents,
                                from_unapplied=claim_id is None, memo=f"refund: {cleaned}")  # fmt: skip
        return _post(uow, user, entry, Permission.ADJUST_LEDGER)
