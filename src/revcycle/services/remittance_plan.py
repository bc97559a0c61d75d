"""Plan the posting of one remitted claim: match its lines, turn payments and adjustments into ledger
entries, denials into work items, and anything that does not fit into an exception (pure: no database).

Line matching, in order: REF*6R line item control number; code + modifiers + date; code + date when
the payer dropped or changed modifiers (said in the note); the submitted code (SVC06) + date when
the payer re-coded the line. A line that
matches nothing puts the whole claim in the exception queue (a claim posts completely or not at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from revcycle.denials.categories import Kind, category_of, classify
from revcycle.ledger import postings
from revcycle.ledger.entries import Entry
from revcycle.ledger.postings import ChargeRef
from revcycle.remittance.model import Adjustment, ClaimPayment, ServicePayment
from revcycle.store.repositories.remittances import SubmittedClaimRow, SubmittedLineRow


@dataclass(slots=True)
class ClaimPlan:
    position: int
    claim: ClaimPayment
    submitted: SubmittedClaimRow | None
    entries: list[Entry] = field(default_factory=list)
    denials: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exception: tuple[str, str] | None = None  # (reason, message)
    reverses_id: int | None = None  # the remittance claim row a reversal (CLP02 22) reverses
    ledger_claim_id: int | None = None  # a secondary claim posts on its primary's ledger claim
    row_id: int | None = None  # its remittance_claims row, once written (remittance_write)
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOTALS, 0))


TOTALS = ("paid", "contractual", "patient", "next_payer", "denied", "interest", "reversed")


class PlanError(Exception):
    """Internal: stops planning one claim; becomes its exception (reason, message)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def plan_claim(
    position: int, claim: ClaimPayment, submitted: SubmittedClaimRow | None, key: str, on: date,
    ledger_claim_id: int | None = None,
) -> ClaimPlan:  # fmt: skip
    plan = ClaimPlan(position, claim, submitted, ledger_claim_id=ledger_claim_id)
    try:
        if submitted is None:
            raise PlanError("unmatched_claim", f"no submitted claim with control number {claim.claim_id!r}")
        if problems := claim.problems():
            raise PlanError("unbalanced_claim", "; ".join(problems))
        if not claim.is_reversal:  # a reversal's entries mirror the payment it reverses (planned by the caller)
            _plan_money(plan, submitted, key, on)
    except PlanError as error:
        plan.entries, plan.denials = [], []
        plan.exception = (error.reason, str(error))
    return plan


def _plan_money(plan: ClaimPlan, submitted: SubmittedClaimRow, key: str, on: date) -> None:
    claim = plan.claim
    ledger_claim_id = plan.ledger_claim_id or submitted.ledger_claim_id
    used: set[int] = set()
    for number, line in enumerate(claim.lines, start=1):
        row = match_line(line, submitted.lines, used, plan.notes, claim.claim_id)
        used.add(row.id)
        ref = ChargeRef(submitted.patient_id, ledger_claim_id, row.service_line_id)
        _plan_amounts(plan, f"{key}:l{number}", on, ref, line.paid_cents, line.adjustments, line, row)
    claim_ref = ChargeRef(submitted.patient_id, ledger_claim_id)
    paid_without_lines = 0 if claim.lines else claim.paid_cents - claim.interest_cents
    _plan_amounts(plan, f"{key}:c", on, claim_ref, paid_without_lines, claim.adjustments, None, None)
    if claim.interest_cents > 0:
        plan.entries.append(
            postings.interest(f"{key}:int", on, claim_ref, submitted.payer_id, claim.interest_cents)
        )
        plan.totals["interest"] += claim.interest_cents


def _plan_amounts(
    plan: ClaimPlan,
    key: str,
    on: date,
    ref: ChargeRef,
    paid: int,
    adjustments: tuple[Adjustment, ...],
    line: ServicePayment | None,
    row: SubmittedLineRow | None,
) -> None:
    submitted = plan.submitted
    assert submitted is not None
    if paid < 0:
        raise PlanError("negative_payment", f"a negative payment ({paid}) outside a reversal (CLP02 22)")
    if paid:
        plan.entries.append(postings.insurance_payment(f"{key}:pay", on, ref, submitted.payer_id, paid))
        plan.totals["paid"] += paid
    for number, adjustment in enumerate(adjustments, start=1):
        _plan_adjustment(plan, f"{key}:a{number}", on, ref, adjustment, line, row)


def _plan_adjustment(
    plan: ClaimPlan, key: str, on: date, ref: ChargeRef, adjustment: Adjustment,
    line: ServicePayment | None, row: SubmittedLineRow | None,
) -> None:  # fmt: skip
    submitted = plan.submitted
    assert submitted is not None
    cents = adjustment.amount_cents
    if cents == 0:
        return
    kind = classify(adjustment.group, adjustment.reason)
    if cents < 0:
        _plan_negative(plan, key, on, ref, adjustment, kind)
        return
    if kind is Kind.CONTRACTUAL:
        plan.entries.append(postings.contractual_adjustment(key, on, ref, submitted.payer_id, cents))
        plan.totals["contractual"] += cents
    elif adjustment.group == "PR":
        _plan_patient_share(plan, key, on, ref, cents)
    if kind is Kind.DENIAL:
        plan.denials.append(_denial(plan, adjustment, line, row, on))
        plan.totals["denied"] += cents


def _plan_negative(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, adjustment: Adjustment, kind: Kind) -> None:
    """TR3 (CAS03): a negative adjustment increases the payment. A negative contractual (CO/PI/CR) gives
    part of the write-off back to the payer's receivable; a negative PR takes part of the share back from
    the patient (or next payer) to this payer; any other (OA-94 in COB samples, a negative denial) has no
    entry of its own: the payment it explains already posted, and the note says so."""
    submitted = plan.submitted
    assert submitted is not None
    cents, label = adjustment.amount_cents, f"{adjustment.group}-{adjustment.reason} {adjustment.amount_cents}"
    if kind is Kind.CONTRACTUAL:
        entry = postings.contractual_adjustment(key, on, ref, submitted.payer_id, -cents, f"negative {label}")
        plan.totals["contractual"] += cents
    elif adjustment.group == "PR" and submitted.next_payer_id is not None:
        entry = postings.transfer_to_payer(key, on, ref, submitted.payer_id, submitted.next_payer_id, -cents)
        plan.totals["next_payer"] += cents
    elif adjustment.group == "PR":
        entry = postings.transfer_to_patient(key, on, ref, submitted.payer_id, -cents)
        plan.totals["patient"] += cents
    else:
        plan.notes.append(f"{plan.claim.claim_id}: {label} increases the payment (no entry of its own)")
        return
    plan.entries.append(_mirrored(entry))
    plan.notes.append(f"{plan.claim.claim_id}: {label} posted as the opposite of a positive {adjustment.group}")


def _mirrored(entry: Entry) -> Entry:
    return replace(entry, lines=tuple(line.mirrored() for line in entry.lines))


def _plan_patient_share(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, cents: int) -> None:
    submitted = plan.submitted
    assert submitted is not None
    if submitted.next_payer_id is not None:
        entry = postings.transfer_to_payer(key, on, ref, submitted.payer_id, submitted.next_payer_id, cents)
        plan.totals["next_payer"] += cents
    else:
        entry = postings.transfer_to_patient(key, on, ref, submitted.payer_id, cents)
        plan.totals["patient"] += cents
    plan.entries.append(entry)


def _denial(
    plan: ClaimPlan,
    adjustment: Adjustment,
    line: ServicePayment | None,
    row: SubmittedLineRow | None,
    on: date,
) -> dict:
    remarks = tuple(line.remarks if line else ()) + plan.claim.remarks
    return {
        "submitted_claim_line_id": row.id if row else None,
        "claim_control_number": plan.claim.claim_id,
        "procedure_code": (line.procedure_code if line else "")[:48],
        "group_code": adjustment.group,
        "carc": adjustment.reason[:5],
        "rarcs": ",".join(remarks)[:60],
        "amount_cents": adjustment.amount_cents,
        "category": category_of(adjustment.reason).value,
        "denied_on": on,
    }


def match_line(
    line: ServicePayment, rows: tuple[SubmittedLineRow, ...], used: set[int], notes: list[str], claim_id: str
) -> SubmittedLineRow:
    free = [row for row in rows if row.id not in used]
    if line.control_number:
        found = [row for row in free if row.control_number == line.control_number]
        if found:
            return found[0]
    same_day = [row for row in free if line.service_date is None or row.service_date == line.service_date]
    exact = [r for r in same_day if r.procedure_code == line.procedure_code and r.modifiers == line.modifiers]
    if exact:
        return exact[0]
    by_code = [r for r in same_day if r.procedure_code == line.procedure_code]
    if by_code:
        notes.append(f"{claim_id}: {line.procedure_code} matched by code and date; the payer returned modifiers "
                     f"{list(line.modifiers)}, we sent {list(by_code[0].modifiers)}")  # fmt: skip
        return by_code[0]
    if line.submitted_code:
        recoded = [r for r in same_day if r.procedure_code == line.submitted_code]
        if recoded:
            notes.append(
                f"{claim_id}: the payer re-coded {line.submitted_code} as {line.procedure_code}; matched by SVC06"
            )
            return recoded[0]
    raise PlanError("unmatched_line", f"{line.procedure_code} on {line.service_date} matches no line we sent")
