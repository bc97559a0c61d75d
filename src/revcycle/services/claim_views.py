"""The claim pages' reads, each one transaction: one claim with its patient id and latest scrub, the latest
scrubs of a page of claims, and a one-claim 837P preview (usage T, nothing sent). The claims list itself is
`claim_worklist`.

    view = claim_view(uow, user, claim_id)
    preview = claim_837_preview(uow, user, claim_id)   # preview.segments: the 837P, one segment a row

All need `read_patients`. The claim shown is audited by `claims.get_claim` (one READ); scrub findings, payer names and ids add no audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.claims import Claim
from revcycle.edi.claim_to_837 import Receiver, Submitter, write_837p
from revcycle.practice.users import Permission, User
from revcycle.services import claims
from revcycle.store.repositories.views import LatestScrub
from revcycle.store.uow import UnitOfWork

PREVIEW_CONTACT = "Billing office"  # the preview's PER contact; a real export takes the practice's
PREVIEW_PHONE = "0000000000"


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim: Claim
    patient_id: int
    scrub: LatestScrub | None  # None until the claim is scrubbed


@dataclass(frozen=True, slots=True)
class Claim837Preview:
    claim_number: str
    text: str  # the whole interchange

    @property
    def segments(self) -> list[str]:
        return [segment.strip() for segment in self.text.split("~") if segment.strip()]


def claim_view(uow: UnitOfWork, user: User, claim_id: int) -> ClaimView:
    """One claim (`claims.get_claim`, audited), the patient it bills for and its latest scrub."""
    with uow:
        claim = claims.get_claim(uow, user, claim_id)
        patient_id, _payer_id = uow.claims.ids_of(claim_id)
        return ClaimView(claim, patient_id, uow.views.latest_scrubs([claim_id]).get(claim_id))


def claim_837_preview(uow: UnitOfWork, user: User, claim_id: int) -> Claim837Preview:
    """The claim as a one-claim 837P (X222A1, usage T, interchange number = the claim's id), as the payer would
    read it; the claim is read as `claims.get_claim` reads it (audited). Nothing is sent or posted."""
    with uow:
        claim = claims.get_claim(uow, user, claim_id)
        now = uow.clock.now()
    submitter = Submitter(
        claim.billing.last_name_or_org[:60], claim.billing.npi, PREVIEW_CONTACT, PREVIEW_PHONE
    )
    receiver = Receiver(claim.payer.name[:60], claim.payer.payer_code)
    return Claim837Preview(claim.claim_id, write_837p([claim], submitter, receiver, claim_id, now, usage="T"))


def scrub_of(uow: UnitOfWork, user: User, claim_ids: list[int]) -> dict[int, LatestScrub]:
    """The latest scrub of each claim listed (claims never scrubbed left out)."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        return uow.views.latest_scrubs(claim_ids)


def payer_choices(uow: UnitOfWork, user: User) -> list[tuple[int, str]]:
    """(payer id, name) of every payer, by name: the claims list's payer filter."""
    with uow:
        user.require(Permission.READ_PATIENTS)
        return [
            (payer.id or 0, payer.name)
            for payer in sorted(uow.practice.payers(), key=lambda payer: payer.name)
        ]
