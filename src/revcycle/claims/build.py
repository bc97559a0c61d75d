"""Build claims from a coded encounter.

One encounter becomes one claim per (coverage billed, rendering provider): lines routed to a
different payer or rendered by a different clinician go on their own claim. Each claim carries
only the diagnoses its lines point at, renumbered in the encounter's order (so the first-listed
diagnosis stays first), with the line pointers rewritten. Lines routed to no coverage are
self-pay and are not billed to a payer.

Charges come from the practice's fee schedule (unit price x units) when it prices the code on
the date of service; otherwise the charge entered on the encounter is kept (`charge_source`), as is a
fee the biller overrode with a reason (`ServiceLine.fee_override_reason`, source `override`). A line's
drug (NDC) goes onto its claim line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from revcycle.claims.fee_schedule import FeeSchedule
from revcycle.claims.model import MAX_LINES_PER_CLAIM, Claim, ClaimLine
from revcycle.claims.parties import (
    ClaimFacility,
    ClaimPayer,
    ClaimPerson,
    ClaimProvider,
    ClaimSubscriber,
    OtherCoverage,
    PostalAddress,
)
from revcycle.codesets.code_refs import dotted
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import (
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)

RESPONSIBILITY = {CoverageOrder.PRIMARY: "P", CoverageOrder.SECONDARY: "S", CoverageOrder.TERTIARY: "T"}


@dataclass(frozen=True, slots=True)
class LineRouting:
    """Where one encounter line is billed: which coverage (None: self-pay) and who rendered it."""

    coverage_id: int | None
    rendering_provider_id: int


@dataclass(frozen=True, slots=True)
class EncounterParties:
    """Everything an encounter refers to by id, loaded by the caller (a service, a test)."""

    patient: Patient
    billing_provider: BillingProvider
    rendering_providers: Mapping[int, RenderingProvider]
    coverages: Mapping[int, Coverage]
    payers: Mapping[int, Payer]
    facility: Facility | None = None
    referring: ClaimProvider | None = None
    prior_authorization: str = ""
    referral_number: str = ""
    routing: Mapping[int, LineRouting] = field(default_factory=dict)  # by line number


def build_claims(encounter: Encounter, parties: EncounterParties, fees: FeeSchedule | None = None) -> list[Claim]:
    """The claims for an encounter, one per (coverage, rendering provider), in line order."""
    if not encounter.is_charged:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"encounter {encounter.id}: no charges entered yet; there is no claim to build")
    groups: dict[tuple[int, int], list[ServiceLine]] = {}
    for line in encounter.lines:
        routing = parties.routing.get(line.line_number) or LineRouting(
            encounter.coverage_id, encounter.rendering_provider_id)
        if routing.coverage_id is None:
            continue
        groups.setdefault((routing.coverage_id, routing.rendering_provider_id), []).append(line)
    if not groups:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"encounter {encounter.id}: every line is self-pay; there is no claim to build")
    prefix = f"E{encounter.id}" if encounter.id is not None else "E0"
    return [
        _claim(encounter, parties, fees, coverage_id, rendering_id, lines, f"{prefix}-{number}")
        for number, ((coverage_id, rendering_id), lines) in enumerate(groups.items(), start=1)
    ]


def _claim(encounter: Encounter, parties: EncounterParties, fees: FeeSchedule | None, coverage_id: int,
           rendering_id: int, lines: list[ServiceLine], claim_id: str) -> Claim:
    if len(lines) > MAX_LINES_PER_CLAIM:
        raise RevcycleError(ErrorCode.VALIDATION, f"{claim_id}: more than {MAX_LINES_PER_CLAIM} lines on one claim")
    coverage = _required(parties.coverages, coverage_id, "coverage")
    payer = _required(parties.payers, coverage.payer_id, "payer")
    rendering = _required(parties.rendering_providers, rendering_id, "rendering provider")
    diagnoses, renumbered = _diagnoses_for(encounter.diagnosis_codes, lines)
    claim_lines = tuple(
        _claim_line(encounter, fees, line, number, renumbered) for number, line in enumerate(lines, start=1)
    )
    return Claim(
        claim_id=claim_id,
        encounter_id=encounter.id,
        billing=ClaimProvider.billing(parties.billing_provider),
        rendering=ClaimProvider.rendering(rendering),
        referring=parties.referring,
        facility=ClaimFacility.of(parties.facility),
        subscriber=claim_subscriber(parties.patient, coverage),
        patient=ClaimPerson.of_patient(parties.patient),
        relationship=coverage.relationship_to_subscriber,
        payer=claim_payer(payer),
        place_of_service=encounter.place_of_service,
        payer_responsibility=RESPONSIBILITY[coverage.order],
        diagnoses=diagnoses,
        lines=claim_lines,
        prior_authorization=parties.prior_authorization,
        referral_number=parties.referral_number,
        other_coverages=_other_coverages(parties, coverage, encounter),
    )


def claim_payer(payer: Payer) -> ClaimPayer:
    """The payer as the claim names it, with its claims address (CMS-1500 carrier block, 837P 2010BB)."""
    return ClaimPayer(payer.payer_code, payer.name, str(payer.claim_filing_indicator), payer.timely_filing_days,
                      PostalAddress.of(payer.claims_address))  # fmt: skip


def _other_coverages(parties: EncounterParties, billed: Coverage, encounter: Encounter) -> tuple[OtherCoverage, ...]:
    """The patient's other plans in force on the date of service (given with their payers), in order."""
    others = sorted((c for c in parties.coverages.values()
                     if c.id != billed.id and c.merged_into_id is None and c.covers(encounter.date_of_service)
                     and c.payer_id in parties.payers), key=lambda c: c.order)  # fmt: skip
    return tuple(OtherCoverage(claim_payer(parties.payers[c.payer_id]), claim_subscriber(parties.patient, c),
                               c.relationship_to_subscriber, RESPONSIBILITY[c.order]) for c in others)  # fmt: skip


def _required(table: Mapping[int, object], key: int, what: str):  # type: ignore[no-untyped-def]
    if key not in table:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{what} {key} was not given to the claim builder")
    return table[key]


def _diagnoses_for(codes: tuple[str, ...], lines: list[ServiceLine]) -> tuple[tuple[str, ...], dict[int, int]]:
    """The diagnoses these lines point at, in encounter order, and old pointer -> new pointer."""
    pointed = sorted({pointer for line in lines for pointer in line.diagnosis_pointers})
    renumbered = {old: new for new, old in enumerate(pointed, start=1)}
    return tuple(dotted(codes[old - 1]) for old in pointed), renumbered


def _claim_line(encounter: Encounter, fees: FeeSchedule | None, line: ServiceLine, number: int,
                renumbered: dict[int, int]) -> ClaimLine:
    unit_price = fees.unit_charge_cents(line.procedure_code, line.modifiers, encounter.date_of_service) if fees else None
    charge, source = (unit_price * line.units, "fee_schedule") if unit_price else (line.charge_cents, "encounter")
    if line.fee_override_reason:  # the biller charged other than the schedule, with a reason: kept
        charge, source = line.charge_cents, "override"
    return ClaimLine(
        line_number=number,
        procedure_code=line.procedure_code,
        charge_cents=charge,
        service_date=encounter.date_of_service,
        units=line.units,
        modifiers=line.modifiers,
        diagnosis_pointers=tuple(renumbered[pointer] for pointer in line.diagnosis_pointers),
        charge_source=source,
        service_line_id=line.id,
        drug=line.drug,
    )


def claim_subscriber(patient: Patient, coverage: Coverage) -> ClaimSubscriber:
    """The coverage's subscriber as the claim names it (the patient when the patient is the subscriber)."""
    person = ClaimPerson.of_patient(patient) if coverage.subscriber is None else ClaimPerson.of_person(coverage.subscriber)
    return ClaimSubscriber(coverage.member_id, person, coverage.group_number, coverage.effective_from,
                           coverage.effective_to)
