"""The intake values: the one shape every EHR message (HL7 v2 over MLLP or a file, a FHIR Bundle) is read into
before it touches the database. Pure, frozen; a reader builds them, `services.interface_inbox.receive` applies
them in one transaction.

    IntakeMessage(header=MessageHeader("hl7", "EPIC^NORTHCLINIC", "MSG00017", "ADT^A04"),
                  actions=(PatientIntake(PatientRef("E1001", "NORTHCLINIC"), last_name="Nunez", ...),))

What a field holds:
- `None` is "not sent": an update keeps what is on file (HL7's empty field). For the optional texts (phone,
  e-mail, group number) `""` is "sent empty": it clears them (HL7's `""`).
- A patient is named by the sender's identifier and its assigning authority (`PatientRef`: an MRN from
  PID-3, a FHIR Patient.identifier); revcycle keeps the pair for the patient it registered, so later messages
  find it. A visit is named likewise by its visit number (PV1-19, an Encounter.identifier).
- Codes are the practice's: a reader translates the sender's own code tables (sex, relationship, insurance plan
  -> payer id, provider id -> NPI, location -> facility and place of service) before building these values.
- `at` maps a field name to where it was read ('PID-7', 'IN1[2]-3', 'Bundle.entry[2].resource.birthDate'),
  so a problem found while applying (an unknown payer) is reported at its place in the message
  (`interfaces.locations`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Address
from revcycle.practice.patients import Relationship, Sex

CHANNELS = ("hl7", "fhir")
Where = Mapping[str, str]


def _where() -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class MessageHeader:
    """Who sent the message and its identity: (channel, sender, control_id) is received once."""

    channel: str
    sender: str  # HL7: MSH-3^MSH-4 (application^facility); FHIR: the Bundle's source
    control_id: str  # HL7: MSH-10; FHIR: the Bundle's identifier (or its digest)
    message_type: str  # ADT^A04, DFT^P03, Bundle/transaction
    sent_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"channel {self.channel!r}: one of {', '.join(CHANNELS)}"
            )
        for name, value, longest in (("sender", self.sender, 120), ("control id", self.control_id, 64),
                                     ("message type", self.message_type, 24)):  # fmt: skip
            if not value.strip() or len(value) > longest:
                raise RevcycleError(ErrorCode.VALIDATION, f"the message's {name} is required, at most {longest} "
                                    "characters")  # fmt: skip


@dataclass(frozen=True, slots=True)
class PatientRef:
    """A patient as the sender names it: its identifier (MRN) and who assigned it."""

    identifier: str = field(repr=False)
    assigner: str
    at: str = ""  # where the identifier was read ('PID-3', 'MRG-1')

    def __post_init__(self) -> None:
        if not self.identifier.strip() or len(self.identifier) > 80:
            raise RevcycleError(ErrorCode.VALIDATION, f"{self.at or 'patient identifier'}: the patient's "
                                "identifier is required (at most 80 characters)")  # fmt: skip
        if not self.assigner.strip() or len(self.assigner) > 120:
            raise RevcycleError(ErrorCode.VALIDATION, f"{self.at or 'patient identifier'}: the identifier's "
                                "assigning authority is required (at most 120 characters)")  # fmt: skip


@dataclass(frozen=True, slots=True)
class PersonIntake:
    """Someone other than the patient: a guarantor or a subscriber."""

    last_name: str = field(repr=False)
    first_name: str = field(repr=False)
    birth_date: date | None = field(default=None, repr=False)
    address: Address | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class GuarantorIntake:
    """Who owes the patient's share: the patient (`SELF`, no person) or the person named."""

    relationship: Relationship = Relationship.SELF
    person: PersonIntake | None = None
    at: Where = field(default_factory=_where, compare=False)


@dataclass(frozen=True, slots=True)
class CoverageIntake:
    """One insurance, in the order sent. `payer_code` is the practice's payer id (the sender's plan code
    translated); `order` 1..3 when the message says it (IN1-22), else its place in the list."""

    payer_code: str
    member_id: str = field(repr=False)
    payer_name: str = ""
    order: int | None = None
    group_number: str = field(default="", repr=False)
    relationship: Relationship = Relationship.SELF
    subscriber: PersonIntake | None = None
    effective_from: date | None = None  # None: from the message's date (a new coverage) or as on file
    effective_to: date | None = None
    at: Where = field(default_factory=_where, compare=False)


@dataclass(frozen=True, slots=True)
class PatientIntake:
    """Register the patient, or update the one the sender's identifier names (an upsert: ADT A04/A08/A28/A31,
    a FHIR Patient). `coverages` None: none sent (those on file stay); sent, they are the patient's insurance:
    the same payer and member id is changed in place, a new one added, and one on file of the same order that
    would overlap it is ended the day before it starts."""

    ref: PatientRef
    last_name: str | None = field(default=None, repr=False)
    first_name: str | None = field(default=None, repr=False)
    birth_date: date | None = field(default=None, repr=False)
    sex: Sex | None = None
    address: Address | None = field(default=None, repr=False)
    phone: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)
    guarantor: GuarantorIntake | None = None
    coverages: tuple[CoverageIntake, ...] | None = None
    at: Where = field(default_factory=_where, compare=False)


@dataclass(frozen=True, slots=True)
class ChargeIntake:
    """One charge line: CPT/HCPCS, modifiers, units, the diagnoses it points at (by code, in pointer order; ()
    = the visit's first) and the charge the sender priced it at (total cents; None: the fee schedule's)."""

    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    diagnosis_codes: tuple[str, ...] = ()
    charge_cents: int | None = None
    transaction_id: str = ""  # the sender's id of the charge (FT1-2, ChargeItem.id)
    at: Where = field(default_factory=_where, compare=False)


@dataclass(frozen=True, slots=True)
class VisitIntake:
    """A visit and its charges (DFT P03, a FHIR Encounter with ChargeItems). The visit is found by
    `visit_number` (with the patient's assigner) and its date of service, else recorded; its diagnoses are
    added to those on file in this order, then its lines."""

    patient: PatientRef
    date_of_service: date
    charges: tuple[ChargeIntake, ...]
    diagnosis_codes: tuple[str, ...] = ()
    visit_number: str = ""  # '' = one new visit per message and date of service
    place_of_service: str = ""  # '' = the facility's, else 11 (office)
    facility_name: str = ""  # the practice's facility ('' = none)
    rendering_npi: str = ""  # '' = the only active rendering provider, if there is one
    referring_npi: str = ""
    billing_npi: str = ""  # '' = the practice's (first) billing provider
    prices: str = (
        "schedule"  # schedule: the fee schedule's (the sent charge where it has none); sent: as sent
    )
    at: Where = field(default_factory=_where, compare=False)


@dataclass(frozen=True, slots=True)
class MergeIntake:
    """Merge the duplicate record into the survivor (ADT A40: PID-3 survives, MRG-1 is merged into it)."""

    survivor: PatientRef
    duplicate: PatientRef
    at: Where = field(default_factory=_where, compare=False)


IntakeAction = PatientIntake | VisitIntake | MergeIntake


@dataclass(frozen=True, slots=True)
class IntakeMessage:
    header: MessageHeader
    actions: tuple[IntakeAction, ...]

    def __post_init__(self) -> None:
        if not self.actions:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"{self.header.message_type}: the message asks for nothing"
            )


class IntakeReadError(RevcycleError):
    """A message that could not be read. `header` is its identity when that much was read: the message is then
    kept in the error queue (answered AE) unless `kept` is False (a message type revcycle does not take: answered
    AR, kept nowhere); None when not even that was read (AR, kept nowhere)."""

    def __init__(self, header: MessageHeader | None, error: RevcycleError, kept: bool = True) -> None:
        super().__init__(error.code, error.message)
        self.header = header
        self.kept = kept and header is not None


def where(value: object, name: str, default: str = "") -> str:
    """The location an intake value's field was read at ('' when the reader did not say)."""
    locations: Where = getattr(value, "at", {}) or {}
    return locations.get(name, locations.get("", default))
