"""Coordination of benefits when an 835 posts: who pays next, and the claim that bills them.

    submitted, ledger_ids = coordinate(uow, submitted)      # before planning the 835's claims
    numbers = build_secondary_claims(uow, user_id, plans, on)  # after writing them

- The next payer of a claim built by the claims package is the patient's next coverage by order
  (secondary after primary, tertiary after secondary) in force on the claim's first date of service,
  with another payer; without one, what the payer leaves to the patient (PR) is the patient's.
- A secondary claim is a new `claims.Claim` (`<primary number>S`, responsibility S) whose
  `prior_payers` carry the primary's paid amounts and adjustments (837P 2320/2430). Its charges stay
  on the primary claim's ledger lines: its payments post there (`ledger_ids`), never a second charge.
- Built once: a claim number that exists already is left alone (a replayed or corrected 835).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims.build import RESPONSIBILITY
from revcycle.claims.model import Claim, ClaimStatus, StatusChange
from revcycle.claims.parties import ClaimPayer, ClaimPerson, ClaimSubscriber
from revcycle.claims.prior_payers import PriorAdjustment, PriorLinePayment, PriorPayer
from revcycle.practice import Coverage, Relationship
from revcycle.remittance.model import Adjustment, ClaimPayment
from revcycle.services.remittance_plan import ClaimPlan, match_line
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.repositories.remittances import SubmittedClaimRow
from revcycle.store.uow import UnitOfWork

SECONDARY_SUFFIX = "S"
ORDER_OF = {"P": 1, "S": 2, "T": 3}
RELATIONSHIP_CODE = {Relationship.SELF: "18", Relationship.SPOUSE: "01", Relationship.CHILD: "19"}


def next_coverage(uow: UnitOfWork, patient_id: int, claim: Claim, payer_id: int) -> Coverage | None:
    """The coverage after the one `claim` billed, in force on its first date of service, or None."""
    order, day = ORDER_OF.get(claim.payer_responsibility, 1), claim.first_service_date
    for coverage in uow.coverages.for_patient(patient_id):
        in_force = coverage.effective_from <= day and (coverage.effective_to is None or day <= coverage.effective_to)
        if int(coverage.order) > order and in_force and coverage.payer_id != payer_id:
            return coverage
    return None


def coordinate(uow: UnitOfWork, submitted: dict[str, SubmittedClaimRow]) -> tuple[dict[str, SubmittedClaimRow], dict[str, int]]:  # fmt: skip
    """The rows with their next payer taken from the coverages, and the ledger claim of secondary claims."""
    repository = uow.claims
    ledger_ids: dict[str, int] = {}
    resolved = dict(submitted)
    claims = repository.get_many(int(row.claim_reference) for row in submitted.values() if row.claim_reference.isdigit())
    for number, row in submitted.items():
        if not row.claim_reference.isdigit():
            continue
        claim = claims[int(row.claim_reference)]
        if claim.prior_payers:
            ledger_ids[number] = _primary_row_id(repository, claim)
        if row.next_payer_id is None and (coverage := next_coverage(uow, row.patient_id, claim, row.payer_id)):
            resolved[number] = replace(row, next_payer_id=coverage.payer_id)
    return resolved, ledger_ids


def _primary_row_id(repository: ClaimRepository, claim: Claim) -> int:
    primary = repository.get_by_number(claim.prior_payers[0].claim_id)
    if primary.prior_payers:  # a tertiary claim: its charges are on the primary's lines too
        return _primary_row_id(repository, primary)
    assert primary.id is not None
    return primary.id


def build_secondary_claims(uow: UnitOfWork, user_id: int | None, plans: list[ClaimPlan], on: date) -> list[str]:
    """Store the next payer's claim for every posted claim that moved a balance to a next payer."""
    repository = uow.claims
    built = []
    for plan in plans:
        row = plan.submitted
        if plan.exception or plan.claim.is_reversal or row is None or not plan.totals["next_payer"]:
            continue
        if not row.claim_reference.isdigit():
            continue
        claim = repository.get(int(row.claim_reference))
        coverage = next_coverage(uow, row.patient_id, claim, row.payer_id)
        number = f"{claim.claim_id}{SECONDARY_SUFFIX}"
        if coverage is None or repository.find_by_number(number) is not None:
            continue
        secondary = secondary_claim(uow, claim, plan, coverage, number, on)
        repository.add(secondary, row.patient_id, coverage.payer_id, uow.clock.now(), user_id)
        built.append(number)
    return built


def secondary_claim(uow: UnitOfWork, claim: Claim, plan: ClaimPlan, coverage: Coverage, number: str, on: date) -> Claim:  # fmt: skip
    payer = uow.practice.payer(coverage.payer_id)
    patient = uow.patients.get(coverage.patient_id)
    person = ClaimPerson.of_patient(patient) if coverage.subscriber is None else ClaimPerson.of_person(coverage.subscriber)
    subscriber = ClaimSubscriber(coverage.member_id, person, coverage.group_number, coverage.effective_from,
                                 coverage.effective_to)  # fmt: skip
    note = f"secondary of {claim.claim_id} after its 835 (CLP07 {plan.claim.payer_claim_number})"
    return replace(
        claim, claim_id=number, subscriber=subscriber, relationship=coverage.relationship_to_subscriber,
        payer=ClaimPayer(payer.payer_code, payer.name, str(payer.claim_filing_indicator), payer.timely_filing_days),
        payer_responsibility=RESPONSIBILITY[coverage.order], prior_payers=(*claim.prior_payers, _prior(claim, plan, on)),
        status=ClaimStatus.DRAFT, history=(StatusChange(ClaimStatus.DRAFT, uow.clock.now(), note[:500]),), id=None,
    )  # fmt: skip


def _prior(claim: Claim, plan: ClaimPlan, on: date) -> PriorPayer:
    payment: ClaimPayment = plan.claim
    assert plan.submitted is not None
    used: set[int] = set()
    lines = []
    for line in payment.lines:
        row = match_line(line, plan.submitted.lines, used, [], payment.claim_id)
        used.add(row.id)
        lines.append(PriorLinePayment(row.line_number, line.paid_cents, _adjustments(line.adjustments)))
    subscriber = claim.subscriber.person
    return PriorPayer(
        claim.claim_id, claim.payer.payer_code, claim.payer.name, claim.subscriber.member_id, subscriber.last_name,
        subscriber.first_name, payment.paid_cents, on, claim.payer_responsibility,
        RELATIONSHIP_CODE.get(claim.relationship, "G8"), claim.claim_filing_indicator or "CI",
        payment.payer_claim_number, claim.subscriber.group_number, _adjustments(payment.adjustments), tuple(lines),
    )  # fmt: skip


def _adjustments(adjustments: tuple[Adjustment, ...]) -> tuple[PriorAdjustment, ...]:
    return tuple(PriorAdjustment(a.group, a.reason, a.amount_cents) for a in adjustments if a.amount_cents)
