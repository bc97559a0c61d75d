"""The simulator's intake of an 837I (005010X223A2): an `InstitutionalClaim` -> a `SubmittedClaim` with its
`SubmittedStay` (what the payer prices a facility claim by).

    claim = institutional_claim(typed, provider, subscriber, patient, received_on)   # from simulator.intake

The parties are read as for an 837P (`simulator.intake`). The stay: bill type from CLM05-1, statement
period (DTP*434), admission date (DTP*435), patient status (CL103), diagnoses with their POA (HI ABK/ABF,
the indicator in the composite's ninth component), ICD-10-PCS procedures (HI BBR/BBQ), the DRG the hospital
sent (HI*DR), the patient's age on admission and sex from DMG. Lines: SV201 revenue code, SV202 HCPCS (""
when the line is billed by revenue code alone), SV203 charge, SV205 units, SV207 non-covered, DTP*472 (else
the statement period's first day), REF*6R (else `<claim id>-<n>`).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from revcycle.kernel.money import round_cents
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine, SubmittedStay
from revcycle.x12.guides.x837i.model import InstitutionalClaim, InstitutionalLine
from revcycle.x12.guides.x837p import model as x837

DIAGNOSIS_QUALIFIERS = ("ABK", "BK", "ABF", "BF")
PROCEDURE_QUALIFIERS = ("BBR", "BR", "BBQ", "BQ")
POA_COMPONENT = 8  # HI0x-9


def institutional_claim(
    claim: InstitutionalClaim,
    provider: x837.BillingProvider,
    subscriber: x837.Subscriber,
    patient: x837.Party,
    received_on: date,
) -> SubmittedClaim:
    stay = _stay(claim, patient)
    return SubmittedClaim(
        **claim_header(claim, provider, subscriber, patient, received_on),
        lines=tuple(
            _line(claim, line, number, stay.statement_from)
            for number, line in enumerate(claim.service_lines, start=1)
        ),
        diagnoses=tuple(code for code, _poa in stay.diagnoses_poa),
        place_of_service=claim.facility_type,
        stay=stay,
    )


def claim_header(
    claim: x837.Claim | InstitutionalClaim,
    provider: x837.BillingProvider,
    subscriber: x837.Subscriber,
    patient: x837.Party,
    received_on: date,
) -> dict[str, Any]:
    """The `SubmittedClaim` fields an 837P and an 837I claim are read the same way for (the parties,
    the charge, frequency, REF*F8/G1, SBR)."""
    references = dict(claim.references)
    return {
        "claim_id": claim.claim_id,
        "payer_id": subscriber.payer.name.id,
        "member_id": subscriber.party.name.id,
        "charge_cents": round_cents(claim.charge),
        "received_on": received_on,
        "patient_last_name": patient.name.last_or_organization,
        "patient_first_name": patient.name.first,
        "billing_npi": provider.party.name.id,
        "billing_name": provider.party.name.last_or_organization,
        "billing_tin": provider.party.reference("EI"),
        "frequency": claim.frequency or "1",
        "original_payer_claim_number": references.get("F8", ""),
        "prior_authorization": references.get("G1", ""),
        "responsibility": subscriber.responsibility or "P",
        "filing_indicator": subscriber.filing_indicator or "CI",
    }


def _stay(claim: InstitutionalClaim, patient: x837.Party) -> SubmittedStay:
    first = claim.statement_from or date(1900, 1, 1)
    admitted = _admission_date(claim)
    return SubmittedStay(
        bill_type=claim.facility_type,
        statement_from=first,
        statement_to=claim.statement_to or first,
        patient_status=claim.patient_status,
        diagnoses_poa=tuple(
            (code[1], code[POA_COMPONENT] if len(code) > POA_COMPONENT else "")
            for code in claim.codes
            if code[0] in DIAGNOSIS_QUALIFIERS and len(code) > 1
        ),
        procedures=tuple(claim.codes_of(*PROCEDURE_QUALIFIERS)),
        drg=next(iter(claim.codes_of("DR")), ""),
        admission_date=admitted,
        patient_age=_age(patient.birth_date, admitted or first),
        patient_sex=patient.gender or "U",
    )


def _admission_date(claim: InstitutionalClaim) -> date | None:
    for qualifier, _format, value in claim.dates:
        if qualifier == "435" and value[:8].isdecimal():
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return None


def _age(birth: date | None, on: date) -> int:
    if birth is None:
        return 0
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def whole_units(units: Decimal) -> int:
    """SV1-04/SV2-05 rounded half up to whole units; none (or under a half) is 1."""
    return int(units.quantize(Decimal(1), rounding=ROUND_HALF_UP)) or 1


def _line(claim: InstitutionalClaim, line: InstitutionalLine, number: int, first_day: date) -> SubmittedLine:
    control = next((value for qualifier, value in line.references if qualifier == "6R"), "")
    return SubmittedLine(
        line_number=number,
        procedure_code=line.procedure,
        charge_cents=round_cents(line.charge),
        service_date=line.service_date or first_day,
        units=whole_units(line.units),
        modifiers=tuple(m for m in line.modifiers if m),
        control_number=control or f"{claim.claim_id}-{number}",
        revenue_code=line.revenue_code,
        non_covered_cents=round_cents(line.non_covered) if line.non_covered is not None else 0,
    )
