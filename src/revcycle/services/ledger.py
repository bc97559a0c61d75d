"""Ledger use cases: one function per posting, each one transaction that writes the audit log.

Every posting takes an idempotency key. Posting the same key again with the same content returns
the first `PostedEntry` and writes nothing (no journal row, no audit row); the same key with
other content raises `IDEMPOTENCY_CONFLICT`. `on` is the entry's effective date (default: the
clock's today). Amounts are positive integer cents.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding
from revcycle.ledger import postings
from revcycle.ledger.balances import Receivable
from revcycle.ledger.entries import Entry, PostedEntry
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.patients import require_patient
from revcycle.store.uow import UnitOfWork


def _post(
    uow: UnitOfWork, user: User, entry: Entry, permission: Permission = Permission.POST_LEDGER
) -> PostedEntry:
    """Check who may post, that every patient and payer named exists and every claim and service line named is
    the line's patient's, then post and audit (not on replay)."""
    with uow:
        user.require(permission)
        for patient_id in sorted({line.patient_id for line in entry.lines if line.patient_id is not None}):
            require_patient(uow, patient_id)
        for payer_id in sorted({line.payer_id for line in entry.lines if line.payer_id is not None}):
            uow.practice.payer(payer_id)
        require_own_references(uow, entry)
        posted, created = uow.journal.record(entry, uow.clock.now(), user.id)
        if created:
            patients = ",".join(sorted({str(line.patient_id) for line in entry.lines if line.patient_id}))
            detail = f"{entry.kind.value} patient={patients or '-'}"
            audit.record(uow, user, audit.Action.CREATE, "journal_entry", posted.id, detail)
        return posted


def require_own_references(uow: UnitOfWork, entry: Entry) -> None:
    """VALIDATION unless each claim and service line a line names exists and is that line's patient's (or a
    duplicate's merged into that patient): a payment toward another patient's claim, or toward a claim that
    does not exist, is refused before anything is written."""
    claims = uow.claims.owners({line.claim_id for line in entry.lines if line.claim_id is not None})
    lines = uow.encounters.line_owners({line.service_line_id for line in entry.lines if line.service_line_id})
    for line in entry.lines:
        if line.claim_id is not None:
            owner = claims[line.claim_id][0] if line.claim_id in claims else None
            _require_owned(uow, f"claim {line.claim_id}", owner, line.patient_id)
        if line.service_line_id is not None:
            _require_owned(uow, f"service line {line.service_line_id}", lines.get(line.service_line_id), line.patient_id)


def _require_owned(uow: UnitOfWork, what: str, owner: int | None, patient_id: int | None) -> None:
    if owner is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"{what} does not exist")
    if patient_id is not None and owner != patient_id and owner not in uow.patients.merged_into(patient_id):
        raise RevcycleError(ErrorCode.VALIDATION, f"{what} is not patient {patient_id}'s")


def _on(uow: UnitOfWork, on: date | None) -> date:
    return on if on is not None else uow.clock.today()


def post_charge(
    uow: UnitOfWork,
    user: User,
    key: str,
    ref: ChargeRef,
    amount_cents: int,
    payer_id: int | None = None,
    on: date | None = None,
) -> PostedEntry:
    """Bill a charge to `payer_id` (insurance AR) or, with no payer, to the patient (self-pay)."""
    return _post(uow, user, postings.charge(key, _on(uow, on), ref, amount_cents, payer_id))


def post_encounter_charges(
    uow: UnitOfWork, user: User, encounter_id: int, on: date | None = None
) -> list[PostedEntry]:
    """One charge per service line of a self-pay encounter, billed to the patient.

    Keys are `encounter:<id>:line:<n>`, so posting an encounter twice charges it once. An insured
    encounter is charged when its claim is built (`services.claims.post_claim_charges`, keys
    `claim:...`): charging it here too would bill the visit twice, so it is refused."""
    with uow:
        encounter = uow.encounters.get(encounter_id)
        if encounter.coverage_id is not None:
            raise RevcycleError(
                ErrorCode.CONFLICT,
                f"encounter {encounter_id} is billed to insurance: its charges post when its claim is built",
            )
        when = on if on is not None else encounter.date_of_service
        return [
            post_charge(
                uow,
                user,
                f"encounter:{encounter_id}:line:{line.line_number}",
                ChargeRef(encounter.patient_id, service_line_id=line.id),
                line.charge_cents,
                None,
                when,
            )  # fmt: skip
            for line in encounter.lines
        ]


def _payer_posting(rule: Callable[[str, date, ChargeRef, int, int], Entry]) -> Callable[..., PostedEntry]:
    """The use case of a posting rule taking (key, on, ref, payer_id, amount_cents): its entry, posted."""

    def use_case(uow: UnitOfWork, user: User, key: str, ref: ChargeRef, payer_id: int, amount_cents: int,
                 on: date | None = None) -> PostedEntry:  # fmt: skip
        return _post(uow, user, rule(key, _on(uow, on), ref, payer_id, amount_cents))

    use_case.__doc__ = rule.__doc__
    return use_case


# One payer's money on a charge: (uow, user, key, ref, payer_id, amount_cents, on=None) each.
post_insurance_payment = _payer_posting(postings.insurance_payment)
post_contractual_adjustment = _payer_posting(postings.contractual_adjustment)
post_interest = _payer_posting(postings.interest)
transfer_to_patient = _payer_posting(postings.transfer_to_patient)  # payer_id: the payer it moves from


def transfer_to_payer(
    uow: UnitOfWork,
    user: User,
    key: str,
    ref: ChargeRef,
    from_payer_id: int,
    to_payer_id: int,
    amount_cents: int,
    on: date | None = None,
) -> PostedEntry:
    entry = postings.transfer_to_payer(key, _on(uow, on), ref, from_payer_id, to_payer_id, amount_cents)
    return _post(uow, user, entry)


def post_patient_payment(
    uow: UnitOfWork,
    user: User,
    key: str,
    ref: ChargeRef,
    amount_cents: int,
    unapplied_cents: int = 0,
    on: date | None = None,
) -> PostedEntry:
    return _post(uow, user, postings.patient_payment(key, _on(uow, on), ref, amount_cents, unapplied_cents))


def receive_patient_payment(
    uow: UnitOfWork,
    user: User,
    key: str,
    patient_id: int,
    amount_cents: int,
    claim_id: int | None = None,
    on: date | None = None,
) -> PostedEntry:
    """A payment the patient hands over (e.g. at the front desk), toward `claim_id` (which must be the
    patient's) or the account: what the patient owes is paid, the rest kept as unapplied credit.

    Idempotent by `key`: a payment already posted under it is returned as posted (its credit split was
    decided then), without checking or writing anything. Reads the patient's balance (audited)."""
    with uow:
        user.require(Permission.POST_LEDGER)
        if (posted := uow.journal.get_by_key(key)) is not None:
            return posted
        if claim_id is not None and uow.claims.owners([claim_id]).get(claim_id, (None, None))[0] != patient_id:
            raise RevcycleError(ErrorCode.VALIDATION, f"claim {claim_id} is not this patient's")
        owed = patient_balance(uow, user, patient_id).patient_cents
        credit = amount_cents - max(0, min(amount_cents, owed))
        ref = ChargeRef(patient_id, claim_id=claim_id)
        return post_patient_payment(uow, user, key, ref, amount_cents, credit, on)


def apply_unapplied(
    uow: UnitOfWork, user: User, key: str, ref: ChargeRef, amount_cents: int, on: date | None = None
) -> PostedEntry:
    return _post(uow, user, postings.apply_unapplied(key, _on(uow, on), ref, amount_cents))


def post_provider_adjustment(
    uow: UnitOfWork,
    user: User,
    key: str,
    payer_id: int,
    amount_cents: int,
    memo: str = "",
    on: date | None = None,
) -> PostedEntry:
    return _post(
        uow, user, postings.provider_level_adjustment(key, _on(uow, on), payer_id, amount_cents, memo)
    )


def post_refund(
    uow: UnitOfWork,
    user: User,
    key: str,
    ref: ChargeRef,
    amount_cents: int,
    payer_id: int | None = None,
    from_unapplied: bool = False,
    on: date | None = None,
) -> PostedEntry:
    """Money paid back out; a manager's (or admin's) act."""
    entry = postings.refund(key, _on(uow, on), ref, amount_cents, payer_id, from_unapplied)
    return _post(uow, user, entry, Permission.ADJUST_LEDGER)


def post_write_off(
    uow: UnitOfWork,
    user: User,
    key: str,
    ref: ChargeRef,
    amount_cents: int,
    payer_id: int | None = None,
    memo: str = "",
    on: date | None = None,
) -> PostedEntry:
    """Give up a balance; a manager's (or admin's) act."""
    entry = postings.write_off(key, _on(uow, on), ref, amount_cents, payer_id, memo)
    return _post(uow, user, entry, Permission.ADJUST_LEDGER)


def reverse_entry(
    uow: UnitOfWork, user: User, key: str, entry_id: int, memo: str = "", on: date | None = None
) -> PostedEntry:
    """Undo an entry with a new, mirroring entry (never an edit); a manager's (or admin's) act."""
    with uow:
        if (
            replayed := uow.journal.get_by_key(key)
        ) is not None and replayed.entry.reverses_entry_id == entry_id:
            return _post(uow, user, replayed.entry, Permission.ADJUST_LEDGER)
        original = uow.journal.get(entry_id)
        return _post(
            uow, user, postings.reversal(key, _on(uow, on), original, memo), Permission.ADJUST_LEDGER
        )


# --- reads ---------------------------------------------------------------------------------
def patient_balance(uow: UnitOfWork, user: User, patient_id: int) -> Receivable:
    """What is owed on a patient's account, by insurance and by the patient (an audited read)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        require_patient(uow, patient_id)
        balance = uow.journal.receivable(patient_id=patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "ledger balance")
        return balance


def patient_journal(uow: UnitOfWork, user: User, patient_id: int) -> list[PostedEntry]:
    """Every entry touching a patient, oldest first (an audited read)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        require_patient(uow, patient_id)
        entries = uow.journal.entries(patient_id=patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "ledger entries")
        return entries


def claim_balance(uow: UnitOfWork, user: User, claim_id: int) -> Receivable:
    with uow:
        user.require(Permission.READ_LEDGER)
        return uow.journal.receivable(claim_id=claim_id)


def service_line_balance(uow: UnitOfWork, user: User, service_line_id: int) -> Receivable:
    with uow:
        user.require(Permission.READ_LEDGER)
        return uow.journal.receivable(service_line_id=service_line_id)


def payer_balance(uow: UnitOfWork, user: User, payer_id: int) -> Receivable:
    with uow:
        user.require(Permission.READ_LEDGER)
        uow.practice.payer(payer_id)
        return uow.journal.receivable(payer_id=payer_id)


def trial_balance(uow: UnitOfWork, user: User) -> dict[str, int]:
    """Balance per account, summed from the journal lines; the values sum to zero."""
    with uow:
        user.require(Permission.READ_LEDGER)
        return uow.journal.trial_balance()


def verify_ledger(uow: UnitOfWork, user: User) -> list[Finding]:
    """Check the stored journal against the ledger's invariants; an empty list means all hold.

    Finds entries whose lines do not sum to zero, a trial balance that does not sum to zero, and
    running account totals that differ from the sums of their lines."""
    with uow:
        user.require(Permission.READ_LEDGER)
        findings = [
            Finding(
                "unbalanced_entry", f"entry {entry_id} is off by {total} cents", location=f"entry {entry_id}"
            )
            for entry_id, total in uow.journal.unbalanced_entries().items()
        ]
        if total := sum(uow.journal.trial_balance().values()):
            findings.append(Finding("trial_balance_not_zero", f"the trial balance is off by {total} cents"))
        findings.extend(
            Finding(
                "running_total_drift",
                f"{code}: running total {kept} but its lines sum to {summed}",
                location=code,
            )
            for code, (kept, summed) in uow.journal.running_total_drift().items()
        )
        return findings
