"""Claim use cases: build from encounters, scrub in batches, send the ready claims as an 837P (to a
file here; to a clearinghouse with `services.clearinghouse.submit_batch`), print a CMS-1500.

Each function is one transaction and writes the audit log (ids only, no PHI). Sending a claim marks it
submitted (when, and in which clearinghouse interchange) and posts its charges to the ledger once per
claim version: the idempotency key is `claim:<claim number>:line:<n>`, and the claim number carries the
version (`E12-1V2`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from revcycle.claims import Claim, ClaimStatus, EncounterParties, FeeSchedule, build_claims, transition
from revcycle.claims.cms1500 import render_cms1500
from revcycle.claims.model import ClaimKind, Frequency, StatusChange
from revcycle.edi.claim_to_837 import write_837p
from revcycle.edi.claim_to_837i import write_837i
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.entries import PostedEntry
from revcycle.ledger.postings import ChargeRef
from revcycle.practice import Encounter
from revcycle.practice.organization import Receiver, Submitter
from revcycle.practice.users import Permission, User
from revcycle.remittance.reversals import charge_key
from revcycle.scrub import BatchResult, ScrubContext, scrub_batch
from revcycle.services import audit
from revcycle.services.eligibility import coverage_checks
from revcycle.services.ledger import post_charge
from revcycle.store.uow import UnitOfWork

SCRUBBABLE = (ClaimStatus.DRAFT, ClaimStatus.SCRUBBED)


@dataclass(frozen=True, slots=True)
class KindBatch:
    """One scrub batch: the claims of one kind (an 837P and an 837I cannot share an interchange)."""

    kind: ClaimKind
    batch_id: int
    result: BatchResult
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class ScrubRun:
    batches: tuple[KindBatch, ...]  # one per claim kind scrubbed (professional first)

    @property
    def batch_id(self) -> int:
        """The first batch (professional claims when there are any)."""
        return self.batches[0].batch_id

    @property
    def batch_ids(self) -> tuple[int, ...]:
        return tuple(batch.batch_id for batch in self.batches)

    @property
    def result(self) -> BatchResult:
        """Every claim scrubbed, in the order of `batches`."""
        return BatchResult(tuple(result for batch in self.batches for result in batch.result.results))

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for batch in self.batches for claim in batch.claims)


@dataclass(frozen=True, slots=True)
class Export:
    batch_id: int
    path: Path
    claims: tuple[Claim, ...]
    charges_posted: int


@dataclass(frozen=True, slots=True)
class SentClaims:
    text: str  # the 837P
    claims: tuple[Claim, ...]  # now submitted
    charges_posted: int


def _parties(uow: UnitOfWork, encounter_id: int) -> tuple[EncounterParties, Encounter, int]:
    encounter = uow.encounters.get(encounter_id)
    if encounter.coverage_id is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"encounter {encounter_id} is self-pay: no claim to build")
    coverage = uow.coverages.get(encounter.coverage_id)
    coverages = {c.id: c for c in uow.coverages.for_patient(encounter.patient_id)} | {coverage.id: coverage}
    parties = EncounterParties(
        patient=uow.patients.get(encounter.patient_id),
        billing_provider=uow.practice.billing_provider(encounter.billing_provider_id),
        rendering_providers={encounter.rendering_provider_id: uow.practice.rendering_provider(encounter.rendering_provider_id)},
        coverages=coverages,  # type: ignore[arg-type]  (the billed one; the others name the claim's other plans)
        payers={c.payer_id: uow.practice.payer(c.payer_id) for c in coverages.values()},
        facility=uow.practice.facility(encounter.facility_id) if encounter.facility_id else None,
    )
    return parties, encounter, coverage.payer_id


def encounter_parties(uow: UnitOfWork, encounter_id: int) -> tuple[EncounterParties, Encounter, int]:
    """What the claim builder needs for the encounter (its parties, the encounter, the payer id), read in the
    caller's unit of work; a self-pay encounter is VALIDATION (charge entry previews the claim with it)."""
    return _parties(uow, encounter_id)


def build_encounter_claims(uow: UnitOfWork, user: User, encounter_id: int, fees: FeeSchedule | None = None) -> list[Claim]:
    """The encounter's claims, built and stored as drafts; an encounter already billed returns its claims."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        repository = uow.claims
        existing = repository.find(encounter_id=encounter_id)
        if existing:
            return existing
        parties, encounter, payer_id = _parties(uow, encounter_id)
        stored = []
        for claim in build_claims(encounter, parties, fees):
            draft = replace(claim, history=(StatusChange(ClaimStatus.DRAFT, uow.clock.now(), "built"),))
            added = repository.add(draft, encounter.patient_id, payer_id, uow.clock.now(), user.id)
            audit.record(uow, user, audit.Action.CREATE, "claim", added.id or 0, f"encounter={encounter_id}")
            stored.append(added)
        return stored


def build_ready_claims(uow: UnitOfWork, user: User, fees: FeeSchedule | None = None) -> list[Claim]:
    """Claims for every encounter with a coverage that has none yet."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        built: list[Claim] = []
        for encounter_id in uow.claims.encounters_ready_to_bill():
            built += build_encounter_claims(uow, user, encounter_id, fees)
        return built


def get_claim(uow: UnitOfWork, user: User, claim_id: int) -> Claim:
    with uow:
        user.require(Permission.READ_PATIENTS)
        claim = uow.claims.get(claim_id)
        audit.record(uow, user, audit.Action.READ, "claim", claim_id)
        return claim


def scrub_claims(uow: UnitOfWork, user: User, claim_ids: Sequence[int] | None = None) -> ScrubRun:
    """Scrub the given claims (default: every draft or scrubbed claim) as one batch per claim kind
    (professional, institutional), so each batch exports as one 837P or one 837I.

    Clean claims become `ready`; others stay (or become) `scrubbed` with their findings recorded.
    Each batch's clean-claim rate is stored with it."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        repository = uow.claims
        chosen = [repository.get(i) for i in claim_ids] if claim_ids else repository.find(statuses=SCRUBBABLE)
        if not chosen:
            raise RevcycleError(ErrorCode.NOT_FOUND, "no claim to scrub (drafts and scrubbed claims are scrubbed)")
        for claim in chosen:
            if claim.status not in SCRUBBABLE:
                raise RevcycleError(ErrorCode.ILLEGAL_TRANSITION, f"claim {claim.claim_id} is {claim.status}; "
                                    "only draft or scrubbed claims are scrubbed")
        context = _context(uow, chosen)
        batches = tuple(_scrub_kind(uow, user, kind, [claim for claim in chosen if claim.kind is kind], context)
                        for kind in ClaimKind if any(claim.kind is kind for claim in chosen))  # fmt: skip
        return ScrubRun(batches)


def _scrub_kind(uow: UnitOfWork, user: User, kind: ClaimKind, chosen: list[Claim], context: ScrubContext) -> KindBatch:
    result = scrub_batch(chosen, context)
    updated = tuple(_after_scrub(uow, user, claim, scrubbed.clean)
                    for claim, scrubbed in zip(chosen, result.results, strict=True))
    batch_id = uow.claims.add_batch(result, updated, uow.clock.now(), user.id)
    audit.record(uow, user, audit.Action.CREATE, "claim_batch", batch_id,
                 f"kind={kind.value} claims={len(updated)} clean={result.clean_claims}")
    return KindBatch(kind, batch_id, result, updated)


def _context(uow: UnitOfWork, chosen: list[Claim]) -> ScrubContext:
    patients = {patient_id for patient_id, _payer in uow.claims.owners(c.id for c in chosen if c.id is not None).values()}
    others = [other for patient_id in sorted(patients) for other in uow.claims.find(patient_id=patient_id)]
    checks = coverage_checks(uow, [claim.encounter_id for claim in chosen if claim.encounter_id is not None])
    return ScrubContext.standard(uow.clock.today(), other_claims=others, coverage_checks=checks)


def _after_scrub(uow: UnitOfWork, user: User, claim: Claim, clean: bool) -> Claim:
    now = uow.clock.now()
    if claim.status is ClaimStatus.DRAFT:
        claim = transition(claim, ClaimStatus.SCRUBBED, now, "clean" if clean else "findings")
        uow.claims.record_status(claim, user.id)
    if clean:
        claim = transition(claim, ClaimStatus.READY, now, "scrubbed clean")
        uow.claims.record_status(claim, user.id)
    return claim


def export_batch_837(uow: UnitOfWork, user: User, batch_id: int, out: Path, submitter: Submitter,
                     receiver: Receiver, interchange_control: int | None = None) -> Export:
    """Write the batch's ready claims as one 837P file, mark them submitted and post their charges."""
    with uow:
        sent = send_ready_claims(uow, user, batch_id, submitter, receiver, interchange_control or batch_id)
        out.write_text(sent.text, encoding="ascii")
        uow.claims.mark_exported(batch_id, uow.clock.now(), out.name)
        return Export(batch_id, out, sent.claims, sent.charges_posted)


def send_ready_claims(uow: UnitOfWork, user: User, batch_id: int, submitter: Submitter, receiver: Receiver,
                      interchange_control: int, clearinghouse_batch_id: int | None = None) -> SentClaims:  # fmt: skip
    """The scrub batch's ready claims as one 837P (837I for institutional claims), each marked submitted (now, in the clearinghouse
    interchange when there is one) with its charges posted; the caller delivers the text."""
    with uow:
        user.require(Permission.POST_LEDGER)
        _row, members = uow.claims.batch(batch_id, lock=True)  # overlapping submissions queue: each claim sent once
        ready = [claim for claim in members if claim.status is ClaimStatus.READY]
        if not ready:
            raise RevcycleError(ErrorCode.VALIDATION, f"batch {batch_id} has no ready claim to export")
        now = uow.clock.now()
        kind = _one_kind(ready, batch_id)
        write = write_837i if kind is ClaimKind.INSTITUTIONAL else write_837p
        text = write(ready, submitter, receiver, interchange_control, now)
        name = "837I" if kind is ClaimKind.INSTITUTIONAL else "837P"
        submitted = [transition(claim, ClaimStatus.SUBMITTED, now, f"{name} batch {batch_id}") for claim in ready]
        uow.claims.record_statuses(submitted, user.id)
        uow.claims.record_submission([claim.id for claim in submitted if claim.id is not None], now, clearinghouse_batch_id)
        posted = sum(len(post_claim_charges(uow, user, claim)) for claim in submitted)
        audit.record(uow, user, audit.Action.CHANGE, "claim_batch", batch_id, f"exported claims={len(ready)}")
        return SentClaims(text, tuple(submitted), posted)


def _one_kind(claims: Sequence[Claim], batch_id: int) -> ClaimKind:
    """Professional claims go out on an 837P, institutional ones on an 837I: one kind per file."""
    kinds = {claim.kind for claim in claims}
    if len(kinds) > 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"batch {batch_id} holds professional and institutional claims: "
                            "scrub them in separate batches (an 837P and an 837I)")  # fmt: skip
    return kinds.pop()


def post_claim_charges(uow: UnitOfWork, user: User, claim: Claim) -> list[PostedEntry]:
    """The claim version's charges on the ledger, once (idempotent by claim number and line). A claim to a
    next payer (COB `prior_payers`) posts none: its charges are the primary claim's."""
    if claim.frequency is Frequency.VOID or claim.id is None or claim.prior_payers:
        return []
    with uow:
        patient_id, payer_id = uow.claims.ids_of(claim.id)
        return [
            post_charge(uow, user, charge_key(claim.claim_id, line.line_number),
                        ChargeRef(patient_id, claim_id=claim.id, service_line_id=line.service_line_id),
                        line.charge_cents, payer_id, line.service_date)
            for line in claim.lines
        ]


def print_claim(uow: UnitOfWork, user: User, claim_id: int, out: Path, background: bool = True) -> int:
    """Render a stored claim on the CMS-1500; returns the number of pages."""
    claim = get_claim(uow, user, claim_id)
    return render_cms1500([claim], out, background=background)
