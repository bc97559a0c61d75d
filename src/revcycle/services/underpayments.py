"""Underpayments: lines a payer allowed below the practice's contract, queued with the difference.

    set_payer_contract(uow, user, "87726", config.contract, source="acme-payer.json")
    post_remittance(...)                     # records every remitted line (remittance.outcomes.remitted_lines)
    find_underpayments(uow, user, remittance_id=None, tolerance=Tolerance(100, Decimal(0)))
    underpayment_queue(uow, user); underpayments_by_payer(uow, user)
    resolve_underpayment(uow, user, underpayment_id, "appealed" | "accepted", note)

- The contract is the practice's copy (`payer_contracts`), loaded from a payer configuration's
  "contract" — the same fee schedule the simulator prices with.
- Posting an 835 records its lines (`remitted_lines`, one call in `services.remittances`); detection is
  a separate step (`find_underpayments`, run by `revcycle reports underpayments` and the demo after
  posting) so a contract loaded or a tolerance chosen after posting still applies.
- Idempotent: a remitted line enters the queue at most once; a re-run adds only new lines.
- Checked: lines of posted paid claims not reversed since, that the payer allowed something (paid or
  patient share; for a secondary, CLP02 2/3, only AMT*B6 says); denied lines are the denial queue's.
  Payers without a contract are skipped. An open item whose claim was reversed since becomes `reversed`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract, expected_allowed
from revcycle.payer.contract_file import contract_from_dict, contract_to_dict
from revcycle.practice.users import Permission, User
from revcycle.reports.underpayments import (
    PayerUnderpayments,
    Tolerance,
    UnderpaymentItem,
    allowed_by_payer,
    by_payer,
    shortfall,
)
from revcycle.reports.worklist import UNDERPAYMENT_SORTS, QueuePage, QueueView
from revcycle.services import audit
from revcycle.store.repositories.underpayments import RemittedLineRow
from revcycle.store.uow import UnitOfWork

OUTCOMES = ("appealed", "accepted")


@dataclass(slots=True)
class FindReport:
    lines_checked: int = 0
    found: list[int] = field(default_factory=list)  # new underpayment ids
    difference_cents: int = 0  # of the new ones
    payers_without_contract: list[int] = field(default_factory=list)
    reversed: list[int] = field(default_factory=list)  # open items whose claim the payer reversed since


def set_payer_contract(
    uow: UnitOfWork, user: User, payer_code: str, contract: Contract, source: str = ""
) -> None:
    """Store (or replace) the practice's contract with a payer: what it expects to be allowed."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        payer_id = uow.remittances.payer_id_by_code(payer_code)
        if payer_id is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no payer {payer_code!r} in the practice")
        terms = json.dumps(contract_to_dict(contract), sort_keys=True)
        uow.underpayments.set_contract(payer_id, terms, source, uow.clock.now())
        audit.record(uow, user, audit.Action.CHANGE, "payer_contract", payer_id,
                     f"{len(contract.rates)} rates from {source[:200] or 'the caller'}")  # fmt: skip


def find_underpayments(
    uow: UnitOfWork, user: User, remittance_id: int | None = None, tolerance: Tolerance | None = None
) -> FindReport:
    """Compare remitted lines (of one remittance, or all) with the contract; queue the new underpayments."""
    tolerance = tolerance or Tolerance()
    report = FindReport()
    with uow:
        user.require(Permission.POST_LEDGER)
        repository = uow.underpayments
        contracts = {
            payer: contract_from_dict(json.loads(terms))
            for payer, terms in repository.contract_terms().items()
        }
        lines = repository.lines_to_check(remittance_id)
        rows = _check(
            report, lines, contracts, tolerance, repository.queued_line_ids([line.id for line in lines]), uow
        )
        report.found = repository.add_underpayments(rows)
        report.difference_cents = sum(row["difference_cents"] for row in rows)
        audit.record(uow, user, audit.Action.READ, "remitted_lines", remittance_id or "all",
                     f"{report.lines_checked} lines checked against contracts; {tolerance.describe()}")  # fmt: skip
        audit.record_many(uow, user, audit.Action.CREATE, "underpayment",
                          [(underpayment_id, f"line {row['remitted_line_id']} short {row['difference_cents']} cents")
                           for underpayment_id, row in zip(report.found, rows, strict=True)])  # fmt: skip
        report.reversed = repository.reversed_open_items()
        repository.set_status(report.reversed, "reversed", uow.clock.now())
        audit.record_many(uow, user, audit.Action.CHANGE, "underpayment",
                          [(underpayment_id, "reversed by the payer") for underpayment_id in report.reversed])  # fmt: skip
    return report


def _check(report: FindReport, lines: list[RemittedLineRow], contracts: dict[int, Contract], tolerance: Tolerance,
           queued: set[int], uow: UnitOfWork) -> list[dict]:  # fmt: skip
    by_claim: dict[int, list[RemittedLineRow]] = defaultdict(list)
    for line in lines:
        by_claim[line.remittance_claim_id].append(line)
    rows: list[dict] = []
    for claim_lines in by_claim.values():
        contract = contracts.get(claim_lines[0].payer_id)
        if contract is None:
            report.payers_without_contract.append(claim_lines[0].payer_id)
            continue
        report.lines_checked += len(claim_lines)
        rows += _underpaid(claim_lines, contract, tolerance, queued, uow)
    report.payers_without_contract = sorted(set(report.payers_without_contract))
    return rows


def _payers_allowed(line: RemittedLineRow) -> int:
    """A secondary's paid + patient share is bounded by what the primary left: only its AMT*B6 says what it allowed."""
    if line.status_code != "1" and line.reported_allowed_cents is None:
        return 0
    return allowed_by_payer(line.paid_cents, line.patient_cents, line.reported_allowed_cents)


def _underpaid(
    lines: list[RemittedLineRow], contract: Contract, tolerance: Tolerance, queued: set[int], uow: UnitOfWork
) -> list[dict]:
    allowed = {line.line_number: _payers_allowed(line) for line in lines}
    open_lines = [line for line in lines if allowed[line.line_number] > 0]  # denied lines are not priced
    expected = expected_allowed(open_lines, contract)
    rows = []
    for line in open_lines:
        if line.id in queued or line.line_number not in expected:
            continue
        expected_cents = expected[line.line_number].expected_cents
        difference = shortfall(expected_cents, allowed[line.line_number], tolerance)
        if difference is not None:
            rows.append({"remitted_line_id": line.id, "payer_id": line.payer_id, "expected_cents": expected_cents,
                         "allowed_cents": allowed[line.line_number], "paid_cents": line.paid_cents,
                         "difference_cents": difference, "tolerance": tolerance.describe()[:80],
                         "status": "open", "found_at": uow.clock.now()})  # fmt: skip
    return rows


def underpayment_queue(
    uow: UnitOfWork,
    user: User,
    statuses: tuple[str, ...] = ("open",),
    payer_code: str | None = None,
    shown: slice | None = None,
) -> list[UnderpaymentItem]:
    """The queue (oldest first); `shown`: the part of it the caller displays (default all). One audit row
    per item shown, not per item read for the totals: a page of one writes one row."""
    return underpayment_page(uow, user, statuses, payer_code, shown)[0]


def underpayment_page(
    uow: UnitOfWork,
    user: User,
    statuses: tuple[str, ...] = ("open",),
    payer_code: str | None = None,
    shown: slice | None = None,
) -> tuple[list[UnderpaymentItem], list[PayerUnderpayments], int]:
    """(the items shown, totals by payer over the whole queue, how many the queue holds), audited per item shown."""
    with uow:
        user.require(Permission.READ_LEDGER)
        every = [_item(row) for row in uow.underpayments.queue(statuses, payer_code)]
        page = every[shown] if shown is not None else every
        what = f"queue {','.join(statuses)} payer {payer_code or 'all'}"
        audit.record_many(uow, user, audit.Action.READ, "underpayment", [(item.id, what) for item in page])
        if not page:
            audit.record(
                uow, user, audit.Action.READ, "underpayment", "queue", f"{what}: none shown of {len(every)}"
            )
    return page, by_payer(every), len(every)


@dataclass(frozen=True, slots=True)
class Worklist:
    """The underpayments page: the page shown, totals by payer over what the filters kept, and every
    payer and procedure code in the open queue (the filters' choices)."""

    shown: QueuePage[UnderpaymentItem]
    totals: list[PayerUnderpayments]
    payers: list[tuple[str, str]]  # (payer code, name)
    codes: list[str]


def underpayment_worklist(uow: UnitOfWork, user: User, view: QueueView) -> Worklist:
    """The open queue filtered, sorted and paged as `view` says (ages counted from the clock's today);
    one audit row per item shown."""
    with uow:
        user.require(Permission.READ_LEDGER)
        every = [_item(row) for row in uow.underpayments.queue(("open",), None)]
        shown = view.apply(every, uow.clock.today(), UNDERPAYMENT_SORTS)
        what = f"worklist page {shown.page} of {shown.pages}"
        audit.record_many(uow, user, audit.Action.READ, "underpayment", [(item.id, what) for item in shown.items])
        if not shown.items:
            audit.record(uow, user, audit.Action.READ, "underpayment", "queue", f"{what}: none shown")
    payers = sorted({(item.payer_code, item.payer_name) for item in every}, key=lambda pair: pair[1])
    return Worklist(shown, by_payer(shown.kept), payers, sorted({item.procedure_code for item in every}))


@dataclass(frozen=True, slots=True)
class BulkResolution:
    resolved: list[int]
    already_resolved: list[int]  # resolved by someone else first: left as they were


def resolve_underpayments(uow: UnitOfWork, user: User, ids: list[int], outcome: str, note: str) -> BulkResolution:
    """Resolve the chosen items at once (one transaction, one audit row each), as `appealed` or `accepted`
    with one note. Items already resolved are left and named; an id that does not exist refuses the whole."""
    _check_resolution(outcome, note)
    chosen = sorted(set(ids))
    if not chosen:
        raise RevcycleError(ErrorCode.VALIDATION, "choose the underpayments to resolve")
    with uow:
        user.require(Permission.POST_LEDGER)
        now, done, already = uow.clock.now(), [], []
        for underpayment_id in chosen:
            result = uow.underpayments.resolve(underpayment_id, outcome, now)
            if result == "not_found":
                raise RevcycleError(ErrorCode.NOT_FOUND, f"no underpayment {underpayment_id}")
            (done if result == "resolved" else already).append(underpayment_id)
        detail = f"{outcome}: {note.strip()[:400]}"
        audit.record_many(uow, user, audit.Action.CHANGE, "underpayment", [(item, detail) for item in done])
        return BulkResolution(done, already)


def _check_resolution(outcome: str, note: str) -> None:
    if outcome not in OUTCOMES:
        raise RevcycleError(ErrorCode.VALIDATION, f"an underpayment is resolved as {' or '.join(OUTCOMES)}")
    if not note.strip():
        raise RevcycleError(ErrorCode.VALIDATION, "say how the underpayment was resolved (--note)")


def _item(r: Any) -> UnderpaymentItem:
    return UnderpaymentItem(
        r.id,
        r.payer_code,
        r.payer_name,
        r.claim_control_number,
        r.procedure_code,
        tuple(m for m in r.modifiers.split(",") if m),
        r.service_date,
        r.units,
        r.expected_cents,
        r.allowed_cents,
        r.paid_cents,
        r.difference_cents,
        r.status,
        r.found_at.date(),
    )


def underpayments_by_payer(
    uow: UnitOfWork, user: User, statuses: tuple[str, ...] = ("open",), payer_code: str | None = None
) -> list[PayerUnderpayments]:
    return by_payer(underpayment_queue(uow, user, statuses, payer_code))


def resolve_underpayment(uow: UnitOfWork, user: User, underpayment_id: int, outcome: str, note: str) -> None:
    """Take an item off the queue: `appealed` (sent back to the payer) or `accepted` (the practice lets it go)."""
    _check_resolution(outcome, note)
    with uow:
        user.require(Permission.POST_LEDGER)
        result = uow.underpayments.resolve(underpayment_id, outcome, uow.clock.now())
        if result == "not_found":
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no underpayment {underpayment_id}")
        if result == "already_resolved":
            raise RevcycleError(ErrorCode.CONFLICT, f"underpayment {underpayment_id} is already resolved")
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "underpayment",
            underpayment_id,
            f"{outcome}: {note.strip()[:400]}",
        )
