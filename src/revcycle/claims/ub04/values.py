"""What the UB-04 prints where: a claim's form locators as text rows, and each service line's FL 42-48.

    claim_fields(claim, created) -> {locator key: [row a, row b, ...]}
    line_fields(line) -> {"42": "0450", "43": "EMERGENCY ROOM ER", ...}

Dates print MMDDYY (FL 10 birth date MMDDCCYY); amounts as dollars and cents split by a space
("5550 00") like the form's cents column; codes without their dots; the principal diagnosis (FL 67)
and others (67A-Q) with their POA indicator in the locator's last column; FL 66 is 0 (ICD-10).
FL 50-62 rows a/b/c are the payers in order: the billed payer is row a (this is the one claim's payer).
"""

from __future__ import annotations

from datetime import date

from revcycle.claims.institutional_model import InstitutionalDetails
from revcycle.claims.model import Claim, ClaimLine, Frequency
from revcycle.claims.nubc import revenue_code_label
from revcycle.claims.parties import ClaimPerson, ClaimProvider, PostalAddress
from revcycle.codesets.code_refs import undotted
from revcycle.practice import Relationship

RELATIONSHIP_CODES = {Relationship.SELF: "18", Relationship.SPOUSE: "01", Relationship.CHILD: "19"}
OTHER_DIAGNOSES = "ABCDEFGHIJKLMNOPQ"
OTHER_PROCEDURES = "abcde"


def mmddyy(day: date | None) -> str:
    return day.strftime("%m%d%y") if day else ""


def amount(cents: int, width: int = 10) -> str:
    """Dollars right-aligned, a space, then the cents: the form's split money column."""
    dollars, rest = divmod(cents, 100)
    return f"{dollars:>{width - 3}} {rest:02d}"


def claim_fields(claim: Claim, created: date | None = None) -> dict[str, list[str]]:
    details = claim.institutional
    assert details is not None, "the UB-04 prints institutional claims"
    fields: dict[str, list[str]] = {
        "1": _provider_block(claim.billing),
        "3a": [claim.claim_id],
        "3b": [details.medical_record_number],
        "4": [claim.type_of_bill],
        "5": [claim.billing.tin],
        "6_from": [mmddyy(details.statement_from)],
        "6_through": [mmddyy(details.statement_to)],
        **_patient(claim.patient),
        "12": [mmddyy(details.admission_date)],
        "13": [_hour(details.admission_hour)],
        "14": [details.admission_type],
        "15": [details.admission_source],
        "16": [_hour(details.discharge_hour)],
        "17": [details.patient_status],
        **{str(18 + n): [code] for n, code in enumerate(details.condition_codes[:11])},
        **_occurrences(details),
        **_values(details),
        "38": _payer_block(claim),
        **_payer_rows(claim),
        **_diagnoses(claim, details),
        **_procedures(details),
        **_physicians(details),
        "81a": [f"B3 {claim.billing.taxonomy}" if claim.billing.taxonomy else ""],
    }
    return {key: rows for key, rows in fields.items() if any(rows)}


def totals_fields(claim: Claim, page: int, of: int, created: date | None) -> dict[str, str]:
    """Line 23: the page number and creation date on every page; the totals on the last page only."""
    fields = {
        "42": "0001",
        "43": f"PAGE {page} OF {of}",
        "44": f"CREATED {mmddyy(created)}" if created else "",
    }
    if page == of:
        fields["47"] = amount(claim.total_charge_cents)
        non_covered = sum(line.non_covered_cents for line in claim.lines)
        fields["48"] = amount(non_covered, 9) if non_covered else ""
    return fields


def line_fields(line: ClaimLine) -> dict[str, str]:
    procedure = " ".join([line.procedure_code, *line.modifiers]) if line.procedure_code else ""
    return {
        "42": line.revenue_code,
        "43": revenue_code_label(line.revenue_code).upper()[:24],
        "44": procedure,
        "45": mmddyy(line.service_date),
        "46": str(line.units),
        "47": amount(line.charge_cents),
        "48": amount(line.non_covered_cents, 9) if line.non_covered_cents else "",
    }


def _hour(hour: int | None) -> str:
    return f"{hour:02d}" if hour is not None else ""


def _address_rows(address: PostalAddress | None) -> list[str]:
    if address is None:
        return []
    street = " ".join(part for part in (address.line1, address.line2) if part).upper()
    return [street, f"{address.city.upper()} {address.state} {address.zip_code}"]


def _provider_block(provider: ClaimProvider) -> list[str]:
    phone = provider.phone
    shown = f"{phone[:3]} {phone[3:6]} {phone[6:]}" if len(phone) == 10 else phone
    return [provider.display_name.upper()[:25], *_address_rows(provider.address), shown][:4]


def _patient(patient: ClaimPerson) -> dict[str, list[str]]:
    address = patient.address
    return {
        "8b": [f"{patient.last_name.upper()}, {patient.first_name.upper()}"],
        "9a": [" ".join(p for p in (address.line1, address.line2) if p).upper() if address else ""],
        "9b": [address.city.upper() if address else ""],
        "9c": [address.state if address else ""],
        "9d": [address.zip_code if address else ""],
        "10": [patient.birth_date.strftime("%m%d%Y") if patient.birth_date else ""],
        "11": [patient.sex],
    }


def _occurrences(details: InstitutionalDetails) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for n, occurrence in enumerate(details.occurrences[:8]):
        row, column = divmod(n, 4)
        fields.setdefault(f"{31 + column}_code", ["", ""])[row] = occurrence.code
        fields.setdefault(f"{31 + column}_date", ["", ""])[row] = mmddyy(occurrence.on)
    for n, span in enumerate(details.occurrence_spans[:4]):
        row, column = divmod(n, 2)
        fields.setdefault(f"{35 + column}_code", ["", ""])[row] = span.code
        fields.setdefault(f"{35 + column}_from", ["", ""])[row] = mmddyy(span.start)
        fields.setdefault(f"{35 + column}_through", ["", ""])[row] = mmddyy(span.end)
    return fields


def _values(details: InstitutionalDetails) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for n, value in enumerate(details.value_amounts[:12]):
        row, column = divmod(n, 3)
        fields.setdefault(f"{39 + column}_code", ["", "", "", ""])[row] = value.code
        fields.setdefault(f"{39 + column}_amount", ["", "", "", ""])[row] = amount(value.amount_cents)
    return fields


def _payer_block(claim: Claim) -> list[str]:
    return [claim.payer.name.upper(), *_address_rows(claim.payer.address)]


def _payer_rows(claim: Claim) -> dict[str, list[str]]:
    subscriber = claim.subscriber
    person = subscriber.person
    return {
        "50": [claim.payer.name.upper()[:23]],
        "51": [claim.payer.payer_code],
        "52": ["Y"],
        "53": ["Y" if claim.benefits_assigned else "N"],
        "56": [claim.billing.npi],
        "58": [f"{person.last_name.upper()}, {person.first_name.upper()}"[:25]],
        "59": [RELATIONSHIP_CODES.get(claim.relationship, "G8")],
        "60": [subscriber.member_id],
        "62": [subscriber.group_number],
        "63": [claim.prior_authorization],
        "64": [
            claim.payer_claim_control_number
            if claim.frequency in (Frequency.CORRECTED, Frequency.VOID)
            else ""
        ],
    }


def _diagnoses(claim: Claim, details: InstitutionalDetails) -> dict[str, list[str]]:
    fields = {"66": ["0"]}
    for n, code in enumerate(claim.diagnoses[:18]):
        key = "67" + ("" if n == 0 else OTHER_DIAGNOSES[n - 1])
        fields[key] = [f"{undotted(code):<7}{details.poa_of(n)}"]
    fields["69"] = [undotted(details.admitting_diagnosis)]
    for letter, code in zip("abc", details.reasons_for_visit, strict=False):
        fields[f"70{letter}"] = [undotted(code)]
    fields["71"] = [details.drg]
    return fields


def _procedures(details: InstitutionalDetails) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for n, procedure in enumerate(details.procedures[:6]):
        suffix = "" if n == 0 else OTHER_PROCEDURES[n - 1]
        fields[f"74{suffix}_code"] = [procedure.code]
        fields[f"74{suffix}_date"] = [mmddyy(procedure.performed_on)]
    return fields


def _physicians(details: InstitutionalDetails) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for number, provider in (
        ("76", details.attending),
        ("77", details.operating),
        ("78", details.other_operating),
    ):
        if provider is not None:
            fields[f"{number}_npi"] = [provider.npi]
            fields[f"{number}_last"] = [provider.last_name_or_org.upper()[:18]]
            fields[f"{number}_first"] = [provider.first_name.upper()[:18]]
    return fields
