"""What the claim page shows beyond the claim itself, in one read: per line what was billed, allowed, paid,
adjusted (each CARC/RARC in words) and left to the patient, the balance by who owes it; the payer's claim
number; the files that touched the claim (837 interchange and its 999, 277CA acknowledgements, 835s and paper
EOBs); and every state change with who made it and when.

    money = claim_money(uow, user, claim_id)     # needs read_ledger; the patient's claim read is audited
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from revcycle.claims.model import Claim
from revcycle.denials.reason_words import carc_words, rarc_words
from revcycle.kernel.money import Money
from revcycle.ledger.balances import Receivable
from revcycle.practice.users import Permission, User
from revcycle.remittance.model import REVERSAL_STATUS
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

GROUP_WORDS = {"CO": "contractual", "PR": "patient responsibility", "OA": "other adjustment",
               "PI": "payer initiated", "CR": "correction"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AdjustmentWords:
    group: str
    carc: str
    amount_cents: int
    words: str  # "contractual: the charge exceeds the fee schedule or contracted amount"


@dataclass(slots=True)
class LineMoney:
    line_number: int
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    service_line_id: int | None
    billed_cents: int
    allowed_cents: int | None = None  # None: no payer has answered for the line
    paid_cents: int = 0
    patient_cents: int = 0
    adjustments: list[AdjustmentWords] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # "N130: ..." in words
    balance: Receivable = Receivable()


@dataclass(frozen=True, slots=True)
class FileTouch:
    kind: str  # 837, 999, 277CA, 835, paper EOB
    when: datetime | date | None
    what: str  # for people: the file, its outcome
    link: str = ""


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    status: str
    note: str
    by: str  # the username, or "system"


@dataclass(slots=True)
class ClaimMoney:
    lines: list[LineMoney]
    claim_balance: Receivable
    unassigned: Receivable  # claim-level amounts not on any one line (e.g. a claim-level write-off)
    payer_claim_number: str
    files: list[FileTouch]
    history: list[HistoryRow]


def claim_money(uow: UnitOfWork, user: User, claim: Claim, claim_id: int) -> ClaimMoney:
    """The money, files and history of a claim the caller has read (`claims.get_claim`, audited)."""
    with uow:
        user.require(Permission.READ_LEDGER)
        remitted = uow.posting.remitted_of_claim(claim_id)
        reversed_ids = {row.reverses_id for row in remitted if row.reverses_id is not None}
        active = [row for row in remitted if row.outcome == "posted" and row.status_code != REVERSAL_STATUS
                  and row.id not in reversed_ids]  # fmt: skip
        lines = {line.id: _line(line) for line in claim.lines}
        _add_remitted(uow, lines, [row.id for row in active])
        for money in lines.values():
            if money.service_line_id is not None:
                money.balance = uow.journal.receivable(
                    claim_id=claim_id, service_line_id=money.service_line_id
                )
        total = uow.journal.receivable(claim_id=claim_id)
        on_lines = [m.balance for m in lines.values()]
        unassigned = Receivable(total.insurance_cents - sum(b.insurance_cents for b in on_lines),
                                total.patient_cents - sum(b.patient_cents for b in on_lines),
                                total.unapplied_cents - sum(b.unapplied_cents for b in on_lines))  # fmt: skip
        numbers = [row.payer_claim_number for row in active if row.payer_claim_number]
        audit.record(uow, user, audit.Action.READ, "claim", claim_id, "money and history")
        return ClaimMoney(list(lines.values()), total, unassigned,
                          numbers[-1] if numbers else claim.payer_claim_control_number,
                          _files(uow, claim_id, remitted), _history(uow, claim_id))  # fmt: skip


def _line(line) -> LineMoney:  # noqa: ANN001 - a claims.ClaimLine
    return LineMoney(line.line_number, line.procedure_code, tuple(line.modifiers), line.service_date,
                     line.service_line_id, line.charge_cents)  # fmt: skip


def _add_remitted(uow: UnitOfWork, lines: dict, remittance_claim_ids: list[int]) -> None:
    remitted_lines = uow.posting.remitted_lines_of(remittance_claim_ids)
    claim_line_of = {(row.remittance_claim_id, row.line_number): row.claim_line_id for row in remitted_lines}
    for row in remitted_lines:
        if (money := lines.get(row.claim_line_id)) is None:
            continue
        money.paid_cents += row.paid_cents
        money.patient_cents += row.patient_cents
        allowed = (
            row.reported_allowed_cents
            if row.reported_allowed_cents is not None
            else row.paid_cents + row.patient_cents
        )
        money.allowed_cents = (money.allowed_cents or 0) + allowed
    for adjustment in uow.posting.adjustments_of(remittance_claim_ids):
        money = lines.get(claim_line_of.get((adjustment.remittance_claim_id, adjustment.line_number)))
        if money is None:
            continue
        words = (
            f"{GROUP_WORDS.get(adjustment.group_code, adjustment.group_code)}: {carc_words(adjustment.carc)}"
        )
        money.adjustments.append(
            AdjustmentWords(adjustment.group_code, adjustment.carc, adjustment.amount_cents, words)
        )
        for remark in [r for r in adjustment.rarcs.split(",") if r]:
            if (said := f"{remark}: {rarc_words(remark)}") not in money.remarks:
                money.remarks.append(said)


def _files(uow: UnitOfWork, claim_id: int, remitted: list) -> list[FileTouch]:
    files = []
    if (sent := uow.posting.sent_in(claim_id)) is not None:
        files.append(FileTouch("837", sent.submitted_at, f"{sent.file_name} (interchange {sent.interchange_control_number}, "
                               f"{sent.claim_count} claims) to {sent.partner}", f"/claims/{claim_id}/837"))  # fmt: skip
        if sent.status != "submitted":
            files.append(
                FileTouch(
                    "999", None, f"{sent.status}{': ' + sent.status_detail if sent.status_detail else ''}"
                )
            )
    for ack in uow.posting.acknowledgments_of(claim_id):
        outcome = "accepted" if ack.accepted else "rejected"
        number = f", payer claim {ack.payer_claim_number}" if ack.payer_claim_number else ""
        files.append(
            FileTouch("277CA", ack.status_date or ack.received_at, f"{outcome}{number}: {ack.words}")
        )
    for row in remitted:
        kind = "paper EOB" if row.source.startswith("paper EOB") else "835"
        what = (f"{'reversal' if row.status_code == REVERSAL_STATUS else 'status ' + row.status_code}, paid "
                f"{Money(row.paid_cents)}, trace {row.trace_number}{' — ' + row.outcome if row.outcome != 'posted' else ''}")  # fmt: skip
        files.append(FileTouch(kind, row.payment_date, what, f"/remittances/{row.remittance_row_id}"))
    return files


def _history(uow: UnitOfWork, claim_id: int) -> list[HistoryRow]:
    return [HistoryRow(row.changed_at, row.status, row.note, row.username or "system")
            for row in uow.posting.status_history(claim_id)]  # fmt: skip
