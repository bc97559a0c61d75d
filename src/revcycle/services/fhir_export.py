"""FHIR R4 reads of revcycle's records, one transaction each, every read of patient data audited (ids only).

    patient_resource(uow, user, patient_id)                    # Patient             read_patients
    coverage_search(uow, user, patient_id, base)               # searchset Coverage  read_patients
    claim_resource(uow, user, "E12-1" or "12")                 # Claim               read_patients
    claim_response_search(uow, user, claim, base)              # searchset           read_ledger
    eob_search(uow, user, base, claim=..., patient_id=...)     # searchset           read_ledger
    export_bundle(uow, user, "claim" | "eob" | "patient", ref, base)   # a collection, for `revcycle fhir export`

A claim is named by its row id (digits) or its number (E12-1, the patient control number). Every resource
written is checked with fhir.resources' R4B models before it leaves (`fhir_validate`); a resource the models
refuse is a bug here, reported as one (never sent half-valid). Audit rows: `read patient <id> fhir Patient`,
`read claim <id> fhir Claim`, `read claim <id> fhir ExplanationOfBenefit n=2` and so on.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from revcycle.claims.model import Claim
from revcycle.interfaces import fhir_export as out
from revcycle.interfaces.fhir_remit import (
    RemittedAdjustment,
    RemittedClaim,
    RemittedLine,
    claim_response_resource,
    eob_resource,
)
from revcycle.interfaces.fhir_validate import resource_problems
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import Coverage, Patient
from revcycle.practice.users import Permission, User
from revcycle.remittance.model import REVERSAL_STATUS
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork

Json = dict[str, Any]
EXPORTS = ("claim", "eob", "patient")


def checked(resource: Json) -> Json:
    """The resource, once the R4B models accept it; INTERNAL-like VALIDATION naming the path otherwise."""
    if problems := resource_problems(resource):
        raise RevcycleError(ErrorCode.VALIDATION, f"revcycle wrote an invalid {resource.get('resourceType')}: "
                            + "; ".join(problems[:3]))  # fmt: skip
    return resource


# --- reads inside a transaction -------------------------------------------------------------------------------
def _patient(uow: UnitOfWork, patient_id: int) -> Patient:
    return uow.patients.get(patient_id)


def _coverages(uow: UnitOfWork, patient_id: int) -> list[Json]:
    found = sorted(
        uow.coverages.for_patient(patient_id), key=lambda c: (c.order, c.effective_from, c.id or 0)
    )
    plans = {plan.id: plan.name for plan in uow.practice.plans()} if any(c.plan_id for c in found) else {}
    payers = {payer_id: uow.practice.payer(payer_id) for payer_id in {c.payer_id for c in found}}
    return [out.coverage_resource(c, payers[c.payer_id], plans.get(c.plan_id, "")) for c in found]


def _claim(uow: UnitOfWork, claim_ref: str | int) -> Claim:
    text = str(claim_ref).strip()
    if text.isdecimal():
        return uow.claims.get(int(text))
    if not text or len(text) > 38:
        raise RevcycleError(
            ErrorCode.VALIDATION, "claim: its id or its number (E12-1), at most 38 characters"
        )
    return uow.claims.get_by_number(text)


def _billed_coverage(coverages: list[Coverage], claim: Claim, payer_id: int | None) -> int | None:
    """The coverage the claim billed: the patient's with the claim's payer in force on its first date of
    service, the one of the claim's order (P/S/T) first."""
    order = {"P": 1, "S": 2, "T": 3}.get(claim.payer_responsibility, 1)
    candidates = [c for c in coverages if c.payer_id == payer_id and c.covers(claim.first_service_date)]
    candidates.sort(key=lambda c: (int(c.order) != order, c.id or 0))
    return candidates[0].id if candidates else None


def _links(uow: UnitOfWork, claim: Claim) -> out.ClaimLinks:
    patient_id, payer_id = uow.claims.ids_of(claim.id or 0)
    coverage_id = _billed_coverage(uow.coverages.for_patient(patient_id), claim, payer_id)
    return out.ClaimLinks(claim.id or 0, patient_id, coverage_id)


def _claim_json(uow: UnitOfWork, claim: Claim, links: out.ClaimLinks) -> Json:
    created = claim.history[0].at if claim.history else uow.clock.now()
    return out.claim_resource(claim, links, created)


def _remitted(uow: UnitOfWork, claim: Claim, links: out.ClaimLinks) -> list[RemittedClaim]:
    """The claim's posted remitted claims (not the reversals), oldest first, a reversed one marked so."""
    rows = uow.posting.remitted_of_claim(links.claim_row_id)
    reversed_ids = {row.reverses_id for row in rows if row.reverses_id is not None}
    kept = [row for row in rows if row.outcome == "posted" and row.status_code != REVERSAL_STATUS]
    ids = [row.id for row in kept]
    adjustments: dict[tuple[int, int], list[RemittedAdjustment]] = defaultdict(list)
    for row in uow.posting.adjustments_of(ids):
        rarcs = tuple(r for r in row.rarcs.split(",") if r)
        adjustments[(row.remittance_claim_id, row.line_number)].append(
            RemittedAdjustment(row.group_code, row.carc, row.amount_cents, rarcs)
        )
    line_numbers = {line.id: line.line_number for line in claim.lines}
    lines: dict[int, list[RemittedLine]] = defaultdict(list)
    for row in uow.posting.remitted_lines_of(ids):
        allowed = (
            row.reported_allowed_cents
            if row.reported_allowed_cents is not None
            else row.paid_cents + row.patient_cents
        )
        lines[row.remittance_claim_id].append(RemittedLine(
            row.line_number, line_numbers.get(row.claim_line_id), row.procedure_code,
            tuple(m for m in row.modifiers.split(",") if m),
            row.service_date, row.units, row.charge_cents, row.paid_cents, allowed,
            tuple(adjustments[(row.remittance_claim_id, row.line_number)])))  # fmt: skip
    return [RemittedClaim(row.id, claim, links.claim_row_id, links.patient_id, links.coverage_id, row.status_code,
                          row.payer_claim_number, row.charge_cents, row.paid_cents, row.payment_date,
                          row.trace_number, row.received_at, row.id in reversed_ids,
                          tuple(adjustments[(row.id, 0)]), tuple(lines[row.id])) for row in kept]  # fmt: skip


# --- the use cases ----------------------------------------------------------------------------------------------
def patient_resource(uow: UnitOfWork, user: User, patient_id: int) -> Json:
    with uow:
        user.require(Permission.READ_PATIENTS)
        patient = _patient(uow, patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "fhir Patient")
    return checked(out.patient_resource(patient))


def coverage_search(uow: UnitOfWork, user: User, patient_id: int, base: str) -> Json:
    with uow:
        user.require(Permission.READ_PATIENTS)
        _patient(uow, patient_id)
        found = _coverages(uow, patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, f"fhir Coverage n={len(found)}")
        now = uow.clock.now()
    return checked(out.bundle("searchset", found, base, now))


def claim_resource(uow: UnitOfWork, user: User, claim_ref: str | int) -> Json:
    with uow:
        user.require(Permission.READ_PATIENTS)
        claim = _claim(uow, claim_ref)
        resource = _claim_json(uow, claim, _links(uow, claim))
        audit.record(uow, user, audit.Action.READ, "claim", claim.id or 0, "fhir Claim")
    return checked(resource)


def claim_response_search(uow: UnitOfWork, user: User, claim_ref: str | int, base: str) -> Json:
    with uow:
        user.require(Permission.READ_LEDGER)
        claim = _claim(uow, claim_ref)
        found = [claim_response_resource(r) for r in _remitted(uow, claim, _links(uow, claim))]
        audit.record(
            uow, user, audit.Action.READ, "claim", claim.id or 0, f"fhir ClaimResponse n={len(found)}"
        )
        now = uow.clock.now()
    return checked(out.bundle("searchset", found, base, now))


def eob_search(uow: UnitOfWork, user: User, base: str, claim_ref: str | int | None = None,
               patient_id: int | None = None) -> Json:  # fmt: skip
    """ExplanationOfBenefit of one claim (`claim_ref`), or of every claim of a patient (`patient_id`)."""
    if (claim_ref is None) == (patient_id is None):
        raise RevcycleError(
            ErrorCode.VALIDATION, "search ExplanationOfBenefit by claim or by patient (one of them)"
        )
    with uow:
        user.require(Permission.READ_LEDGER)
        claims = [_claim(uow, claim_ref)] if claim_ref is not None else _patient_claims(uow, patient_id or 0)
        found = []
        for claim in claims:
            eobs = [eob_resource(r) for r in _remitted(uow, claim, _links(uow, claim))]
            audit.record(
                uow,
                user,
                audit.Action.READ,
                "claim",
                claim.id or 0,
                f"fhir ExplanationOfBenefit n={len(eobs)}",
            )
            found += eobs
        now = uow.clock.now()
    return checked(out.bundle("searchset", found, base, now))


def _patient_claims(uow: UnitOfWork, patient_id: int) -> list[Claim]:
    _patient(uow, patient_id)
    return uow.claims.find(patient_id=patient_id)


def export_bundle(uow: UnitOfWork, user: User, what: str, ref: str | int, base: str) -> Json:
    """A collection Bundle for a file: `claim` (the Claim, its Patient and Coverages), `eob` (the claim's
    ExplanationOfBenefits with the same), `patient` (the Patient and its Coverages)."""
    if what not in EXPORTS:
        raise RevcycleError(ErrorCode.VALIDATION, f"export one of {', '.join(EXPORTS)}, not {what!r}")
    with uow:
        user.require(Permission.READ_LEDGER if what == "eob" else Permission.READ_PATIENTS)
        if what == "patient":
            patient_id, found = int(str(ref)) if str(ref).isdecimal() else 0, []
        else:
            claim = _claim(uow, ref)
            links = _links(uow, claim)
            patient_id = links.patient_id
            found = ([_claim_json(uow, claim, links)] if what == "claim"
                     else [eob_resource(r) for r in _remitted(uow, claim, links)])  # fmt: skip
            audit.record(uow, user, audit.Action.READ, "claim", claim.id or 0, f"fhir export {what}")
        patient = _patient(uow, patient_id)
        found = found + [out.patient_resource(patient)] + _coverages(uow, patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, f"fhir export {what}")
        now = uow.clock.now()
    return checked(out.bundle("collection", found, base, now))
