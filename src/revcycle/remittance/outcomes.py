"""What a posted 835 does beyond the ledger, planned from its claim plans (pure):

- **Claim states** (`claim_moves`): each adjudicated claim moves along its lifecycle to paid, partially
  paid (a line denied) or denied. A replaced (corrected or voided) claim the payer reversed is closed,
  and the void claim that asked for it is accepted: the payer answers a void with the reversal only.
- **Appeals** (`settle_appeals`): a sent appeal of a claim the 835 adjudicates is decided (nothing denied
  any more: won; paid but still denied: partially won; else upheld); a drafted one the payer overtook
  keeps its status (withdraw it). Either way its denials are closed: the new adjudication's are the work.
- **Remitted lines** (`remitted_lines`): one row per line of each adjudication, as billed, for the
  underpayment check.
Secondary claims are `remittance.cob`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from revcycle.claims.lifecycle import Moves
from revcycle.claims.model import Claim, ClaimLine, ClaimStatus
from revcycle.denials.appeals import Appeal, AppealStatus, advance, outcome_of
from revcycle.denials.categories import Kind, classify
from revcycle.remittance.model import ServicePayment
from revcycle.remittance.plan import ClaimPlan
from revcycle.remittance.reversals import REPLACED
from revcycle.remittance.sent import SentClaim


@dataclass(frozen=True, slots=True)
class OpenAppeal:
    appeal: Appeal  # drafted or sent
    claim_id: int
    denial_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SettledAppeal:
    appeal: Appeal  # its new state (unchanged when it was only drafted)
    position: int  # the remitted claim that decided it
    denial_ids: tuple[int, ...]  # closed
    decided: bool  # False: drafted and overtaken, left for the biller to withdraw


def posted(plans: Sequence[ClaimPlan], reversals: bool = False) -> Iterator[tuple[ClaimPlan, SentClaim]]:
    """The plans that post (matched, no exception), with their claims: adjudications, or reversals."""
    for plan in plans:
        if plan.posts and plan.payment.is_reversal is reversals:
            yield plan, plan.sent  # type: ignore[misc]  (a plan that posts has its claim)


def claim_moves(plans: Sequence[ClaimPlan], voids: Mapping[str, Sequence[Claim]], trace: str,
                at: datetime) -> tuple[list[Claim], list[str]]:  # fmt: skip
    """The claim states to record, in order (a claim may move more than once), and notes for the report."""
    moves = Moves()
    for plan, sent in posted(plans):
        moves.move(sent.claim, _decision(plan), at, f"835 trace {trace}: CLP02 {plan.payment.status}")
    notes = []
    for _plan, sent in posted(plans, reversals=True):
        original = moves.latest(sent.claim)
        if original.status not in REPLACED:
            continue
        words = f"835 trace {trace}: the payer reversed {original.claim_id}"
        moves.move(original, ClaimStatus.CLOSED, at, words)
        cancelling = voids.get(original.claim_id, ())
        for void in cancelling:
            moves.move(void, ClaimStatus.ACCEPTED, at, words)
        notes.append(f"{original.claim_id}: closed" + (f"; void {cancelling[0].claim_id} accepted" if cancelling else ""))
    return moves.states, notes


def _decision(plan: ClaimPlan) -> ClaimStatus:
    if plan.payment.is_denied:
        return ClaimStatus.DENIED
    return ClaimStatus.PARTIALLY_PAID if plan.denials else ClaimStatus.PAID


def settle_appeals(plans: Sequence[ClaimPlan], open_appeals: Sequence[OpenAppeal],
                   on: date) -> tuple[list[SettledAppeal], list[str]]:  # fmt: skip
    decided = {sent.id: plan for plan, sent in posted(plans)}
    settled, notes = [], []
    for item in open_appeals:
        plan = decided.get(item.claim_id)
        if plan is None:
            continue
        appeal = item.appeal
        if appeal.status is AppealStatus.DRAFTED:
            notes.append(f"{appeal.claim_control_number}: appeal {appeal.id} not sent; the payer decided the claim again")
            settled.append(SettledAppeal(appeal, plan.position, item.denial_ids, False))
            continue
        paid, still_denied = plan.payment.paid_cents, sum(denial.amount_cents for denial in plan.denials)
        appeal = advance(appeal, outcome_of(paid, still_denied), on, paid)
        notes.append(f"{appeal.claim_control_number}: appeal {appeal.id} {appeal.status} (paid {paid} cents)")
        settled.append(SettledAppeal(appeal, plan.position, item.denial_ids, True))
    return settled, notes


def remitted_lines(plan: ClaimPlan) -> list[dict]:
    """One row per line the payer adjudicated (an adjudication, not a reversal), with the claim line it
    paid: what was billed (the 835's SVC01, or SVC06 when the payer re-coded it; units and date from our
    line), what was paid, the patient's share, the contractual adjustment and AMT*B6 when sent."""
    assert plan.sent is not None
    rows = []
    for number, (paid, line) in enumerate(plan.matches, start=1):
        contractual = sum(a.amount_cents for a in paid.adjustments if classify(a.group, a.reason) is Kind.CONTRACTUAL)
        rows.append({
            "line_number": number, "claim_line_id": line.id, "payer_id": plan.sent.payer_id,
            "claim_control_number": plan.payment.claim_id[:38], **_as_billed(paid, line),
            "paid_cents": paid.paid_cents, "patient_cents": paid.responsibility_cents(),
            "contractual_cents": contractual, "reported_allowed_cents": paid.allowed_cents,
        })  # fmt: skip
    return rows


def _as_billed(paid: ServicePayment, line: ClaimLine) -> dict:
    code = paid.submitted_code or paid.procedure_code
    modifiers = paid.submitted_modifiers if paid.submitted_code else paid.modifiers
    units = line.units if line.procedure_code.upper() == code else paid.units
    return {"procedure_code": code[:48], "modifiers": ",".join(modifiers)[:11], "units": units,
            "service_date": paid.service_date or line.service_date, "charge_cents": paid.charge_cents}  # fmt: skip


def remitted_adjustments(plan: ClaimPlan) -> list[dict]:
    """Every adjustment of a posted remitted claim as the payer gave it (group, CARC, amount, the line's RARCs):
    per matched line (`line_number` as in `remitted_lines`), and 0 for the claim level."""
    rows = [{"line_number": 0, "group_code": a.group[:2], "carc": a.reason[:5], "amount_cents": a.amount_cents,
             "rarcs": ",".join(plan.payment.remarks)[:60]} for a in plan.payment.adjustments]  # fmt: skip
    for number, (paid, _line) in enumerate(plan.matches, start=1):
        rows += [{"line_number": number, "group_code": a.group[:2], "carc": a.reason[:5], "amount_cents": a.amount_cents,
                  "rarcs": ",".join(paid.remarks)[:60]} for a in paid.adjustments]  # fmt: skip
    return rows
