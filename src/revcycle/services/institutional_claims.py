"""Institutional (hospital) claim use cases: build one from a stay file, print it on the UB-04.

    claim = build_institutional_claim(uow, user, read_stay_file(text), ChargeMaster.from_csv(path))
    export = export_batch_837i(uow, user, batch_id, out, submitter, receiver)
    pages = print_ub04(uow, user, claim_id, out, background=True)

The stay names the patient (and optionally the coverage) by id; the claim takes snapshots of them, as every
claim does, and is stored as a draft (kind institutional) in one transaction, audited with ids only. It is
then scrubbed (`services.claims.scrub_claims`, institutional edits) and sent like any claim: a scrub batch
of institutional claims goes out as an 837I (`services.claims.send_ready_claims` picks the writer by kind).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from revcycle.claims import Claim, ClaimStatus, StatusChange
from revcycle.claims.build import RESPONSIBILITY, claim_payer, claim_subscriber
from revcycle.claims.institutional import ChargeMaster
from revcycle.claims.institutional import build_institutional_claim as build_claim
from revcycle.claims.parties import ClaimPerson
from revcycle.claims.stay_file import StayFile, filled
from revcycle.claims.ub04 import render_ub04
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import Coverage
from revcycle.practice.organization import Receiver, Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.claims import Export, export_batch_837, get_claim
from revcycle.store.uow import UnitOfWork


def build_institutional_claim(uow: UnitOfWork, user: User, stay_file: StayFile,
                              charge_master: ChargeMaster | None = None) -> Claim:  # fmt: skip
    """The stay as a stored draft institutional claim (a claim number already used is CONFLICT)."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        patient = uow.patients.get(stay_file.patient_id)
        coverage = _coverage(uow, stay_file, stay_file.template.statement_from)
        payer = uow.practice.payer(coverage.payer_id)
        default_number = f"H{stay_file.patient_id}-{stay_file.template.statement_from:%Y%m%d}"
        stay = filled(stay_file, ClaimPerson.of_patient(patient), claim_subscriber(patient, coverage),
                      coverage.relationship_to_subscriber, claim_payer(payer), RESPONSIBILITY[coverage.order],
                      default_number)  # fmt: skip
        now = uow.clock.now()
        claim = replace(
            build_claim(stay, charge_master), history=(StatusChange(ClaimStatus.DRAFT, now, "built"),)
        )
        stored = uow.claims.add(claim, stay_file.patient_id, coverage.payer_id, now, user.id)
        audit.record(uow, user, audit.Action.CREATE, "claim", stored.id or 0,
                     f"institutional tob={stored.type_of_bill} lines={len(stored.lines)}")  # fmt: skip
        return stored


def export_batch_837i(uow: UnitOfWork, user: User, batch_id: int, out: Path, submitter: Submitter,
                      receiver: Receiver, interchange_control: int | None = None) -> Export:  # fmt: skip
    """The batch's ready institutional claims as one 837I file (`services.claims.export_batch_837`), submitted
    and their charges posted; a batch of professional claims is refused (it goes out on an 837P)."""
    with uow:
        _row, members = uow.claims.batch(batch_id)
        professional = [
            c.claim_id for c in members if c.status is ClaimStatus.READY and not c.is_institutional
        ]
        if professional:
            raise RevcycleError(ErrorCode.VALIDATION, f"batch {batch_id} holds professional claim {professional[0]}: "
                                "export it with revcycle claims export-837")  # fmt: skip
        return export_batch_837(uow, user, batch_id, out, submitter, receiver, interchange_control)


def print_ub04(uow: UnitOfWork, user: User, claim_id: int, out: Path, background: bool = True) -> int:
    """Render a stored institutional claim on the UB-04; returns the number of pages."""
    claim = get_claim(uow, user, claim_id)
    if not claim.is_institutional:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"claim {claim.claim_id} is professional: print it on the CMS-1500 (revcycle claims print)")  # fmt: skip
    return render_ub04([claim], out, background=background, created=uow.clock.today())


def _coverage(uow: UnitOfWork, stay_file: StayFile, first_day: date) -> Coverage:
    coverages = [c for c in uow.coverages.for_patient(stay_file.patient_id) if c.merged_into_id is None]
    if stay_file.coverage_id is not None:
        found = next((c for c in coverages if c.id == stay_file.coverage_id), None)
        if found is None:
            raise RevcycleError(ErrorCode.NOT_FOUND,
                                f"coverage {stay_file.coverage_id} is not one of patient {stay_file.patient_id}'s")  # fmt: skip
        return found
    in_force = sorted((c for c in coverages if c.covers(first_day)), key=lambda c: c.order)
    if not in_force:
        raise RevcycleError(ErrorCode.VALIDATION, f"patient {stay_file.patient_id} has no coverage in force on "
                            f"{first_day.isoformat()}: give coverage_id, or bill the patient")  # fmt: skip
    return in_force[0]

