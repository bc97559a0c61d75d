"""From coded encounters to posted money: claims, scrub, weekly 837P batches, the payer's answers
(999 and 277CA at once, the 835 on its payment date), posting, and the secondary claims the
primary's 835 left for Second Health (scrubbed, sent, adjudicated and posted the same way).

The timeline: a week's visits are billed the next Monday, the payer receives the batch on Tuesday
and pays 14 days later; an 835 dated after the run's as-of day has not arrived yet (those claims
stay open for the claim-status inquiry).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.demo.partners import DemoClearinghouse, DemoClock
from revcycle.demo.setup import Practice
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Submitter
from revcycle.services import claims
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.services.listings import list_claims, page_of
from revcycle.store import UnitOfWork

SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
Tick = Callable[[int], None]


@dataclass
class Billing:
    claims_built: int = 0
    scrub_batches: list[tuple[date, int, int, int]] = field(
        default_factory=list
    )  # (bill day, batch, claims, clean)
    submitted: list[tuple[date, str]] = field(default_factory=list)  # (bill day, 837P file name)
    acknowledgments: dict[str, str] = field(default_factory=dict)  # interchange -> plain words
    claims_rejected: int = 0
    remittances: list[dict] = field(default_factory=list)
    secondary_claims: int = 0
    secondary_submitted: list[tuple[date, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # files that could not be applied (left waiting)

    def facts(self) -> dict[str, object]:
        scrubbed = sum(count for _d, _b, count, _c in self.scrub_batches)
        clean = sum(clean for _d, _b, _n, clean in self.scrub_batches)
        return {
            "claims_built": self.claims_built, "claims_scrubbed": scrubbed, "claims_clean": clean,
            "claims_held_by_scrubber": scrubbed - clean, "batches_837p": len(self.submitted),
            "batches_accepted": sum(words.startswith("accepted") for words in self.acknowledgments.values()),
            "claims_rejected_277ca": self.claims_rejected, "remittances_posted": len(self.remittances),
            "claims_posted": sum(r["claims_posted"] for r in self.remittances),
            "remit_exceptions": sum(r["exceptions"] for r in self.remittances),
            "secondary_claims_built": self.secondary_claims, "secondary_batches_837p": len(self.secondary_submitted),
        }  # fmt: skip


def no_tick(count: int = 1) -> None:
    return None


def bill_day(service_day: date) -> date:
    """The Monday after the service's week."""
    return service_day + timedelta(days=7 - service_day.weekday())


def build_claims(uow: Callable[[], UnitOfWork], clinic: Practice, coded: list[int], clock: DemoClock,
                 billing: Billing, tick: Tick) -> dict[date, list[int]]:  # fmt: skip
    """Claims for the coded encounters, grouped by the day they are billed."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for encounter_id in coded:
        service_day = clinic.visit(encounter_id).date_of_service
        clock.move_to(service_day + timedelta(days=1), 16)
        built = claims.build_encounter_claims(uow(), clinic.biller, encounter_id)
        by_day[bill_day(service_day)] += [claim.id or 0 for claim in built]
        billing.claims_built += len(built)
        tick(1)
    return dict(sorted(by_day.items()))


def scrub(uow: Callable[[], UnitOfWork], clinic: Practice, by_day: dict[date, list[int]], clock: DemoClock,
          billing: Billing, tick: Tick) -> dict[date, int]:  # fmt: skip
    """One scrub batch per billing day; clean claims become ready."""
    batches = {}
    for day, claim_ids in by_day.items():
        clock.move_to(day, 8)
        run = claims.scrub_claims(uow(), clinic.biller, claim_ids)
        batches[day] = run.batch_id
        billing.scrub_batches.append((day, run.batch_id, len(claim_ids), run.result.clean_claims))
        tick(len(claim_ids))
    return batches


def submit(uow: Callable[[], UnitOfWork], clinic: Practice, partner: Clearinghouse, batches: dict[date, int],
           clock: DemoClock, sent: list[tuple[date, str]], tick: Tick,
           submitter: Submitter = SUBMITTER) -> None:  # fmt: skip
    """Each scrub batch's ready claims as an 837 (837P, or 837I for institutional claims) into the
    clearinghouse outbox (charges posted)."""
    for day, batch_id in batches.items():
        clock.move_to(day, 10)
        try:
            _number, file_name = submit_batch(uow(), clinic.biller, partner, batch_id, submitter)
        except RevcycleError as error:
            if error.code is not ErrorCode.VALIDATION:  # a batch with no ready claim has nothing to send
                raise
            tick(1)
            continue
        sent.append((day, file_name))
        tick(1)


def adjudicate(partner: DemoClearinghouse, sent: list[tuple[date, str]], tick: Tick) -> None:
    """The payer simulator reads each file the day after it was sent (its answers kept in `partner.answered`)."""
    for day, file_name in sent:
        partner.answer(file_name, day + timedelta(days=1))
        tick(1)


def acknowledge(
    uow: Callable[[], UnitOfWork], clinic: Practice, partner: Clearinghouse, billing: Billing
) -> None:
    """999 (file accepted?) and 277CA (each claim accepted or rejected at the front end) are applied."""
    report = collect(uow(), clinic.biller, partner)
    billing.acknowledgments |= {str(number): words for number, words in report.batches.items()}
    billing.claims_rejected += sum(1 for words in report.claims.values() if words.startswith("rejected"))


def post_due(uow: Callable[[], UnitOfWork], clinic: Practice, partner: DemoClearinghouse, as_of: date,
             clock: DemoClock, billing: Billing, tick: Tick) -> None:  # fmt: skip
    """Each 835 paid by `as_of` is delivered on its payment date and posted."""
    for paid_on in sorted({answer.paid_on for answer in partner.answered if answer.paid_on <= as_of}):
        clock.move_to(paid_on, 11)
        due = partner.deliver_due(paid_on)
        if not due:  # already delivered with an earlier date's
            continue
        report = collect(uow(), clinic.biller, partner)
        billing.remittances += report.remittances
        billing.failed += report.failed
        tick(len(due))


def secondary_drafts(uow: Callable[[], UnitOfWork], clinic: Practice) -> dict[date, list[int]]:
    """The secondary claims posting built (drafts for Second Health), by the day they are billed:
    the day after the primary's 835 for that week of service."""
    by_day: dict[date, list[int]] = defaultdict(list)
    offset = 0
    while True:
        found, total = list_claims(uow(), clinic.biller, page_of(200, offset), status="draft",
                                   payer_id=clinic.payer_ids["00431"])  # fmt: skip
        for claim in found:
            by_day[bill_day(claim.first_service_date) + timedelta(days=16)].append(claim.id)
        offset += len(found)
        if not found or offset >= total:
            return dict(sorted(by_day.items()))
