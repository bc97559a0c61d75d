"""What goes where on the CMS-1500 (02/12): claim data as (print line, column, text), NUCC conventions.

Conventions (NUCC 1500 instructions): upper case; dates MM DD YY in box 24A and MM DD YYYY for
birth dates; diagnosis codes without the decimal point, ICD indicator 0 (ICD-10); pointers as the
letters A-L; charges with dollars and cents in separate print positions (no $ or decimal point);
"SIGNATURE ON FILE" in boxes 12, 13 and 31 when signatures are on file.
"""

from __future__ import annotations

from datetime import date

from revcycle.claims.model import Claim, ClaimLine, Frequency
from revcycle.claims.parties import ClaimPerson, PostalAddress
from revcycle.practice import Relationship

Field = tuple[int, int, str]
INSURANCE_TYPE_COLUMN = {"MB": 1, "MC": 8, "CH": 15, "VA": 23, "OF": 38}
GROUP_HEALTH_PLAN_COLUMN = 30
OTHER_COLUMN = 45
OTHER_FILING = frozenset({"WC", "AM", "ZZ", "09"})
RELATIONSHIP_COLUMN = {Relationship.SELF: 32, Relationship.SPOUSE: 37, Relationship.CHILD: 42}
DIAGNOSIS_COLUMNS = (3, 16, 29, 42)
POINTER_LETTERS = "ABCDEFGHIJKL"
SIGNATURE_ON_FILE = "SIGNATURE ON FILE"
CHECK = "X"


def phone_text(digits: str) -> str:
    """A 10-digit phone as (217) 555-0100; anything else as given."""
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 and digits.isdecimal() else digits


def clip(text: str, width: int) -> str:
    return text.upper()[:width]


def mm_dd_yy(day: date | None) -> str:
    return day.strftime("%m %d %y") if day else ""


def mm_dd_yyyy(day: date | None) -> str:
    return day.strftime("%m %d %Y") if day else ""


def dollars_and_cents(cents: int) -> tuple[str, str]:
    return str(cents // 100), f"{cents % 100:02d}"


def right_aligned(text: str, end_column: int) -> int:
    """The column where `text` starts so that it ends in `end_column`."""
    return end_column - len(text) + 1


def person_name(person: ClaimPerson) -> str:
    return f"{person.last_name}, {person.first_name}"


def claim_fields(claim: Claim, last_page: bool) -> list[Field]:
    fields = _carrier(claim) + _insured_and_patient(claim) + _conditions(claim) + _diagnoses(claim)
    fields += _billing(claim, last_page)
    return [(line, column, text) for line, column, text in fields if text]


def _carrier(claim: Claim) -> list[Field]:
    fields = [(1, 50, clip(claim.payer.name, 30))]
    address = claim.payer.address
    if address is not None:
        fields += [(2, 50, clip(address.line1, 30)), (3, 50, clip(address.line2, 30)), (4, 50, _city_line(address))]
    return fields


def _city_line(address: PostalAddress) -> str:
    return clip(f"{address.city} {address.state} {address.zip_code}", 30)


def _insurance_type_column(indicator: str) -> int:
    if indicator in INSURANCE_TYPE_COLUMN:
        return INSURANCE_TYPE_COLUMN[indicator]
    return OTHER_COLUMN if indicator in OTHER_FILING else GROUP_HEALTH_PLAN_COLUMN


def _insured_and_patient(claim: Claim) -> list[Field]:
    patient, insured = claim.patient, claim.subscriber.person
    fields: list[Field] = [
        (8, _insurance_type_column(claim.claim_filing_indicator), CHECK),
        (8, 50, clip(claim.subscriber.member_id, 29)),
        (10, 1, clip(person_name(patient), 28)),
        (10, 30, mm_dd_yyyy(patient.birth_date)),
        (10, 50, clip(person_name(insured), 29)),
        (12, RELATIONSHIP_COLUMN.get(claim.relationship, 47), CHECK),
        (18, 50, clip(claim.subscriber.group_number, 29)),
        (20, 53, mm_dd_yyyy(insured.birth_date)),
        (24, 50, clip(claim.payer.name, 29)),
    ]
    fields += _other_insured(claim)
    fields += _sex(10, 42, 47, patient.sex) + _sex(20, 68, 75, insured.sex)
    fields += _address(patient.address, 1, 26) + _address(insured.address, 50, 74)
    return fields


def _other_insured(claim: Claim) -> list[Field]:
    """Box 9 (other insured's name), 9a (policy number), 9d (plan name) and 11d YES when another plan covers
    the patient: the next plan on a primary claim, the earlier payer on a secondary one; else 11d NO."""
    if claim.other_coverages:
        other = claim.other_coverages[0]
        name, policy = person_name(other.subscriber.person), other.subscriber.member_id
        plan = other.plan_name or other.payer.name
    elif claim.prior_payers:
        prior = claim.prior_payers[-1]
        name, policy = f"{prior.subscriber_last_name}, {prior.subscriber_first_name}", prior.member_id
        plan = prior.payer_name
    else:
        return [(26, 57, CHECK)]  # 11d NO: no other health benefit plan
    return [(18, 1, clip(name, 28)), (20, 1, clip(policy, 28)), (26, 1, clip(plan, 28)), (26, 52, CHECK)]


def _sex(line: int, male_column: int, female_column: int, sex: str) -> list[Field]:
    column = {"M": male_column, "F": female_column}.get(sex.upper())
    return [(line, column, CHECK)] if column else []


def _address(address: PostalAddress | None, column: int, state_column: int) -> list[Field]:
    if address is None:
        return []
    street = f"{address.line1} {address.line2}".strip()
    return [(12, column, clip(street, 28)), (14, column, clip(address.city, state_column - column - 1)),
            (14, state_column, address.state), (16, column, address.zip_code)]


def _conditions(claim: Claim) -> list[Field]:
    fields: list[Field] = [(20, 41, CHECK), (22, 41, CHECK), (24, 41, CHECK)]  # 10a-c: not related
    if claim.signature_on_file:
        fields.append((29, 7, SIGNATURE_ON_FILE))
    if claim.benefits_assigned:
        fields.append((29, 56, SIGNATURE_ON_FILE))
    if claim.referring is not None:
        fields += [(34, 1, "DN"), (34, 4, clip(claim.referring.display_name, 24)), (34, 34, claim.referring.npi)]
    if claim.frequency is not Frequency.ORIGINAL:
        fields += [(38, 50, claim.frequency.value), (38, 62, clip(claim.payer_claim_control_number, 18))]
    fields.append((40, 50, clip(claim.prior_authorization or claim.referral_number, 29)))
    return fields


def _diagnoses(claim: Claim) -> list[Field]:
    fields: list[Field] = [(37, 45, "0")]
    for index, code in enumerate(claim.diagnoses[:12]):
        row, position = divmod(index, 4)
        fields.append((38 + row, DIAGNOSIS_COLUMNS[position], code.replace(".", "").upper()))
    return fields


def _billing(claim: Claim, last_page: bool) -> list[Field]:
    billing = claim.billing
    fields: list[Field] = [(57, 1, billing.tin), (57, 19, CHECK), (57, 23, clip(claim.claim_id, 14)),
                           (57, 37 if claim.accept_assignment else 42, CHECK)]
    if last_page:
        dollars, cents = dollars_and_cents(claim.total_charge_cents)
        fields += [(57, right_aligned(dollars, 56), dollars), (57, 58, cents)]
    else:
        fields.append((57, 50, "CONTINUED"))
    signer = claim.rendering_or_billing
    fields += [(60, 1, SIGNATURE_ON_FILE[:21]), (61, 1, clip(signer.display_name, 21))]
    if claim.facility is not None:
        fields += _block(23, 26, claim.facility.name, claim.facility.address) + [(63, 23, claim.facility.npi)]
    fields += _block(50, 31, billing.display_name, billing.address) + [(63, 50, billing.npi)]
    if billing.phone:
        fields.append((58, 66, phone_text(billing.phone)))  # box 33's phone, right of its title
    if billing.taxonomy:
        fields.append((63, 62, f"ZZ{billing.taxonomy}"))
    return fields


def _block(column: int, width: int, name: str, address: PostalAddress | None) -> list[Field]:
    fields = [(59, column, clip(name, width))]
    if address is not None:
        fields += [(60, column, clip(f"{address.line1} {address.line2}".strip(), width)),
                   (61, column, clip(f"{address.city} {address.state} {address.zip_code}", width))]
    return fields


def line_fields(claim: Claim, line: ClaimLine) -> list[tuple[bool, int, str]]:
    """(shaded row?, column, text) for one service line."""
    dollars, cents = dollars_and_cents(line.charge_cents)
    units = str(line.units)
    fields: list[tuple[bool, int, str]] = [
        (False, 1, mm_dd_yy(line.service_date)),
        (False, 10, mm_dd_yy(line.last_service_date)),
        (False, 19, claim.line_place_of_service(line)),
        (False, 25, line.procedure_code.upper()),
        (False, 45, "".join(POINTER_LETTERS[p - 1] for p in line.diagnosis_pointers if 1 <= p <= 12)[:4]),
        (False, right_aligned(dollars, 54), dollars),
        (False, 56, cents),
        (False, right_aligned(units, 61), units),
    ]
    fields += [(False, 32 + 3 * index, modifier.upper()) for index, modifier in enumerate(line.modifiers[:4])]
    if line.drug is not None:  # NUCC 24A shaded: N4, the 11-digit NDC, a space, the unit and the quantity
        fields.append((True, 1, line.drug.n4))
    rendering = claim.rendering
    if rendering is not None and rendering.npi != claim.billing.npi:
        fields.append((False, 68, rendering.npi))
        if rendering.taxonomy:
            fields += [(True, 65, "ZZ"), (True, 68, rendering.taxonomy)]
    return fields
