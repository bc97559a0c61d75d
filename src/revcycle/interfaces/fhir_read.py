"""A FHIR R4 Bundle from an EHR (transaction, batch or collection) read into the intake values, pure.

    message = read_bundle(raw_json)        # IntakeMessage, or IntakeReadError naming the problem by its path

- Identity: sender = `Bundle.meta.source`, else the practice's Organization identifier (the one an Encounter's
  `serviceProvider` names, else an Organization that pays no Coverage), NPI first; control id =
  `Bundle.identifier.value`, else the sha256 of the text. Without a sender the Bundle is rejected (kept
  nowhere); with one, a Bundle fhir.resources' R4B models refuse is kept failed, every problem by path.
- Patient -> PatientIntake: its identifier (type MR, else usual/official, else the first; the resource id under
  the sender when it has none) with the identifier's system as assigning authority; names, birth date, gender,
  home address, phone and e-mail; a RelatedPerson with relationship GUAR as guarantor (its other relationship
  code says how it relates: SPS, PRN/MTH/FTH, CHILD...); its Coverages (beneficiary) in `order`.
- Coverage -> CoverageIntake: the payer is the payor Organization's identifier (system urn:revcycle:payer-id,
  else type NIIP, else the first) - the practice's payer id; member id = subscriberId (else the MB identifier);
  the subscriber (the patient, or a RelatedPerson), relationship, group class, period. Cancelled or
  entered-in-error coverages are left out.
- Encounter -> VisitIntake: date of service = period.start (the date as written); visit number = identifier
  (else the resource id); place of service from its Location's type (CMS POS code) or its class (HH 12,
  VR 02, EMER 23, IMP 21); the serviceProvider's NPI bills, the participant PPRF/ATND/PART renders, REF refers;
  diagnoses: Encounter.diagnosis by rank, then Conditions of the encounter (ICD-10-CM), in order.
- ChargeItem (CPT/HCPCS `code`, `quantity`, `priceOverride`, `reason` diagnoses or the `service` Procedure's
  reasons) and Procedure (CPT/HCPCS `code`, `reasonReference`/`reasonCode`), each a ChargeIntake of the encounter
  it names (`context`/`encounter`), else of a visit of the patient on its date. A Procedure a ChargeItem bills
  (`service`) is that charge, not another; one without a CPT/HCPCS code is clinical only and left out.
  Modifiers come from an extension whose url ends in `modifier` (valueCode, valueString or valueCodeableConcept).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from revcycle.codesets.code_refs import dotted
from revcycle.interfaces import fhir_codes as codes
from revcycle.interfaces.fhir_people import address_of, email_of, patient_ref, person_of, phone_of
from revcycle.interfaces.fhir_refs import BundleIndex, Found, any_codes, codes_of, problem
from revcycle.interfaces.fhir_validate import resource_problems
from revcycle.interfaces.intake import (
    ChargeIntake,
    CoverageIntake,
    GuarantorIntake,
    IntakeMessage,
    IntakeReadError,
    MessageHeader,
    PatientIntake,
    PatientRef,
    VisitIntake,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patients import Relationship, Sex

Json = dict[str, Any]
BUNDLE_TYPES = ("transaction", "batch", "collection")
MAX_PROBLEMS_SAID = 10
_CLASS_POS = {"HH": "12", "VR": "02", "EMER": "23", "IMP": "21"}
_RENDERING = ("PPRF", "ATND", "PART", "SPRF")


def read_bundle(raw: str) -> IntakeMessage:
    bundle = _parsed(raw)
    header = _header(bundle, raw)
    if problems := resource_problems(bundle):
        said = "; ".join(_in_bundle(p) for p in problems[:MAX_PROBLEMS_SAID])
        more = f" (and {len(problems) - MAX_PROBLEMS_SAID} more)" if len(problems) > MAX_PROBLEMS_SAID else ""
        raise IntakeReadError(header, RevcycleError(ErrorCode.VALIDATION, said + more))
    try:
        return IntakeMessage(header, _Reader(bundle, header).actions())
    except IntakeReadError:
        raise
    except RevcycleError as error:
        raise IntakeReadError(header, error) from error


def _in_bundle(problem_text: str) -> str:
    return problem_text if problem_text.startswith("Bundle") else f"Bundle.{problem_text}"


def _parsed(raw: str) -> Json:
    try:
        bundle = json.loads(raw)
    except json.JSONDecodeError as error:
        raise IntakeReadError(None, RevcycleError(ErrorCode.VALIDATION, f"Bundle: not JSON (line {error.lineno}, "
                                                  f"column {error.colno}: {error.msg})")) from error  # fmt: skip
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        kind = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle).__name__
        raise IntakeReadError(None, RevcycleError(ErrorCode.VALIDATION, f"Bundle: a Bundle is required, not "
                                                  f"{str(kind)[:40]!r}"))  # fmt: skip
    if bundle.get("type") not in BUNDLE_TYPES:
        raise IntakeReadError(None, RevcycleError(ErrorCode.VALIDATION, f"Bundle.type: one of {', '.join(BUNDLE_TYPES)}"
                                                  f", not {str(bundle.get('type'))[:40]!r}"))  # fmt: skip
    return bundle


def _header(bundle: Json, raw: str) -> MessageHeader:
    meta = bundle.get("meta") if isinstance(bundle.get("meta"), dict) else {}
    sender = str(meta.get("source") or "").strip() or _practice_identifier(bundle)
    if not sender:
        raise IntakeReadError(None, RevcycleError(ErrorCode.VALIDATION, "Bundle.meta.source: who sent the Bundle is "
                                                  "required (or the practice's Organization with an identifier)"))  # fmt: skip
    identifier = bundle.get("identifier") if isinstance(bundle.get("identifier"), dict) else {}
    control = (
        str(identifier.get("value") or "").strip()
        or hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    )
    return MessageHeader("fhir", sender[:120], control[:64], f"Bundle/{bundle['type']}")


def _practice_identifier(bundle: Json) -> str:
    resources = [e.get("resource") for e in bundle.get("entry") or [] if isinstance(e, dict)]
    resources = [r for r in resources if isinstance(r, dict)]
    organizations = {
        f"Organization/{r.get('id')}": r for r in resources if r.get("resourceType") == "Organization"
    }
    payers = {str((p or {}).get("reference", "")) for r in resources if r.get("resourceType") == "Coverage"
              for p in r.get("payor") or [] if isinstance(p, dict)}  # fmt: skip
    named = [str((r.get("serviceProvider") or {}).get("reference", "")) for r in resources
             if r.get("resourceType") == "Encounter" and isinstance(r.get("serviceProvider"), dict)]  # fmt: skip
    chosen = next((organizations[n] for n in named if n in organizations), None)
    if chosen is None:
        chosen = next((o for key, o in organizations.items() if key not in payers and not _is_payer(o)), None)
    if chosen is None:
        return ""
    identifiers = [i for i in chosen.get("identifier") or [] if isinstance(i, dict) and i.get("value")]
    identifiers.sort(key=lambda i: i.get("system") != codes.NPI)
    return str(identifiers[0]["value"]).strip() if identifiers else ""


def _is_payer(organization: Json) -> bool:
    return any(code in ("pay", "ins") for kind in organization.get("type") or [] for code in any_codes(kind))


class _Reader:
    """The Bundle's resources mapped to intake values, references resolved through the index."""

    def __init__(self, bundle: Json, header: MessageHeader) -> None:
        self.index = BundleIndex(bundle)
        self.header = header
        self.refs: dict[int, PatientRef] = {}  # id(Patient resource) -> its ref

    def actions(self) -> tuple[PatientIntake | VisitIntake, ...]:
        patients = [self._patient(found) for found in self.index.of_type("Patient")]
        return (*patients, *self._visits())

    # --- patients -----------------------------------------------------------------------------------------
    def _ref(self, found: Found) -> PatientRef:
        if id(found.resource) not in self.refs:
            self.refs[id(found.resource)] = patient_ref(found, self.header.sender)
        return self.refs[id(found.resource)]

    def _patient(self, found: Found) -> PatientIntake:
        resource, at = found.resource, {"": found.path}
        names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
        name = next((n for n in names if n.get("use") in ("official", "usual")), names[0] if names else {})
        at |= {"last_name": found.at("name[0].family"), "first_name": found.at("name[0].given"),
               "birth_date": found.at("birthDate"), "sex": found.at("gender"), "address": found.at("address"),
               "phone": found.at("telecom"), "email": found.at("telecom")}  # fmt: skip
        given = [str(g) for g in name.get("given") or []]
        gender = resource.get("gender")
        return PatientIntake(
            self._ref(found), last_name=name.get("family"), first_name=given[0] if given else None,
            birth_date=_full_date(resource.get("birthDate"), found.at("birthDate")),
            sex=Sex(codes.SEX_OF_GENDER[gender]) if gender in codes.SEX_OF_GENDER else None,
            address=address_of(resource.get("address"), found.at("address")),
            phone=phone_of(resource.get("telecom")), email=email_of(resource.get("telecom")),
            guarantor=self._guarantor(found), coverages=self._coverages(found), at=at)  # fmt: skip

    def _guarantor(self, patient: Found) -> GuarantorIntake | None:
        for found in self.index.of_type("RelatedPerson"):
            roles = [code for kind in found.resource.get("relationship") or [] for code in any_codes(kind)]
            if "GUAR" not in roles or self._subject(found, "patient") is not patient.resource:
                continue
            relationship = next(
                (codes.RELATIONSHIP_OF_ROLE[r] for r in roles if r in codes.RELATIONSHIP_OF_ROLE), "other"
            )
            if relationship == "self":
                return GuarantorIntake(Relationship.SELF, at={"": found.path})
            return GuarantorIntake(
                Relationship(relationship), person_of(found), at={"": found.path, "person": found.path}
            )
        return None

    def _subject(self, found: Found, element: str) -> Json | None:
        target = self.index.resolve_optional(found, found.resource.get(element), element, "Patient")
        return target.resource if target else None

    def _coverages(self, patient: Found) -> tuple[CoverageIntake, ...] | None:
        mine = [f for f in self.index.of_type("Coverage") if self._subject(f, "beneficiary") is patient.resource
                and f.resource.get("status") not in ("cancelled", "entered-in-error")]  # fmt: skip
        if not mine:
            return None
        mine.sort(key=lambda f: f.resource.get("order") or 99)
        return tuple(self._coverage(found) for found in mine)

    def _coverage(self, found: Found) -> CoverageIntake:
        resource = found.resource
        payer = _payer_code(self.index, found)
        member = str(resource.get("subscriberId") or "").strip() or _identifier_of_type(resource, "MB")
        if not member:
            raise problem(
                found.at("subscriberId"), "the member id is required (subscriberId or an MB identifier)"
            )
        relationship, subscriber = self._subscriber(found)
        group = next((str(c.get("value")) for c in resource.get("class") or []
                      if "group" in any_codes(c.get("type")) and c.get("value")), "")  # fmt: skip
        period = resource.get("period") or {}
        at = {"": found.path, "payer": found.at("payor[0]"), "order": found.at("order"),
              "subscriber": found.at("subscriber"), "member_id": found.at("subscriberId")}  # fmt: skip
        return CoverageIntake(payer, member, order=resource.get("order"), group_number=group,
                              relationship=relationship, subscriber=subscriber,
                              effective_from=_full_date(period.get("start"), found.at("period.start")),
                              effective_to=_full_date(period.get("end"), found.at("period.end")), at=at)  # fmt: skip

    def _subscriber(self, coverage: Found) -> tuple[Relationship, Any]:
        said = [codes.RELATIONSHIP_OF_CODE[c] for c in any_codes(coverage.resource.get("relationship"))
                if c in codes.RELATIONSHIP_OF_CODE]  # fmt: skip
        target = self.index.resolve_optional(coverage, coverage.resource.get("subscriber"), "subscriber",
                                             "Patient", "RelatedPerson")  # fmt: skip
        if target is None or target.type == "Patient":
            return Relationship(said[0] if said else "self"), None
        roles = [codes.RELATIONSHIP_OF_ROLE[c] for kind in target.resource.get("relationship") or []
                 for c in any_codes(kind) if c in codes.RELATIONSHIP_OF_ROLE]  # fmt: skip
        relationship = said[0] if said else (roles[0] if roles else "other")
        if relationship == "self":
            return Relationship.SELF, None
        return Relationship(relationship), person_of(target)

    # --- visits -------------------------------------------------------------------------------------------
    def _visits(self) -> list[VisitIntake]:
        billed = {id(s.resource) for c in self.index.of_type("ChargeItem")
                  for s in self._services(c)}  # fmt: skip
        charges = [
            c
            for c in self.index.of_type("ChargeItem")
            if c.resource.get("status") not in ("aborted", "entered-in-error")
        ]
        procedures = [p for p in self.index.of_type("Procedure") if id(p.resource) not in billed
                      and p.resource.get("status") not in ("not-done", "entered-in-error")
                      and codes_of(p.resource.get("code"), codes.PROCEDURE_SYSTEMS)]  # fmt: skip
        encounters = list(self.index.of_type("Encounter"))
        lines: dict[int, list[ChargeIntake]] = {id(e.resource): [] for e in encounters}
        loose: dict[tuple[int, date], list[ChargeIntake]] = {}
        for found in charges + procedures:
            encounter = self.index.resolve_optional(found, found.resource.get("context" if found.type == "ChargeItem"
                                                    else "encounter"), "context" if found.type == "ChargeItem"
                                                    else "encounter", "Encounter")  # fmt: skip
            line = self._charge(found)
            if encounter is not None:
                lines[id(encounter.resource)].append(line)
            else:
                patient = self.index.resolve(found, found.resource.get("subject"), "subject", "Patient")
                loose.setdefault((id(patient.resource), self._service_date(found)), []).append(line)
        visits = [self._visit(e, tuple(lines[id(e.resource)])) for e in encounters]
        patients = {id(p.resource): p for p in self.index.of_type("Patient")}
        for (key, day), found in loose.items():
            if key not in patients:
                raise problem(found[0].at[""], "the charge's patient is not in the Bundle")
            visits.append(VisitIntake(self._ref(patients[key]), day, tuple(found), _pointed(found, ()),
                                      at={"": found[0].at[""], "diagnosis_codes": found[0].at["diagnosis_codes"]}))  # fmt: skip
        return visits

    def _services(self, charge: Found) -> list[Found]:
        return [s for n, ref in enumerate(charge.resource.get("service") or [])
                if (s := self.index.resolve_optional(charge, ref, f"service[{n}]")) is not None]  # fmt: skip

    def _service_date(self, found: Found) -> date:
        resource = found.resource
        for element in ("occurrenceDateTime", "performedDateTime"):
            if resource.get(element):
                return _full_date(resource[element], found.at(element))  # type: ignore[return-value]
        for element in ("occurrencePeriod", "performedPeriod"):
            if isinstance(resource.get(element), dict) and resource[element].get("start"):
                return _full_date(resource[element]["start"], found.at(f"{element}.start"))  # type: ignore[return-value]
        raise problem(found.path, "the date of service is required (an Encounter, or the charge's own date)")

    def _visit(self, found: Found, lines: tuple[ChargeIntake, ...]) -> VisitIntake:
        resource = found.resource
        patient = self.index.resolve(found, resource.get("subject"), "subject", "Patient")
        period = resource.get("period") or {}
        day = _full_date(period.get("start"), found.at("period.start"))
        if day is None:
            raise problem(found.at("period.start"), "the date of service is required")
        number = next(
            (str(i["value"]) for i in resource.get("identifier") or [] if i.get("value")), ""
        ) or str(resource.get("id") or "")
        providers = self._participants(found)
        at = {"": found.path, "visit_number": found.at("identifier"), "place_of_service": found.at("location"),
              "rendering_npi": found.at("participant"), "referring_npi": found.at("participant"),
              "billing_npi": found.at("serviceProvider"), "diagnosis_codes": found.at("diagnosis")}  # fmt: skip
        diagnoses = self._diagnoses(found)
        at |= {f"dx:{code}": where for code, where in diagnoses}
        return VisitIntake(self._ref(patient), day, lines, _pointed(lines, tuple(code for code, _ in diagnoses)), number[:60],
                           self._place(found), "", providers.get("rendering", ""), providers.get("referring", ""),
                           self._npi_of(found, resource.get("serviceProvider"), "serviceProvider"), at=at)  # fmt: skip

    def _participants(self, found: Found) -> dict[str, str]:
        chosen: dict[str, str] = {}
        for n, participant in enumerate(found.resource.get("participant") or []):
            kinds = [code for kind in participant.get("type") or [] for code in any_codes(kind)]
            role = (
                "referring"
                if "REF" in kinds
                else "rendering"
                if (not kinds or set(kinds) & set(_RENDERING))
                else ""
            )
            if role and role not in chosen:
                npi = self._npi_of(found, participant.get("individual"), f"participant[{n}].individual")
                if npi:
                    chosen[role] = npi
        return chosen

    def _npi_of(self, owner: Found, reference: Any, element: str) -> str:
        identifier = reference.get("identifier") if isinstance(reference, dict) else None
        if isinstance(identifier, dict) and identifier.get("system") == codes.NPI:
            return str(identifier.get("value") or "")
        target = self.index.resolve_optional(
            owner, reference, element, "Practitioner", "Organization", "PractitionerRole"
        )
        if target is None:
            return ""
        if target.type == "PractitionerRole":
            return self._npi_of(target, target.resource.get("practitioner"), "practitioner")
        return next((str(i["value"]) for i in target.resource.get("identifier") or []
                     if i.get("system") == codes.NPI and i.get("value")), "")  # fmt: skip

    def _place(self, found: Found) -> str:
        for n, item in enumerate(found.resource.get("location") or []):
            location = self.index.resolve_optional(
                found, item.get("location"), f"location[{n}].location", "Location"
            )
            for kind in (location.resource.get("type") or []) if location else []:
                if pos := codes_of(kind, {codes.POS}):
                    return pos[0]
        kind = found.resource.get("class") or {}
        return _CLASS_POS.get(str(kind.get("code") or ""), "")

    def _diagnoses(self, encounter: Found) -> list[tuple[str, str]]:
        """(ICD-10-CM code, where) of the encounter: its diagnosis list by rank, then its Conditions."""
        found: list[tuple[str, str]] = []
        ranked = sorted(
            enumerate(encounter.resource.get("diagnosis") or []),
            key=lambda nd: (nd[1].get("rank") or 99, nd[0]),
        )
        conditions = [self.index.resolve(encounter, d.get("condition"), f"diagnosis[{n}].condition", "Condition")
                      for n, d in ranked]  # fmt: skip
        conditions += [c for c in self.index.of_type("Condition")
                       if (e := self.index.resolve_optional(c, c.resource.get("encounter"), "encounter", "Encounter"))
                       is not None and e.resource is encounter.resource]  # fmt: skip
        for condition in conditions:
            code = _icd10(condition)
            if code not in [c for c, _ in found]:
                found.append((code, condition.at("code")))
        return found

    def _charge(self, found: Found) -> ChargeIntake:
        resource = found.resource
        procedure = codes_of(resource.get("code"), codes.PROCEDURE_SYSTEMS)
        if not procedure:
            raise problem(found.at("code"), "a CPT or HCPCS code is required (system "
                          f"{codes.CPT} or {codes.HCPCS}), not {any_codes(resource.get('code'))[:3]}")  # fmt: skip
        at = {"": found.path, "procedure": found.at("code"), "modifiers": found.at("extension"),
              "units": found.at("quantity"), "charge": found.at("priceOverride"),
              "diagnosis_codes": found.at("reason" if found.type == "ChargeItem" else "reasonReference")}  # fmt: skip
        return ChargeIntake(procedure[0].upper(), _modifiers(resource), _units(found), tuple(self._reasons(found)),
                            _price(found), str(resource.get("id") or "")[:60], at=at)  # fmt: skip

    def _reasons(self, found: Found) -> list[str]:
        """The ICD-10-CM codes the charge is for, in pointer order."""
        resource, reasons = found.resource, []
        for n, ref in enumerate(resource.get("reasonReference") or []):
            target = self.index.resolve(found, ref, f"reasonReference[{n}]", "Condition")
            reasons.append(_icd10(target))
        for concept in (resource.get("reason") or []) + (resource.get("reasonCode") or []):
            reasons += [dotted(code) for code in codes_of(concept, codes.DIAGNOSIS_SYSTEMS)]
        for service in self._services(found) if found.type == "ChargeItem" else []:
            reasons += self._reasons(service)
        return list(dict.fromkeys(reasons))[:4]


def _pointed(
    lines: list[ChargeIntake] | tuple[ChargeIntake, ...], listed: tuple[str, ...]
) -> tuple[str, ...]:
    """The visit's diagnoses: those listed, then those its charges point at that were not listed, in order."""
    return tuple(dict.fromkeys([*listed, *(code for line in lines for code in line.diagnosis_codes)]))


def _icd10(condition: Found) -> str:
    found = codes_of(condition.resource.get("code"), codes.DIAGNOSIS_SYSTEMS)
    if not found:
        raise problem(condition.at("code"), f"an ICD-10-CM code is required (system {codes.ICD10CM})")
    return dotted(found[0].upper())


def _identifier_of_type(resource: Json, kind: str) -> str:
    return next((str(i["value"]).strip() for i in resource.get("identifier") or []
                 if kind in any_codes(i.get("type")) and i.get("value")), "")  # fmt: skip


def _payer_code(index: BundleIndex, coverage: Found) -> str:
    payors = coverage.resource.get("payor") or []
    first = payors[0] if payors else {}
    if isinstance(first.get("identifier"), dict) and first["identifier"].get("value"):
        return str(first["identifier"]["value"]).strip()
    payer = index.resolve(coverage, first, "payor[0]", "Organization")
    identifiers = [i for i in payer.resource.get("identifier") or [] if i.get("value")]
    identifiers.sort(
        key=lambda i: (i.get("system") != codes.PAYER_ID, "NIIP" not in any_codes(i.get("type")))
    )
    if not identifiers:
        raise problem(
            payer.at("identifier"), "the payer's id is required (an identifier the practice knows it by)"
        )
    return str(identifiers[0]["value"]).strip()


def _modifiers(resource: Json) -> tuple[str, ...]:
    found = []
    for extension in resource.get("extension") or []:
        if not str(extension.get("url", "")).lower().rstrip("/").endswith("modifier"):
            continue
        if value := extension.get("valueCode") or extension.get("valueString"):
            found.append(str(value).strip().upper())
        found += [code.upper() for code in any_codes(extension.get("valueCodeableConcept"))]
    return tuple(found[:4])


def _units(found: Found) -> int:
    quantity = found.resource.get("quantity")
    if not isinstance(quantity, dict) or quantity.get("value") is None:
        return 1
    value = Decimal(str(quantity["value"]))
    if value != value.to_integral_value() or not 1 <= value <= 9999:
        raise problem(
            found.at("quantity.value"), f"units are a whole number 1..9999, not {quantity['value']}"
        )
    return int(value)


def _price(found: Found) -> int | None:
    price = found.resource.get("priceOverride")
    if not isinstance(price, dict) or price.get("value") is None:
        return None
    if price.get("currency", "USD") != "USD":
        raise problem(found.at("priceOverride.currency"), f"USD only, not {str(price.get('currency'))[:8]!r}")
    try:
        cents = (Decimal(str(price["value"])) * 100).quantize(Decimal(1))
    except InvalidOperation as error:
        raise problem(found.at("priceOverride.value"), "not an amount") from error
    if not 0 <= cents <= 999_999_999:
        raise problem(found.at("priceOverride.value"), "an amount from 0 to 9,999,999.99")
    return int(cents)


def _full_date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    text = str(value)
    if len(text) < 10:
        raise problem(where, f"a full date (YYYY-MM-DD) is required, not {text!r}")
    try:
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise problem(where, f"not a date ({text[:30]!r})") from error
