"""Who bills and who renders: the organization (billing provider), rendering providers, facilities, and
who sends the practice's claim files (the EDI submitter)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.practice.checks import require_place_of_service, require_state, require_text, require_zip
from revcycle.practice.identifiers import validate_npi, validate_taxonomy, validate_tin


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    state: str
    zip_code: str
    line2: str = ""

    def __post_init__(self) -> None:
        require_text(self.line1, "address line 1")
        require_text(self.city, "city")
        require_state(self.state)
        require_zip(self.zip_code)


@dataclass(frozen=True, slots=True)
class BillingProvider:
    """The organization that bills (loop 2010AA): a type-2 NPI, a TIN, a taxonomy, a street address."""

    name: str
    npi: str
    tin: str
    taxonomy: str
    address: Address
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "billing provider name")
        object.__setattr__(self, "npi", validate_npi(self.npi))
        object.__setattr__(self, "tin", validate_tin(self.tin))
        object.__setattr__(self, "taxonomy", validate_taxonomy(self.taxonomy))


@dataclass(frozen=True, slots=True)
class RenderingProvider:
    """A clinician who renders services (a type-1 NPI)."""

    first_name: str
    last_name: str
    npi: str
    taxonomy: str
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.first_name, "provider first name")
        require_text(self.last_name, "provider last name")
        object.__setattr__(self, "npi", validate_npi(self.npi))
        object.__setattr__(self, "taxonomy", validate_taxonomy(self.taxonomy))


@dataclass(frozen=True, slots=True)
class Facility:
    """A service location; `place_of_service` is the CMS two-digit code used by default (11 = office)."""

    name: str
    address: Address
    place_of_service: str = "11"
    npi: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "facility name")
        require_place_of_service(self.place_of_service)
        if self.npi is not None:
            object.__setattr__(self, "npi", validate_npi(self.npi))


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who sends the claim files (837P loop 1000A and the ISA sender): the practice or its billing service."""

    name: str
    etin: str  # the submitter id the clearinghouse assigned
    contact_name: str
    phone: str  # 10 digits


@dataclass(frozen=True, slots=True)
class Receiver:
    """Who receives the claim files (837P loop 1000B and the ISA receiver): a clearinghouse or a payer."""

    name: str
    etin: str
