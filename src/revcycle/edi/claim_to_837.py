"""Claim -> 837P (005010X222A1): the claims a practice sends, through the x12 package's typed writer.

    text = write_837p(claims, submitter, receiver, interchange_control=17, created=datetime(...))
    batch = claims_to_batch(claims, submitter, receiver, control_number="0001", reference="B17", created=...)

Grouping follows the guide: one 2000A per billing provider (NPI + TIN), one 2000B per subscriber
and payer, a 2000C patient loop when the patient is not the subscriber. The rendering provider
(2310B) is written only when it differs from the billing provider, the service facility (2310C)
only when its address differs from the billing provider's. Each line carries REF*6R
`<claim number>-<line>` for 835 line matching. A claim with `prior_payers` (COB) gets loop 2320/2330A/B
per earlier payer and loop 2430 on each line that payer adjudicated; a claim with `other_coverages` (a primary
claim of a patient with a secondary plan) gets loop 2320/2330A/B for each, without payment amounts. Amounts: integer cents -> Decimal here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from revcycle.claims.model import Claim, ClaimLine, Frequency
from revcycle.claims.parties import ClaimPerson, ClaimProvider, OtherCoverage, PostalAddress
from revcycle.claims.prior_payers import PriorAdjustment, PriorPayer
from revcycle.practice import Relationship
from revcycle.practice.charges import DrugIdentification
from revcycle.practice.organization import Receiver, Submitter
from revcycle.x12.guides.x837p import model as x837
from revcycle.x12.guides.x837p.write import write_claim_batches
from revcycle.x12.values import format_decimal
from revcycle.x12.writer import InterchangeHeader

PATIENT_RELATIONSHIP = {Relationship.SPOUSE: "01", Relationship.CHILD: "19"}  # anything else: G8 other


def dollars(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def write_837p(claims: Sequence[Claim], submitter: Submitter, receiver: Receiver, interchange_control: int,
               created: dt.datetime, usage: str = "P") -> str:
    """One interchange, one functional group, one 837P transaction set holding `claims`."""
    batch = claims_to_batch(claims, submitter, receiver, f"{interchange_control:04d}",
                            f"B{interchange_control}", created)
    header = InterchangeHeader(submitter.etin, receiver.etin, interchange_control, created=created, usage=usage)
    return write_claim_batches([batch], header, sender=submitter.etin, receiver=receiver.etin,
                               group_control=interchange_control)


def claims_to_batch(claims: Sequence[Claim], submitter: Submitter, receiver: Receiver, control_number: str,
                    reference: str, created: dt.datetime,
                    convert: Callable[[Claim], Any] | None = None) -> x837.ClaimBatch:
    """The claims grouped by billing provider and subscriber; `convert` makes each 2300 claim (default the
    837P's `to_x837_claim`; the 837I passes `claim_to_837i.to_institutional_claim`)."""
    providers: dict[tuple[str, str], x837.BillingProvider] = {}
    subscribers: dict[tuple[str, ...], x837.Subscriber] = {}
    for claim in claims:
        provider = providers.setdefault((claim.billing.npi, claim.billing.tin), _billing_provider(claim.billing))
        key = (claim.billing.npi, claim.billing.tin, claim.subscriber.member_id, claim.payer.payer_code,
               claim.payer_responsibility, claim.relationship.value)
        if key not in subscribers:
            subscribers[key] = _subscriber(claim)
            provider.subscribers.append(subscribers[key])
        _attach(subscribers[key], claim, convert or to_x837_claim)
    return x837.ClaimBatch(
        control_number=control_number,
        reference=reference,
        created=created.date(),
        time=created.strftime("%H%M"),
        submitter=x837.Party(x837.Name("41", "2", submitter.name.upper(), id_qualifier="46", id=submitter.etin),
                             contacts=[["IC", submitter.contact_name.upper(), "TE", submitter.phone]]),
        receiver=x837.Party(x837.Name("40", "2", receiver.name.upper(), id_qualifier="46", id=receiver.etin)),
        billing_providers=list(providers.values()),
    )


def _address(address: PostalAddress | None) -> x837.Address | None:
    if address is None:
        return None
    lines = [address.line1.upper()] + ([address.line2.upper()] if address.line2 else [])
    return x837.Address(lines, address.city.upper(), address.state, address.zip_code)


def _billing_provider(billing: ClaimProvider) -> x837.BillingProvider:
    name = x837.Name("85", "2" if billing.is_organization else "1", billing.last_name_or_org.upper(),
                     billing.first_name.upper(), id_qualifier="XX", id=billing.npi)
    party = x837.Party(name, _address(billing.address), references=[("EI", billing.tin)])
    return x837.BillingProvider(party, taxonomy=billing.taxonomy)


def _person(entity: str, person: ClaimPerson, member_id: str = "", demographics: bool = True) -> x837.Party:
    name = x837.Name(entity, "1", person.last_name.upper(), person.first_name.upper(),
                     id_qualifier="MI" if member_id else "", id=member_id)
    return x837.Party(name, _address(person.address), birth_date=person.birth_date if demographics else None,
                      gender=(person.sex or "U") if demographics else "")


def _subscriber(claim: Claim) -> x837.Subscriber:
    is_patient = claim.relationship is Relationship.SELF
    subscriber = claim.subscriber
    payer = x837.Party(x837.Name("PR", "2", claim.payer.name.upper(), id_qualifier="PI", id=claim.payer.payer_code),
                       _address(claim.payer.address))
    party = _person("IL", subscriber.person, subscriber.member_id, demographics=is_patient)
    if is_patient:
        party.address = _address(claim.patient.address)
    result = x837.Subscriber(claim.payer_responsibility, party, payer, relationship="18" if is_patient else "",
                             group_number=subscriber.group_number, filing_indicator=claim.claim_filing_indicator)
    if not is_patient:
        patient = _person("QC", claim.patient)
        result.patients.append(x837.Patient(PATIENT_RELATIONSHIP.get(claim.relationship, "G8"), patient))
    return result


def _attach(subscriber: x837.Subscriber, claim: Claim, convert: Callable[[Claim], Any]) -> None:
    if claim.relationship is Relationship.SELF:
        subscriber.claims.append(convert(claim))
    else:
        subscriber.patients[0].claims.append(convert(claim))


def to_x837_claim(claim: Claim) -> x837.Claim:
    references: list[tuple[str, str]] = []
    if claim.frequency is not Frequency.ORIGINAL:
        references.append(("F8", claim.payer_claim_control_number))
    if claim.referral_number:
        references.append(("9F", claim.referral_number))
    if claim.prior_authorization:
        references.append(("G1", claim.prior_authorization))
    return x837.Claim(
        claim_id=claim.claim_id,
        charge=dollars(claim.total_charge_cents),
        place_of_service=claim.place_of_service,
        frequency=claim.frequency.value,
        provider_signature="Y" if claim.signature_on_file else "N",
        assignment="A" if claim.accept_assignment else "C",
        benefits_assigned="Y" if claim.benefits_assigned else "N",
        release_of_information="Y",
        diagnoses=[code.replace(".", "").upper() for code in claim.diagnoses],
        references=references,
        providers=_claim_providers(claim),
        service_lines=[_line(claim, line) for line in claim.lines],
        other_payers=[_other_payer(prior) for prior in claim.prior_payers]
        + [_other_coverage(other) for other in claim.other_coverages],
    )


def _other_coverage(other: OtherCoverage) -> x837.OtherPayer:
    """Loop 2320 for a plan not billed here (a primary claim's secondary): SBR, OI, 2330A, 2330B; no payment."""
    person = other.subscriber.person
    subscriber = x837.Name("IL", "1", person.last_name.upper(), person.first_name.upper(),
                           id_qualifier="MI", id=other.subscriber.member_id)
    relationship = "18" if other.relationship is Relationship.SELF else PATIENT_RELATIONSHIP.get(other.relationship, "G8")
    return x837.OtherPayer(
        other.responsibility, relationship, group_number=other.subscriber.group_number,
        filing_indicator=other.payer.claim_filing_indicator, subscriber=x837.Party(subscriber),
        payer=x837.Party(x837.Name("PR", "2", other.payer.name.upper(), id_qualifier="PI", id=other.payer.payer_code)),
    )  # fmt: skip


def _other_payer(prior: PriorPayer) -> x837.OtherPayer:
    """Loop 2320 with 2330A (the earlier payer's subscriber) and 2330B (the earlier payer)."""
    subscriber = x837.Name("IL", "1", prior.subscriber_last_name.upper(), prior.subscriber_first_name.upper(),
                           id_qualifier="MI", id=prior.member_id)
    return x837.OtherPayer(
        prior.responsibility, prior.relationship, group_number=prior.group_number, filing_indicator=prior.filing_indicator,
        adjustments=_adjustments(prior.adjustments), paid=dollars(prior.paid_cents),
        remaining_patient_liability=dollars(prior.patient_responsibility_cents),
        subscriber=x837.Party(subscriber),
        payer=x837.Party(x837.Name("PR", "2", prior.payer_name.upper(), id_qualifier="PI", id=prior.payer_code)),
    )  # fmt: skip


def _adjustments(adjustments: tuple[PriorAdjustment, ...]) -> list[x837.Adjustment]:
    return [x837.Adjustment(a.group, a.reason, dollars(a.amount_cents)) for a in adjustments]


def _line_adjudications(claim: Claim, line: ClaimLine, code: list[str]) -> list[x837.LineAdjudication]:
    """Loop 2430 per earlier payer that adjudicated this line."""
    found = []
    for prior in claim.prior_payers:
        if (paid := prior.line(line.line_number)) is not None:
            found.append(x837.LineAdjudication(
                prior.payer_code, dollars(paid.paid_cents), code, Decimal(line.units),
                adjustments=_adjustments(paid.adjustments), paid_date=prior.paid_on,
                remaining_patient_liability=dollars(paid.patient_responsibility_cents)))  # fmt: skip
    return found


def _claim_providers(claim: Claim) -> list[x837.Party]:
    parties: list[x837.Party] = []
    if claim.referring is not None:
        referring = claim.referring
        parties.append(x837.Party(x837.Name("DN", "1", referring.last_name_or_org.upper(), referring.first_name.upper(),
                                            id_qualifier="XX", id=referring.npi)))
    rendering = claim.rendering
    if rendering is not None and rendering.npi != claim.billing.npi:
        name = x837.Name("82", "2" if rendering.is_organization else "1", rendering.last_name_or_org.upper(),
                         rendering.first_name.upper(), id_qualifier="XX", id=rendering.npi)
        parties.append(x837.Party(name, taxonomy=rendering.taxonomy, provider_code="PE"))
    facility = claim.facility
    if facility is not None and facility.address is not None and facility.address != claim.billing.address:
        name = x837.Name("77", "2", facility.name.upper(), id_qualifier="XX" if facility.npi else "", id=facility.npi)
        parties.append(x837.Party(name, _address(facility.address)))
    return parties


def _line(claim: Claim, line: ClaimLine) -> x837.ServiceLine:
    place = claim.line_place_of_service(line)
    modifiers = [modifier.upper() for modifier in line.modifiers]
    return x837.ServiceLine(
        qualifier="HC",
        procedure=line.procedure_code.upper(),
        charge=dollars(line.charge_cents),
        units=Decimal(line.units),
        modifiers=modifiers,
        place_of_service=place if place != claim.place_of_service else "",
        diagnosis_pointers=list(line.diagnosis_pointers),
        service_date=line.service_date,
        service_end=line.last_service_date,
        references=[("6R", claim.line_control_number(line))],
        adjudications=_line_adjudications(claim, line, ["HC", line.procedure_code.upper(), *modifiers]),
        drug=_drug(line.drug),
    )


def _drug(drug: DrugIdentification | None) -> list[list[str]]:
    """Loop 2410: LIN*N4 with the 11-digit NDC, CTP04 the quantity and CTP05 its unit."""
    if drug is None:
        return []
    return [["LIN", "", "N4", drug.ndc], ["CTP", "", "", "", format_decimal(drug.quantity) or "", drug.unit]]
