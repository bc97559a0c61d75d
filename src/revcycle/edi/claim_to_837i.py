"""Institutional Claim -> 837I (005010X223A2): a hospital's claims through the x12 package's 837I writer.

    text = write_837i(claims, submitter, receiver, interchange_control=17, created=datetime(...))

Grouping is the 837P's (`claim_to_837.claims_to_batch`: one 2000A per billing facility, 2000B per subscriber
and payer, 2000C for a dependent). Each claim's 2300: CLM05 = bill type digits 2-3 : A : frequency;
DTP*096 discharge hour, DTP*434 statement period, DTP*435 admission date and hour; CL1 admission type,
point of origin, patient status; REF*F8 the payer's claim number on a frequency 7/8 claim, REF*G1 prior
authorization, REF*EA medical record number; HI: ABK principal diagnosis with POA (HI01-09), ABJ admitting,
APR reasons for visit, DR the DRG, ABF other diagnoses with POA, BBR principal / BBQ other ICD-10-PCS with
D8 dates, BI spans, BH occurrences, BE values, BG conditions; 2310A attending (PRV*AT), 2310B operating,
2310C other operating; 2400: LX, SV2 (revenue code, HC:HCPCS:modifiers, charge, UN or DA units,
non-covered), DTP*472, REF*6R `<claim number>-<line>`. POA "1" (exempt) is sent blank, as 5010 wants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from revcycle.claims.institutional_model import InstitutionalDetails
from revcycle.claims.model import Claim, ClaimLine, Frequency
from revcycle.claims.parties import ClaimProvider
from revcycle.codesets.code_refs import undotted
from revcycle.edi.claim_to_837 import claims_to_batch, dollars
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Receiver, Submitter
from revcycle.x12.guides.x837i.model import InstitutionalClaim, InstitutionalLine
from revcycle.x12.guides.x837i.write import write_institutional_batches
from revcycle.x12.guides.x837p import model as x837
from revcycle.x12.values import format_date, format_decimal
from revcycle.x12.writer import InterchangeHeader

DAY_UNIT_REVENUE_CODES = ("01", "02")  # 0100-0219 accommodations are billed in days (SV204 DA)
POA_SENT = frozenset({"Y", "N", "U", "W"})


def write_837i(claims: Sequence[Claim], submitter: Submitter, receiver: Receiver, interchange_control: int,
               created: dt.datetime, usage: str = "P") -> str:  # fmt: skip
    """One interchange, one functional group, one 837I transaction set holding the institutional `claims`."""
    professional = [claim.claim_id for claim in claims if not claim.is_institutional]
    if professional:
        raise RevcycleError(ErrorCode.VALIDATION,
                            f"claim {professional[0]} is professional: it goes out on an 837P, not an 837I")  # fmt: skip
    batch = claims_to_batch(claims, submitter, receiver, f"{interchange_control:04d}", f"B{interchange_control}",
                            created, convert=to_institutional_claim)  # fmt: skip
    header = InterchangeHeader(
        submitter.etin, receiver.etin, interchange_control, created=created, usage=usage
    )
    return write_institutional_batches([batch], header, sender=submitter.etin, receiver=receiver.etin,
                                       group_control=interchange_control)  # fmt: skip


def to_institutional_claim(claim: Claim) -> InstitutionalClaim:
    details = claim.institutional
    assert details is not None  # write_837i refused professional claims
    return InstitutionalClaim(
        claim_id=claim.claim_id, charge=dollars(claim.total_charge_cents), facility_type=details.bill_type,
        frequency=claim.frequency.value, assignment="A" if claim.accept_assignment else "C",
        benefits_assigned="Y" if claim.benefits_assigned else "N", release_of_information="Y",
        statement_from=details.statement_from, statement_to=details.statement_to,
        admission_type=details.admission_type, admission_source=details.admission_source,
        patient_status=details.patient_status, codes=code_composites(claim, details), dates=_dates(details),
        references=_references(claim, details), providers=_providers(details),
        service_lines=[_line(claim, line) for line in claim.lines],
    )  # fmt: skip


def code_composites(claim: Claim, details: InstitutionalDetails) -> list[list[str]]:
    """The HI composites [qualifier, code, date format, date, amount, ..., POA] in guide order."""
    codes = [
        _diagnosis("ABK" if n == 0 else "ABF", code, details.poa_of(n))
        for n, code in enumerate(claim.diagnoses)
    ]
    if details.admitting_diagnosis:
        codes.append(["ABJ", undotted(details.admitting_diagnosis)])
    codes += [["APR", undotted(code)] for code in details.reasons_for_visit]
    if details.drg:
        codes.append(["DR", details.drg])
    codes += [["BBR" if n == 0 else "BBQ", p.code, "D8", format_date(p.performed_on)]
              for n, p in enumerate(details.procedures)]  # fmt: skip
    codes += [
        ["BI", s.code, "RD8", f"{format_date(s.start)}-{format_date(s.end)}"]
        for s in details.occurrence_spans
    ]
    codes += [["BH", o.code, "D8", format_date(o.on)] for o in details.occurrences]
    codes += [
        ["BE", v.code, "", "", format_decimal(dollars(v.amount_cents)) or "0"] for v in details.value_amounts
    ]
    codes += [["BG", code] for code in details.condition_codes]
    return codes


def _diagnosis(qualifier: str, code: str, poa: str) -> list[str]:
    if poa in POA_SENT:
        return [qualifier, undotted(code), "", "", "", "", "", "", poa]
    return [qualifier, undotted(code)]


def _dates(details: InstitutionalDetails) -> list[tuple[str, str, str]]:
    dates = []
    if details.discharge_hour is not None:
        dates.append(("096", "TM", f"{details.discharge_hour:02d}00"))
    if details.admission_date is not None:
        if details.admission_hour is not None:
            dates.append(
                ("435", "DT", f"{format_date(details.admission_date)}{details.admission_hour:02d}00")
            )
        else:
            dates.append(("435", "D8", format_date(details.admission_date)))
    return dates


def _references(claim: Claim, details: InstitutionalDetails) -> list[tuple[str, str]]:
    references = []
    if claim.frequency in (Frequency.CORRECTED, Frequency.VOID):
        references.append(("F8", claim.payer_claim_control_number))
    if claim.prior_authorization:
        references.append(("G1", claim.prior_authorization))
    if details.medical_record_number:
        references.append(("EA", details.medical_record_number))
    return references


def _providers(details: InstitutionalDetails) -> list[x837.Party]:
    parties = []
    for entity, provider in (
        ("71", details.attending),
        ("72", details.operating),
        ("ZZ", details.other_operating),
    ):
        if provider is not None:
            parties.append(_provider(entity, provider))
    return parties


def _provider(entity: str, provider: ClaimProvider) -> x837.Party:
    name = x837.Name(entity, "2" if provider.is_organization else "1", provider.last_name_or_org.upper(),
                     provider.first_name.upper(), id_qualifier="XX", id=provider.npi)  # fmt: skip
    taxonomy = provider.taxonomy if entity == "71" else ""  # PRV is in 2310A only
    return x837.Party(name, taxonomy=taxonomy, provider_code="AT" if taxonomy else "")


def _line(claim: Claim, line: ClaimLine) -> InstitutionalLine:
    day_units = line.revenue_code[:2] in DAY_UNIT_REVENUE_CODES and line.revenue_code < "0220"
    return InstitutionalLine(
        revenue_code=line.revenue_code, charge=dollars(line.charge_cents), units=Decimal(line.units),
        unit_basis="DA" if day_units else "UN", qualifier="HC" if line.procedure_code else "",
        procedure=line.procedure_code.upper(), modifiers=[modifier.upper() for modifier in line.modifiers],
        non_covered=dollars(line.non_covered_cents) if line.non_covered_cents else None,
        service_date=line.service_date, service_end=line.last_service_date,
        references=[("6R", claim.line_control_number(line))],
    )  # fmt: skip
