"""Plan the posting of one remitted claim: match its lines to the claim we sent, turn payments and
adjustments into ledger entries, denials into work items, and anything that does not fit into an
exception. Pure: the caller gives the claim as sent (`SentClaim`) and writes what comes out.

    plan = plan_claim(position, payment, sent, key="era:…:c3", on=date(2026, 3, 20))

- Payments: `insurance_payment` per line (or per claim when the 835 has no lines), prompt-pay interest.
- CO/PI/CR: contractual adjustment. PR: moved to the next payer (COB) or to the patient.
- A denial (CARC classified by `denials.categories`) becomes a work item on the line it denied.
- TR3 CAS03: a negative adjustment increases the payment (see `_plan_negative`).
- A reversal (CLP02 22) mirrors the payment it reverses: planned by `remittance.reversals`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from revcycle.claims.model import ClaimLine
from revcycle.denials.categories import Kind, categorize, classify
from revcycle.ledger import postings
from revcycle.ledger.entries import Entry
from revcycle.ledger.postings import ChargeRef
from revcycle.remittance.matching import PostingProblem, match_line
from revcycle.remittance.model import Adjustment, ClaimPayment, ServicePayment
from revcycle.remittance.sent import SentClaim

TOTALS = ("paid", "contractual", "patient", "next_payer", "denied", "interest", "reversed")


@dataclass(frozen=True, slots=True)
class Denial:
    """A denied claim or line, for the denials work queue."""

    claim_line_id: int | None  # None: denied at the claim level
    claim_control_number: str
    procedure_code: str
    group_code: str
    carc: str
    rarcs: str  # comma-separated RARCs
    amount_cents: int
    category: str
    denied_on: date


@dataclass(slots=True)
class ClaimPlan:
    position: int  # the remitted claim's position in its 835 (1-based)
    payment: ClaimPayment
    sent: SentClaim | None
    matches: list[tuple[ServicePayment, ClaimLine]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exception: tuple[str, str] | None = None  # (reason, message)
    reverses_id: int | None = None  # the remittance claim row a reversal (CLP02 22) reverses
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOTALS, 0))

    @property
    def posts(self) -> bool:
        """Matched and without an exception: its entries, denials and effects are written."""
        return self.sent is not None and self.exception is None

    def fail(self, problem: PostingProblem) -> None:
        self.entries, self.denials, self.matches = [], [], []
        self.exception = (problem.reason, str(problem))


def plan_claim(position: int, payment: ClaimPayment, sent: SentClaim | None, key: str, on: date) -> ClaimPlan:
    plan = ClaimPlan(position, payment, sent)
    try:
        if sent is None:
            raise PostingProblem("unmatched_claim", f"no submitted claim with control number {payment.claim_id!r}")
        if problems := payment.problems():
            raise PostingProblem("unbalanced_claim", "; ".join(problems))
        if not payment.is_reversal:  # a reversal's entries mirror the payment it reverses (remittance.reversals)
            _plan_money(plan, sent, key, on)
    except PostingProblem as problem:
        plan.fail(problem)
    return plan


def _plan_money(plan: ClaimPlan, sent: SentClaim, key: str, on: date) -> None:
    payment = plan.payment
    used: set[int] = set()
    for number, paid in enumerate(payment.lines, start=1):
        line = match_line(paid, sent.claim, used, plan.notes, payment.claim_id)
        used.add(line.line_number)
        plan.matches.append((paid, line))
        ref = ChargeRef(sent.patient_id, sent.ledger_claim_id, line.service_line_id)
        _plan_amounts(plan, f"{key}:l{number}", on, ref, paid.paid_cents, paid.adjustments, paid, line)
    claim_ref = ChargeRef(sent.patient_id, sent.ledger_claim_id)
    paid_without_lines = 0 if payment.lines else payment.paid_cents - payment.interest_cents
    _plan_amounts(plan, f"{key}:c", on, claim_ref, paid_without_lines, payment.adjustments, None, None)
    if payment.interest_cents > 0:
        plan.entries.append(postings.interest(f"{key}:int", on, claim_ref, sent.payer_id, payment.interest_cents))
        plan.totals["interest"] += payment.interest_cents


def _plan_amounts(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, paid: int, adjustments: tuple[Adjustment, ...],
                  line: ServicePayment | None, sent_line: ClaimLine | None) -> None:  # fmt: skip
    assert plan.sent is not None
    if paid < 0:
        raise PostingProblem("negative_payment", f"a negative payment ({paid}) outside a reversal (CLP02 22)")
    if paid:
        plan.entries.append(postings.insurance_payment(f"{key}:pay", on, ref, plan.sent.payer_id, paid))
        plan.totals["paid"] += paid
    for number, adjustment in enumerate(adjustments, start=1):
        _plan_adjustment(plan, f"{key}:a{number}", on, ref, adjustment, line, sent_line)


def _plan_adjustment(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, adjustment: Adjustment,
                     line: ServicePayment | None, sent_line: ClaimLine | None) -> None:  # fmt: skip
    assert plan.sent is not None
    cents = adjustment.amount_cents
    if cents == 0:
        return
    kind = classify(adjustment.group, adjustment.reason)
    if cents < 0:
        _plan_negative(plan, key, on, ref, adjustment, kind)
        return
    if kind is Kind.CONTRACTUAL:
        plan.entries.append(postings.contractual_adjustment(key, on, ref, plan.sent.payer_id, cents))
        plan.totals["contractual"] += cents
    elif adjustment.group == "PR":
        _plan_patient_share(plan, key, on, ref, cents)
    if kind is Kind.DENIAL:
        plan.denials.append(_denial(plan, adjustment, line, sent_line, on))
        plan.totals["denied"] += cents


def _plan_negative(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, adjustment: Adjustment, kind: Kind) -> None:
    """TR3 (CAS03): a negative adjustment increases the payment. A negative contractual (CO/PI/CR) gives
    part of the write-off back to the payer's receivable; a negative PR takes part of the share back from
    the patient (or next payer) to this payer; any other (OA-94 in COB samples, a negative denial) has no
    entry of its own: the payment it explains already posted, and the note says so."""
    sent = plan.sent
    assert sent is not None
    cents, label = adjustment.amount_cents, f"{adjustment.group}-{adjustment.reason} {adjustment.amount_cents}"
    if kind is Kind.CONTRACTUAL:
        entry = postings.contractual_adjustment(key, on, ref, sent.payer_id, -cents, f"negative {label}")
        plan.totals["contractual"] += cents
    elif adjustment.group == "PR" and sent.next_payer_id is not None:
        entry = postings.transfer_to_payer(key, on, ref, sent.payer_id, sent.next_payer_id, -cents)
        plan.totals["next_payer"] += cents
    elif adjustment.group == "PR":
        entry = postings.transfer_to_patient(key, on, ref, sent.payer_id, -cents)
        plan.totals["patient"] += cents
    else:
        plan.notes.append(f"{plan.payment.claim_id}: {label} increases the payment (no entry of its own)")
        return
    plan.entries.append(replace(entry, lines=tuple(line.mirrored() for line in entry.lines)))
    plan.notes.append(f"{plan.payment.claim_id}: {label} posted as the opposite of a positive {adjustment.group}")


def _plan_patient_share(plan: ClaimPlan, key: str, on: date, ref: ChargeRef, cents: int) -> None:
    sent = plan.sent
    assert sent is not None
    if sent.next_payer_id is not None:
        entry = postings.transfer_to_payer(key, on, ref, sent.payer_id, sent.next_payer_id, cents)
        plan.totals["next_payer"] += cents
    else:
        entry = postings.transfer_to_patient(key, on, ref, sent.payer_id, cents)
        plan.totals["patient"] += cents
    plan.entries.append(entry)


def _denial(plan: ClaimPlan, adjustment: Adjustment, line: ServicePayment | None, sent_line: ClaimLine | None,
            on: date) -> Denial:  # fmt: skip
    remarks = tuple(line.remarks if line else ()) + plan.payment.remarks
    return Denial(
        sent_line.id if sent_line else None, plan.payment.claim_id, (line.procedure_code if line else "")[:48],
        adjustment.group, adjustment.reason[:5], ",".join(remarks)[:60], adjustment.amount_cents,
        categorize(adjustment.group, adjustment.reason, remarks).value, on,
    )  # fmt: skip
