"""Who bills and who renders: the practice, the organization that bills (billing provider), rendering and
referring providers, facilities, and who sends the practice's claim files (the EDI submitter)."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import (
    normalize_phone,
    require_place_of_service,
    require_state,
    require_text,
    require_zip,
)
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
class PracticeProfile:
    """The practice as its patients and payers know it: the name on statements and letters, the phone
    they call, the person who signs (appeal letters, box 31's contact) and an e-mail for payers."""

    name: str
    phone: str = ""
    contact_name: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        require_text(self.name, "practice name")
        object.__setattr__(self, "phone", normalize_phone(self.phone, "practice phone"))
        if self.email and ("@" not in self.email or len(self.email) > 120):
            raise RevcycleError(ErrorCode.VALIDATION, f"practice e-mail {self.email!r} is not an address")


@dataclass(frozen=True, slots=True)
class BillingProvider:
    """The organization that bills (loop 2010AA): a type-2 NPI, a TIN, a taxonomy, a street address, the
    phone on box 33, and a pay-to address (loop 2010AB) when payments go elsewhere."""

    name: str
    npi: str
    tin: str
    taxonomy: str
    address: Address
    id: int | None = None
    phone: str = ""
    pay_to: Address | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "billing provider name")
        object.__setattr__(self, "npi", validate_npi(self.npi))
        object.__setattr__(self, "tin", validate_tin(self.tin))
        object.__setattr__(self, "taxonomy", validate_taxonomy(self.taxonomy))
        object.__setattr__(self, "phone", normalize_phone(self.phone, "billing provider phone"))


@dataclass(frozen=True, slots=True)
class RenderingProvider:
    """A clinician who renders services (a type-1 NPI); an inactive one renders no new visits."""

    first_name: str
    last_name: str
    npi: str
    taxonomy: str
    id: int | None = None
    active: bool = True

    def __post_init__(self) -> None:
        require_text(self.first_name, "provider first name")
        require_text(self.last_name, "provider last name")
        object.__setattr__(self, "npi", validate_npi(self.npi))
        object.__setattr__(self, "taxonomy", validate_taxonomy(self.taxonomy))

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class ReferringProvider:
    """A physician outside the practice who refers patients (837P loop 2310A, CMS-1500 box 17)."""

    first_name: str
    last_name: str
    npi: str
    taxonomy: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.first_name, "referring provider first name")
        require_text(self.last_name, "referring provider last name")
        object.__setattr__(self, "npi", validate_npi(self.npi))
        if self.taxonomy:
            object.__setattr__(self, "taxonomy", validate_taxonomy(self.taxonomy))

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


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
