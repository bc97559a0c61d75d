"""Who is on a claim: snapshots of the providers, facility, subscriber, patient and payer.

A claim keeps its own copy of every party as it was when the claim was built, so a submitted
claim never changes when a provider moves or a patient's coverage is edited later. The
snapshots are deliberately lenient (no identifier validation here): the scrubber is the place
that reports a bad NPI, a missing ZIP+4 or a missing birth date as findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.practice import Address, BillingProvider, Facility, Person, RenderingProvider
from revcycle.practice.patients import Patient, Relationship


@dataclass(frozen=True, slots=True)
class PostalAddress:
    line1: str
    city: str
    state: str
    zip_code: str  # 5 or 9 digits, no dash
    line2: str = ""

    @classmethod
    def of(cls, address: Address | None) -> PostalAddress | None:
        if address is None:
            return None
        return cls(address.line1, address.city, address.state, address.zip_code, address.line2)


@dataclass(frozen=True, slots=True)
class ClaimProvider:
    """A billing, rendering or referring provider. An empty `first_name` means an organization."""

    npi: str
    last_name_or_org: str
    first_name: str = ""
    taxonomy: str = ""
    tin: str = ""
    address: PostalAddress | None = None
    phone: str = ""  # the billing provider's, 10 digits (box 33)

    @property
    def is_organization(self) -> bool:
        return not self.first_name

    @property
    def display_name(self) -> str:
        if self.is_organization:
            return self.last_name_or_org
        return f"{self.last_name_or_org}, {self.first_name}"

    @classmethod
    def billing(cls, provider: BillingProvider) -> ClaimProvider:
        return cls(provider.npi, provider.name, "", provider.taxonomy, provider.tin,
                   PostalAddress.of(provider.address), provider.phone)

    @classmethod
    def rendering(cls, provider: RenderingProvider) -> ClaimProvider:
        return cls(provider.npi, provider.last_name, provider.first_name, provider.taxonomy)


@dataclass(frozen=True, slots=True)
class ClaimFacility:
    """The service facility location (loop 2310C, box 32)."""

    name: str
    address: PostalAddress | None
    npi: str = ""

    @classmethod
    def of(cls, facility: Facility | None) -> ClaimFacility | None:
        if facility is None:
            return None
        return cls(facility.name, PostalAddress.of(facility.address), facility.npi or "")


@dataclass(frozen=True, slots=True)
class ClaimPerson:
    """A patient or subscriber as printed on the claim. `sex` is F, M, U or empty (unknown to us)."""

    first_name: str
    last_name: str
    birth_date: date | None = None
    sex: str = ""
    address: PostalAddress | None = None

    @classmethod
    def of_patient(cls, patient: Patient) -> ClaimPerson:
        return cls(patient.first_name, patient.last_name, patient.birth_date, str(patient.sex),
                   PostalAddress.of(patient.address))

    @classmethod
    def of_person(cls, person: Person) -> ClaimPerson:
        return cls(person.first_name, person.last_name, person.birth_date, "", PostalAddress.of(person.address))

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None or day < self.birth_date:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


@dataclass(frozen=True, slots=True)
class ClaimSubscriber:
    """The insured: member id, who they are, the group, and the coverage period (inclusive ends)."""

    member_id: str
    person: ClaimPerson
    group_number: str = ""
    coverage_from: date | None = None
    coverage_to: date | None = None


@dataclass(frozen=True, slots=True)
class ClaimPayer:
    """The payer billed: electronic payer id, name, claim filing indicator, timely-filing limit in days."""

    payer_code: str
    name: str
    claim_filing_indicator: str
    timely_filing_days: int = 365
    address: PostalAddress | None = None


@dataclass(frozen=True, slots=True)
class OtherCoverage:
    """Another plan covering the patient on the date of service, not billed on this claim (a primary
    claim's secondary): CMS-1500 boxes 9, 9a, 9d and 11d YES; 837P loop 2320 with 2330A/B, no payment."""

    payer: ClaimPayer
    subscriber: ClaimSubscriber
    relationship: Relationship  # the patient's relationship to that plan's subscriber
    responsibility: str  # S secondary, T tertiary (P when the billed plan is not the primary)
    plan_name: str = ""

