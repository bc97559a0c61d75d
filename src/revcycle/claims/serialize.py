"""A claim as a JSON-safe dict and back (storage snapshots, `--json` output). Money stays integer cents."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from revcycle.claims.institutional_model import (
    InstitutionalDetails,
    Occurrence,
    OccurrenceSpan,
    PcsProcedure,
    ValueAmount,
)
from revcycle.claims.model import Claim, ClaimKind, ClaimLine, ClaimStatus, Frequency, StatusChange
from revcycle.claims.parties import (
    ClaimFacility,
    ClaimPayer,
    ClaimPerson,
    ClaimProvider,
    ClaimSubscriber,
    OtherCoverage,
    PostalAddress,
)
from revcycle.claims.prior_payers import prior_payer_from_dict
from revcycle.practice import Relationship
from revcycle.practice.charges import DrugIdentification

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    data = _plain(asdict(claim))
    data["format"] = FORMAT_VERSION
    data["total_charge_cents"] = claim.total_charge_cents
    return data


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _address(data: dict[str, Any] | None) -> PostalAddress | None:
    return PostalAddress(**data) if data else None


def _provider(data: dict[str, Any] | None) -> ClaimProvider | None:
    if data is None:
        return None
    return ClaimProvider(**{**data, "address": _address(data.get("address"))})


def _person(data: dict[str, Any]) -> ClaimPerson:
    return ClaimPerson(data["first_name"], data["last_name"], _day(data.get("birth_date")), data.get("sex", ""),
                       _address(data.get("address")))


def _line(data: dict[str, Any]) -> ClaimLine:
    return ClaimLine(
        line_number=data["line_number"], procedure_code=data["procedure_code"], charge_cents=data["charge_cents"],
        service_date=date.fromisoformat(data["service_date"]), units=data["units"],
        modifiers=tuple(data["modifiers"]), diagnosis_pointers=tuple(data["diagnosis_pointers"]),
        service_date_to=_day(data.get("service_date_to")), place_of_service=data.get("place_of_service", ""),
        charge_source=data.get("charge_source", "encounter"), service_line_id=data.get("service_line_id"),
        id=data.get("id"), drug=_drug(data.get("drug")), revenue_code=data.get("revenue_code", ""),
        non_covered_cents=data.get("non_covered_cents", 0),
    )


def _drug(data: dict[str, Any] | None) -> DrugIdentification | None:
    return DrugIdentification(data["ndc"], data["unit"], Decimal(data["quantity"])) if data else None


def _payer(payer: dict[str, Any]) -> ClaimPayer:
    return ClaimPayer(payer["payer_code"], payer["name"], payer["claim_filing_indicator"],
                      payer["timely_filing_days"], _address(payer.get("address")))  # fmt: skip


def _subscriber(subscriber: dict[str, Any]) -> ClaimSubscriber:
    return ClaimSubscriber(subscriber["member_id"], _person(subscriber["person"]), subscriber["group_number"],
                           _day(subscriber.get("coverage_from")), _day(subscriber.get("coverage_to")))  # fmt: skip


def _other_coverage(data: dict[str, Any]) -> OtherCoverage:
    return OtherCoverage(_payer(data["payer"]), _subscriber(data["subscriber"]), Relationship(data["relationship"]),
                         data["responsibility"], data.get("plan_name", ""))  # fmt: skip


def claim_from_dict(data: dict[str, Any]) -> Claim:
    facility = data.get("facility")
    return Claim(
        claim_id=data["claim_id"],
        billing=_provider(data["billing"]),  # type: ignore[arg-type]
        subscriber=_subscriber(data["subscriber"]),
        patient=_person(data["patient"]),
        relationship=Relationship(data["relationship"]),
        payer=_payer(data["payer"]),
        place_of_service=data["place_of_service"],
        diagnoses=tuple(data["diagnoses"]),
        lines=tuple(_line(line) for line in data["lines"]),
        rendering=_provider(data.get("rendering")),
        referring=_provider(data.get("referring")),
        facility=ClaimFacility(facility["name"], _address(facility.get("address")), facility.get("npi", ""))
        if facility else None,
        encounter_id=data.get("encounter_id"),
        payer_responsibility=data.get("payer_responsibility", "P"),
        prior_authorization=data.get("prior_authorization", ""),
        referral_number=data.get("referral_number", ""),
        accept_assignment=data.get("accept_assignment", True),
        benefits_assigned=data.get("benefits_assigned", True),
        signature_on_file=data.get("signature_on_file", True),
        frequency=Frequency(data.get("frequency", "1")),
        original_claim_id=data.get("original_claim_id"),
        payer_claim_control_number=data.get("payer_claim_control_number", ""),
        version=data.get("version", 1),
        prior_payers=tuple(prior_payer_from_dict(item) for item in data.get("prior_payers", ())),
        other_coverages=tuple(_other_coverage(item) for item in data.get("other_coverages", ())),
        status=ClaimStatus(data.get("status", "draft")),
        history=tuple(StatusChange(ClaimStatus(c["status"]), datetime.fromisoformat(c["at"]), c.get("note", ""))
                      for c in data.get("history", ())),
        id=data.get("id"),
        kind=ClaimKind(data.get("kind", "professional")),
        institutional=institutional_from_dict(data["institutional"]) if data.get("institutional") else None,
    )


def institutional_from_dict(data: dict[str, Any]) -> InstitutionalDetails:
    """The institutional details as `claim_to_dict` wrote them (dates ISO, money cents)."""
    return InstitutionalDetails(
        bill_type=data["bill_type"], statement_from=date.fromisoformat(data["statement_from"]),
        statement_to=date.fromisoformat(data["statement_to"]), patient_status=data["patient_status"],
        admission_date=_day(data.get("admission_date")), admission_hour=data.get("admission_hour"),
        discharge_hour=data.get("discharge_hour"), admission_type=data.get("admission_type", ""),
        admission_source=data.get("admission_source", ""),
        present_on_admission=tuple(data.get("present_on_admission", ())),
        admitting_diagnosis=data.get("admitting_diagnosis", ""),
        reasons_for_visit=tuple(data.get("reasons_for_visit", ())),
        procedures=tuple(PcsProcedure(p["code"], date.fromisoformat(p["performed_on"]))
                         for p in data.get("procedures", ())),
        condition_codes=tuple(data.get("condition_codes", ())),
        occurrences=tuple(Occurrence(o["code"], date.fromisoformat(o["on"])) for o in data.get("occurrences", ())),
        occurrence_spans=tuple(OccurrenceSpan(o["code"], date.fromisoformat(o["start"]), date.fromisoformat(o["end"]))
                               for o in data.get("occurrence_spans", ())),
        value_amounts=tuple(ValueAmount(v["code"], v["amount_cents"]) for v in data.get("value_amounts", ())),
        drg=data.get("drg", ""), attending=_provider(data.get("attending")),
        operating=_provider(data.get("operating")), other_operating=_provider(data.get("other_operating")),
        medical_record_number=data.get("medical_record_number", ""),
    )  # fmt: skip
