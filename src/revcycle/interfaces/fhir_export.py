"""revcycle's patients, coverages and claims as FHIR R4 resources (JSON-ready dicts), pure.

    patient_resource(patient)                                  # Patient/<id>
    coverage_resource(coverage, payer, plan_name="")           # Coverage/<id>, the payer contained
    claim_resource(claim, ClaimLinks(claim_row_id, patient_id, coverage_id), created)
    bundle("searchset", [resource, ...], base)                 # fullUrl <base>/<type>/<id>

Every resource has the id revcycle serves it under (`GET /fhir/<type>/<id>`); what revcycle does not serve
(payers, providers, a subscriber who is not the patient) is contained in the resource that names it, so a
resource read alone still resolves every reference. Money is integer cents inside revcycle and a decimal
amount in USD here. Names, birth dates and member ids are PHI: the callers audit every read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from revcycle.claims.model import Claim, ClaimLine, ClaimStatus
from revcycle.claims.parties import ClaimPayer, ClaimProvider, PostalAddress
from revcycle.codesets.code_refs import dotted
from revcycle.interfaces import fhir_codes as codes
from revcycle.practice import Address, Coverage, Patient, Payer, Person

Json = dict[str, Any]


def money(cents: int) -> Json:
    return {"value": cents / 100, "currency": "USD"}


def instant(value: datetime) -> str:
    """A FHIR dateTime with its zone (a stored time is UTC: SQLite hands it back without its zone)."""
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).isoformat()


def coding(system: str, code: str, display: str = "") -> Json:
    found = {"system": system, "code": code}
    return {**found, "display": display} if display else found


def concept(system: str, code: str, display: str = "") -> Json:
    return {"coding": [coding(system, code, display)]}


def reference(resource_type: str, resource_id: int | str) -> Json:
    return {"reference": f"{resource_type}/{resource_id}"}


def address(value: Address | PostalAddress | None) -> list[Json]:
    if value is None:
        return []
    lines = [line for line in (value.line1, value.line2) if line]
    return [{"use": "home", "line": lines, "city": value.city, "state": value.state,
             "postalCode": _zip(value.zip_code), "country": "US"}]  # fmt: skip


def _zip(zip_code: str) -> str:
    return f"{zip_code[:5]}-{zip_code[5:]}" if len(zip_code) == 9 else zip_code


def _name(first: str, last: str) -> list[Json]:
    return [{"use": "official", "family": last, "given": [first] if first else []}]


def _telecom(phone: str, email: str = "") -> list[Json]:
    found = [{"system": "phone", "value": phone, "use": "home"}] if phone else []
    return found + ([{"system": "email", "value": email}] if email else [])


def compact(value: Any) -> Any:
    """`value` without empty elements, at any depth (FHIR forbids empty arrays, objects and strings)."""
    if isinstance(value, dict):
        cleaned = {key: compact(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if not _empty(item)}
    if isinstance(value, list):
        return [item for item in (compact(item) for item in value) if not _empty(item)]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


# --- Patient --------------------------------------------------------------------------------------------------
def patient_resource(patient: Patient) -> Json:
    """A Patient: the account number (MR), name, sex, birth date, address, phone and e-mail; a merged record is
    inactive with a replaced-by link to the record it was merged into."""
    identifier = {"use": "usual", "type": concept(codes.IDENTIFIER_TYPE, "MR", "Medical record number"),
                  "system": codes.ACCOUNT_NUMBER, "value": patient.account_number or str(patient.id)}  # fmt: skip
    resource = {"resourceType": "Patient", "id": str(patient.id), "identifier": [identifier],
                "active": not patient.is_merged, "name": _name(patient.first_name, patient.last_name),
                "telecom": _telecom(patient.phone, patient.email),
                "gender": codes.GENDER_OF_SEX[str(patient.sex)], "birthDate": patient.birth_date.isoformat(),
                "address": address(patient.address)}  # fmt: skip
    if patient.merged_into_id is not None:
        resource["link"] = [{"other": reference("Patient", patient.merged_into_id), "type": "replaced-by"}]
    return compact(resource)


# --- Coverage -------------------------------------------------------------------------------------------------
def payer_organization(payer: Payer | ClaimPayer, local_id: str = "payer") -> Json:
    """The payer as a contained Organization: its electronic payer id and its name."""
    identifier = {"system": codes.PAYER_ID, "value": payer.payer_code}
    kind = concept("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer")
    return {"resourceType": "Organization", "id": local_id, "identifier": [identifier], "active": True,
            "type": [kind], "name": payer.name}  # fmt: skip


def _subscriber(person: Person, patient_id: int, relationship: str) -> Json:
    role = codes.ROLE_OF_RELATIONSHIP.get(relationship, "O")
    return compact({"resourceType": "RelatedPerson", "id": "subscriber", "patient": reference("Patient", patient_id),
                     "relationship": [concept(codes.ROLE_CODE, role)], "name": _name(person.first_name, person.last_name),
                     "birthDate": person.birth_date.isoformat() if person.birth_date else None,
                     "address": address(person.address)})  # fmt: skip


def coverage_resource(coverage: Coverage, payer: Payer, plan_name: str = "") -> Json:
    """A Coverage: the payer (contained), the member id, the subscriber (the patient, or a contained
    RelatedPerson), the relationship, the order (1 primary), the period in force and the group and plan."""
    relationship = str(coverage.relationship_to_subscriber)
    contained = [payer_organization(payer)]
    subscriber = reference("Patient", coverage.patient_id)
    if coverage.subscriber is not None:
        contained.append(_subscriber(coverage.subscriber, coverage.patient_id, relationship))
        subscriber = {"reference": "#subscriber"}
    period = {"start": coverage.effective_from.isoformat()}
    if coverage.effective_to is not None:
        period["end"] = coverage.effective_to.isoformat()
    classes = (
        [{"type": concept(codes.COVERAGE_CLASS, "group"), "value": coverage.group_number}]
        if coverage.group_number
        else []
    )
    if plan_name:
        classes.append({"type": concept(codes.COVERAGE_CLASS, "plan"), "value": str(coverage.plan_id),
                        "name": plan_name})  # fmt: skip
    identifier = {"type": concept(codes.IDENTIFIER_TYPE, "MB", "Member Number"), "value": coverage.member_id}
    return compact({"resourceType": "Coverage", "id": str(coverage.id), "contained": contained,
                     "identifier": [identifier], "status": "active", "subscriber": subscriber,
                     "subscriberId": coverage.member_id, "beneficiary": reference("Patient", coverage.patient_id),
                     "relationship": concept(codes.SUBSCRIBER_RELATIONSHIP, codes.SUBSCRIBER_CODE[relationship]),
                     "period": period, "payor": [{"reference": "#payer"}], "class": classes,
                     "order": int(coverage.order)})  # fmt: skip


# --- Claim ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClaimLinks:
    """Where a claim sits among the resources revcycle serves: its row id, its patient, the coverage billed."""

    claim_row_id: int
    patient_id: int
    coverage_id: int | None  # None: the coverage was removed since (the claim keeps its snapshot)


_CLAIM_STATUS = {
    ClaimStatus.DRAFT: "draft",
    ClaimStatus.VOIDED: "cancelled",
    ClaimStatus.CORRECTED: "cancelled",
}


def provider_resource(provider: ClaimProvider, local_id: str) -> Json:
    """A billing provider as a contained Organization (NPI, TIN), a clinician as a Practitioner (NPI)."""
    identifiers = [{"system": codes.NPI, "value": provider.npi}] if provider.npi else []
    if provider.is_organization:
        if provider.tin:
            identifiers.append({"system": codes.TIN, "value": provider.tin.replace("-", "")})
        return compact({"resourceType": "Organization", "id": local_id, "identifier": identifiers, "active": True,
                         "name": provider.last_name_or_org, "telecom": _telecom(provider.phone),
                         "address": address(provider.address)})  # fmt: skip
    return compact({"resourceType": "Practitioner", "id": local_id, "identifier": identifiers,
                     "name": _name(provider.first_name, provider.last_name_or_org)})  # fmt: skip


def product(code: str) -> Json:
    return concept(codes.procedure_system(code), code)


def modifiers(values: Sequence[str]) -> list[Json]:
    return [concept(codes.procedure_system(value), value) for value in values]


def serviced(first: date, last: date | None) -> Json:
    if last is None or last == first:
        return {"servicedDate": first.isoformat()}
    return {"servicedPeriod": {"start": first.isoformat(), "end": last.isoformat()}}


def _item(claim: Claim, line: ClaimLine) -> Json:
    unit_cents = line.charge_cents // line.units if line.units else line.charge_cents
    return {"sequence": line.line_number, "diagnosisSequence": list(line.diagnosis_pointers),
            "productOrService": product(line.procedure_code), "modifier": modifiers(line.modifiers),
            **serviced(line.service_date, line.service_date_to),
            "locationCodeableConcept": concept(codes.POS, claim.line_place_of_service(line)),
            "quantity": {"value": line.units}, "unitPrice": money(unit_cents), "net": money(line.charge_cents)}  # fmt: skip


def _diagnosis(sequence: int, code: str) -> Json:
    found = {"sequence": sequence, "diagnosisCodeableConcept": concept(codes.ICD10CM, dotted(code))}
    if sequence == 1:
        found["type"] = [concept(codes.DIAGNOSIS_TYPE, "principal")]
    return found


def claim_resource(claim: Claim, links: ClaimLinks, created: datetime) -> Json:
    """A professional Claim (use claim): the claim number, patient, payer (contained insurer), billing provider
    (contained), rendering and referring providers as care team, diagnoses in order (the first principal),
    the coverage billed (focal) and one item per line with its CPT/HCPCS, modifiers, units, unit price, net,
    date(s) of service, place of service and diagnosis pointers."""
    contained = [payer_organization(claim.payer, "insurer"), provider_resource(claim.billing, "billing")]
    care_team = []
    for role, provider in (("primary", claim.rendering), ("referring", claim.referring)):
        if provider is not None:
            contained.append(provider_resource(provider, role))
            care_team.append({"sequence": len(care_team) + 1, "provider": {"reference": f"#{role}"},
                              "role": concept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", role)})  # fmt: skip
    coverage = (reference("Coverage", links.coverage_id) if links.coverage_id is not None
                else {"identifier": {"value": claim.subscriber.member_id}, "display": claim.payer.name})  # fmt: skip
    identifier = {"system": codes.CLAIM_NUMBER, "value": claim.claim_id}
    return compact({
        "resourceType": "Claim", "id": str(links.claim_row_id), "contained": contained, "identifier": [identifier],
        "status": _CLAIM_STATUS.get(claim.status, "active"),
        "type": concept(codes.CLAIM_TYPE, "professional"), "use": "claim",
        "patient": reference("Patient", links.patient_id),
        "billablePeriod": {"start": claim.first_service_date.isoformat(), "end": claim.last_service_date.isoformat()},
        "created": instant(created), "insurer": {"reference": "#insurer"}, "provider": {"reference": "#billing"},
        "priority": concept(codes.PRIORITY, "normal"), "careTeam": care_team,
        "diagnosis": [_diagnosis(number, code) for number, code in enumerate(claim.diagnoses, start=1)],
        "insurance": [{"sequence": 1, "focal": True, "coverage": coverage,
                       "preAuthRef": [claim.prior_authorization] if claim.prior_authorization else []}],
        "item": [compact(_item(claim, line)) for line in claim.lines],
        "total": money(claim.total_charge_cents),
    })  # fmt: skip


# --- Bundle ---------------------------------------------------------------------------------------------------
def bundle(
    kind: str, resources: Sequence[Json], base: str, stamp: datetime, total: int | None = None
) -> Json:
    """A collection or searchset Bundle of `resources`, each with its fullUrl under `base` (the FHIR base URL);
    a searchset counts its matches (`total`, default all) and marks each entry `match`."""
    entries = []
    for resource in resources:
        entry: Json = {
            "fullUrl": f"{base.rstrip('/')}/{resource['resourceType']}/{resource['id']}",
            "resource": resource,
        }
        if kind == "searchset":
            entry["search"] = {"mode": "match"}
        entries.append(entry)
    found: Json = {"resourceType": "Bundle", "type": kind, "timestamp": instant(stamp)}
    if kind == "searchset":
        found["total"] = len(resources) if total is None else total
    return {**found, "entry": entries} if entries else found
