"""After the money: claim-status inquiries (276/277) for claims still open, the denials work queue
with appeal letters, underpayments against the contract, patient statements, a sample of CMS-1500
forms, AR aging and the KPIs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.demo.setup import Practice
from revcycle.denials.appeals import appeal_is_next_action
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.payer.contract import Contract
from revcycle.reports import AgingReport, Kpis
from revcycle.services import appeals, claims, denials, reports, statements, underpayments
from revcycle.services.claim_status import check_claim_status
from revcycle.services.listings import list_claims, page_of
from revcycle.store import UnitOfWork

STALE_DAYS = 7  # claims with no 835 a week after submission are asked about
APPEAL_LETTERS = 25  # at most this many appeals drafted and printed (the first denials in the queue)
CMS1500_SAMPLE = 20  # the first claims printed on the CMS-1500 (each form is a full-page PDF)
Tick = Callable[[int], None]


@dataclass
class FollowUp:
    status_asked: int = 0
    status_answers: Counter = field(default_factory=Counter)  # 277 category -> claims
    status_moved: int = 0
    denials_open: int = 0
    denials_by_category: dict[str, int] = field(default_factory=dict)
    appeals: list[Path] = field(default_factory=list)
    statements: list[Path] = field(default_factory=list)
    forms: list[Path] = field(default_factory=list)
    underpayment_lines_checked: int = 0
    underpaid_lines: int = 0
    underpaid_cents: int = 0

    def facts(self) -> dict[str, object]:
        return {
            "claim_status_asked": self.status_asked,
            "claim_status_answers": dict(sorted(self.status_answers.items())),
            "claims_moved_by_277": self.status_moved,
            "denied_lines_in_queue": self.denials_open,
            "denied_lines_by_category": self.denials_by_category,
            "appeal_letters": len(self.appeals),
            "underpayment_lines_checked": self.underpayment_lines_checked,
            "underpaid_lines": self.underpaid_lines,
            "underpaid_cents": self.underpaid_cents,
            "statements_written": len(self.statements),
            "cms1500_printed": len(self.forms),
        }


def ask_claim_status(uow: Callable[[], UnitOfWork], clinic: Practice, desk: PayerDesk, settings: EnvelopeSettings,
                     follow: FollowUp) -> None:  # fmt: skip
    """One 276 per payer for its claims with no answer after `STALE_DAYS`; the 277 moves them on."""
    report = check_claim_status(uow(), clinic.biller, desk, settings, stale_days=STALE_DAYS)
    follow.status_asked = len(report.asked)
    follow.status_answers = Counter(answer.category for answer in report.answers.values())
    follow.status_moved = len(report.moved)


def work_denials(
    uow: Callable[[], UnitOfWork], clinic: Practice, out: Path, follow: FollowUp, tick: Tick
) -> None:
    """The denials queue by category; appealable denials get an appeal, its letter printed and sent."""
    queue = denials.denial_queue(uow(), clinic.biller)
    follow.denials_open = len(queue.items)
    follow.denials_by_category = {str(category): len(items) for category, items, _cents in queue.groups()}
    appealable = [item.claim_control_number for item in queue.items if appeal_is_next_action(item.category)]
    out.mkdir(parents=True, exist_ok=True)
    for claim_number in list(dict.fromkeys(appealable))[:APPEAL_LETTERS]:
        view = appeals.draft_appeal(uow(), clinic.biller, claim_number,
                                    note="The service was medically necessary; documentation enclosed.")  # fmt: skip
        appeal_id = view.stored.appeal.id or 0
        path = out / f"appeal-{claim_number}.pdf"
        appeals.appeal_letter(uow(), clinic.biller, appeal_id, path)
        appeals.mark_appeal_sent(uow(), clinic.biller, appeal_id)
        follow.appeals.append(path)
        tick(1)


def send_statements(uow: Callable[[], UnitOfWork], clinic: Practice, out: Path, follow: FollowUp) -> None:
    batch = statements.run_statements(uow(), clinic.biller, out)
    follow.statements = [run.path for run in batch.written if run.path is not None]


def print_forms(
    uow: Callable[[], UnitOfWork], clinic: Practice, out: Path, follow: FollowUp, tick: Tick
) -> None:
    """The first `CMS1500_SAMPLE` claims on the CMS-1500 (a sample: every claim went out as an 837P)."""
    found, _total = list_claims(uow(), clinic.biller, page_of(CMS1500_SAMPLE, 0))
    out.mkdir(parents=True, exist_ok=True)
    for claim in found:
        path = out / f"cms1500-{claim.claim_number}.pdf"
        claims.print_claim(uow(), clinic.biller, claim.id, path)
        follow.forms.append(path)
        tick(1)


def age_and_measure(uow: Callable[[], UnitOfWork], clinic: Practice) -> tuple[AgingReport, Kpis]:
    return reports.ar_aging(uow(), clinic.manager), reports.kpis(uow(), clinic.manager)


def find_underpayments(
    uow: Callable[[], UnitOfWork], clinic: Practice, payer_code: str, contract: Contract, follow: FollowUp
) -> None:
    """The manager loads the practice's copy of the payer's contract; the biller checks every posted
    line against it (default tolerance: $1.00); lines paid short go to the underpayment queue."""
    underpayments.set_payer_contract(uow(), clinic.manager, payer_code, contract, "demo contract")
    report = underpayments.find_underpayments(uow(), clinic.biller)
    follow.underpayment_lines_checked = report.lines_checked
    follow.underpaid_lines = len(report.found)
    follow.underpaid_cents = report.difference_cents
