"""The claims list a biller works: filtered, searched, sorted and paged (`uow.claim_worklist`), each claim shown
audited as a list read; and the bulk action on the claims ticked: rebill (scrub them into one new batch).

    rows, total = claim_worklist(uow, user, ClaimFilters(status="denied", search="doe"), Page(50, 0))
    result = rebill_claims(uow, user, [12, 13, 14])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit, claims
from revcycle.store.repositories.claim_worklist import SORTS, ClaimFilters, ClaimRow
from revcycle.store.repositories.listing import Page
from revcycle.store.uow import UnitOfWork

AGE_BUCKETS: dict[str, tuple[int | None, int | None]] = {  # days since the first date of service: [from, to)
    "0-30": (None, 31), "31-60": (31, 61), "61-90": (61, 91), "91-120": (91, 121), "120+": (121, None),
}  # fmt: skip


@dataclass(slots=True)
class RebillResult:
    batch_id: int | None = None  # the first batch formed
    batch_ids: list[int] = field(default_factory=list)  # one per claim kind (837P and 837I batches)
    ready: list[str] = field(default_factory=list)  # claim numbers clean and ready to submit
    held: list[str] = field(default_factory=list)  # scrubbed with findings to fix
    skipped: list[str] = field(default_factory=list)  # "C12 (paid)": not a draft or scrubbed claim


def with_age(filters: ClaimFilters, age: str) -> ClaimFilters:
    """The filters narrowed to an age bucket (`0-30` … `120+`); an unknown bucket is a VALIDATION error."""
    if not age:
        return filters
    if age not in AGE_BUCKETS:
        raise RevcycleError(ErrorCode.VALIDATION, f"age {age!r}: one of {', '.join(AGE_BUCKETS)}")
    older, younger = AGE_BUCKETS[age]
    return replace(filters, older_than_days=older, younger_than_days=younger)


def claim_worklist(
    uow: UnitOfWork, user: User, filters: ClaimFilters, page: Page
) -> tuple[list[ClaimRow], int]:
    with uow:
        user.require(Permission.READ_PATIENTS)
        rows, total = uow.claim_worklist.page(filters, uow.clock.today(), page)
        audit.record_many(
            uow,
            user,
            audit.Action.READ,
            "claim",
            [(row.id, f"list patient={row.patient_id}") for row in rows],
        )
        return rows, total


def rebill_claims(uow: UnitOfWork, user: User, claim_ids: list[int]) -> RebillResult:
    """Scrub the ticked draft or scrubbed claims into one new batch (clean ones become ready to submit); the
    others are named and left alone. One transaction."""
    result = RebillResult()
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        chosen = []
        for claim_id in sorted(set(claim_ids)):
            claim = uow.claims.get(claim_id)
            if claim.status in claims.SCRUBBABLE:
                chosen.append(claim_id)
            else:
                result.skipped.append(f"{claim.claim_id} ({claim.status.value})")
        if not chosen:
            return result
        run = claims.scrub_claims(uow, user, chosen)
        result.batch_id = run.batch_id
        result.batch_ids = list(run.batch_ids)
        for claim in run.claims:
            (result.ready if claim.status.value == "ready" else result.held).append(claim.claim_id)
        return result


__all__ = [
    "AGE_BUCKETS",
    "SORTS",
    "ClaimFilters",
    "ClaimRow",
    "RebillResult",
    "claim_worklist",
    "rebill_claims",
    "with_age",
]
