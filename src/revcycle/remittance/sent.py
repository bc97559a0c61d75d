"""Our claims as the way back sees them: the stored claim with its lines, who owes it, the ledger claim
its money posts on, and who pays after this payer (coordination of benefits).

    sent = sent_claims(stored, primary_ids, coverages)   # claim number -> SentClaim

- A secondary (tertiary) claim carries no charges of its own: its payments and adjustments post on the
  primary claim's ledger lines (`ledger_claim_id`, the row of `prior_payers[0].claim_id`).
- The next payer of a claim is the patient's next coverage by order (secondary after primary, tertiary
  after secondary) in force on the claim's first date of service, with another payer; without one, what
  this payer leaves to the patient (PR) is the patient's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from revcycle.claims.model import Claim
from revcycle.practice import Coverage

ORDER_OF = {"P": 1, "S": 2, "T": 3}  # a claim's payer responsibility -> its coverage order


@dataclass(frozen=True, slots=True)
class SentClaim:
    claim: Claim  # as stored: status, history, its lines with their row ids
    patient_id: int
    payer_id: int
    ledger_claim_id: int  # the claim its charges are on: its own row, or its primary's
    next_coverage: Coverage | None = None  # who pays after this payer (None: the patient)

    @property
    def id(self) -> int:
        assert self.claim.id is not None
        return self.claim.id

    @property
    def next_payer_id(self) -> int | None:
        return None if self.next_coverage is None else self.next_coverage.payer_id


def next_coverage(coverages: Sequence[Coverage], claim: Claim, payer_id: int) -> Coverage | None:
    """The coverage after the one `claim` billed, in force on its first date of service, or None."""
    order, day = ORDER_OF.get(claim.payer_responsibility, 1), claim.first_service_date
    for coverage in sorted(coverages, key=lambda c: int(c.order)):
        in_force = coverage.effective_from <= day and (coverage.effective_to is None or day <= coverage.effective_to)
        if int(coverage.order) > order and in_force and coverage.payer_id != payer_id:
            return coverage
    return None


def sent_claims(
    stored: Mapping[str, tuple[Claim, int, int]],
    primary_ids: Mapping[str, int],
    coverages: Mapping[int, Sequence[Coverage]],
) -> dict[str, SentClaim]:
    """claim number -> SentClaim, from (claim, patient id, payer id) per number, the row ids of the primary
    claims their secondaries name, and each patient's coverages."""
    found = {}
    for number, (claim, patient_id, payer_id) in stored.items():
        assert claim.id is not None
        ledger_id = primary_ids[claim.prior_payers[0].claim_id] if claim.prior_payers else claim.id
        after = next_coverage(coverages.get(patient_id, ()), claim, payer_id)
        found[number] = SentClaim(claim, patient_id, payer_id, ledger_id, after)
    return found
