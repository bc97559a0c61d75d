"""Patients, their guarantors and their insurance coverages.

Fields that identify a person (names, birth dates, addresses, member and group ids) are left out of
`repr()`, so an object that ends up in a log line or a traceback does not carry PHI with it.

A coverage is in force on a date of service when `effective_from <= dos` and, if it has an
end date, `dos <= effective_to` (both ends inclusive, as eligibility responses give them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import parse_choice, require_positive_id, require_text
from revcycle.practice.organization import Address


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


class Relationship(StrEnum):
    """How a person relates to another (patient to subscriber, guarantor to patient)."""

    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    OTHER = "other"


class CoverageOrder(IntEnum):
    PRIMARY = 1
    SECONDARY = 2
    TERTIARY = 3


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who is not the patient: a subscriber or a guarantor."""

    first_name: str = field(repr=False)
    last_name: str = field(repr=False)
    birth_date: date | None = field(default=None, repr=False)
    address: Address | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        require_text(self.first_name, "first name")
        require_text(self.last_name, "last name")


@dataclass(frozen=True, slots=True)
class Guarantor:
    """Who owes the patient's share: the patient (`SELF`, no `person`) or someone else."""

    relationship: Relationship = Relationship.SELF
    person: Person | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "relationship", parse_choice(Relationship, self.relationship, "relationship")
        )
        if (self.relationship is Relationship.SELF) != (self.person is None):
            raise RevcycleError(
                ErrorCode.VALIDATION,
                "a guarantor other than the patient needs a person; a self guarantor has none",
            )


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normal_phone(text: str) -> str:
    """A US phone number as its 10 digits (a leading 1 dropped); '' stays ''. VALIDATION otherwise."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if digits and (len(digits) != 10 or digits[0] in "01"):
        raise RevcycleError(ErrorCode.VALIDATION, "phone: a 10-digit US number, e.g. 555-201-0147")
    return digits


def normal_email(text: str) -> str:
    """An e-mail address trimmed (its domain lower-cased); '' stays ''. VALIDATION unless name@domain.tld."""
    cleaned = (text or "").strip()
    if not cleaned:
        return ""
    if len(cleaned) > 120 or not _EMAIL.match(cleaned):
        raise RevcycleError(ErrorCode.VALIDATION, "e-mail: name@domain.tld, at most 120 characters")
    name, _, domain = cleaned.rpartition("@")
    return f"{name}@{domain.lower()}"


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient: demographics, contact, guarantor. `account_number` is given by the store (unique, never
    reused); `merged_into_id` is set once this record was merged into another (the survivor)."""

    first_name: str = field(repr=False)
    last_name: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: Sex
    address: Address = field(repr=False)
    guarantor: Guarantor = Guarantor()
    id: int | None = None
    phone: str = field(default="", repr=False)
    email: str = field(default="", repr=False)
    account_number: str = ""
    merged_into_id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.first_name, "patient first name")
        require_text(self.last_name, "patient last name")
        object.__setattr__(self, "sex", parse_choice(Sex, self.sex, "sex"))
        if self.birth_date.year < 1880:
            raise RevcycleError(ErrorCode.VALIDATION, "patient birth date is before 1880")
        object.__setattr__(self, "phone", normal_phone(self.phone))
        object.__setattr__(self, "email", normal_email(self.email))

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


@dataclass(frozen=True, slots=True)
class Coverage:
    """A patient's insurance with one payer, in force from `effective_from` to `effective_to` (inclusive)."""

    patient_id: int
    payer_id: int
    member_id: str = field(repr=False)
    order: CoverageOrder
    effective_from: date
    effective_to: date | None = None
    relationship_to_subscriber: Relationship = Relationship.SELF
    subscriber: Person | None = field(default=None, repr=False)
    group_number: str = field(default="", repr=False)
    plan_id: int | None = None
    id: int | None = None
    merged_into_id: int | None = (
        None  # a duplicate's coverage kept with it, linked to the survivor's same policy
    )

    def __post_init__(self) -> None:
        require_positive_id(self.patient_id, "patient id")
        require_positive_id(self.payer_id, "payer id")
        require_positive_id(self.plan_id, "plan id")
        require_text(self.member_id, "member id", max_length=80)
        object.__setattr__(self, "order", parse_choice(CoverageOrder, self.order, "coverage order"))
        object.__setattr__(
            self,
            "relationship_to_subscriber",
            parse_choice(Relationship, self.relationship_to_subscriber, "relationship to subscriber"),
        )
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise RevcycleError(ErrorCode.VALIDATION, "coverage ends before it starts")
        if (self.relationship_to_subscriber is Relationship.SELF) != (self.subscriber is None):
            raise RevcycleError(
                ErrorCode.VALIDATION,
                "a subscriber other than the patient must be named; a self subscriber is not",
            )

    def overlaps(self, other: Coverage) -> bool:
        """True when the two coverages are in force on at least one common day."""
        ends, other_ends = self.effective_to or date.max, other.effective_to or date.max
        return self.effective_from <= other_ends and other.effective_from <= ends

    def covers(self, date_of_service: date) -> bool:
        if date_of_service < self.effective_from:
            return False
        return self.effective_to is None or date_of_service <= self.effective_to


def ensure_coverage_in_force(coverage: Coverage, date_of_service: date) -> None:
    """Raise `COVERAGE_NOT_IN_FORCE` unless `coverage` covers `date_of_service`."""
    if not coverage.covers(date_of_service):
        until = coverage.effective_to.isoformat() if coverage.effective_to else "open-ended"
        raise RevcycleError(
            ErrorCode.COVERAGE_NOT_IN_FORCE,
            f"coverage {coverage.id} is in force {coverage.effective_from.isoformat()}..{until}, "
            f"not on the date of service {date_of_service.isoformat()}",
        )


def coverages_in_force(coverages: list[Coverage], date_of_service: date) -> list[Coverage]:
    """The coverages in force on the date of service, primary first."""
    return sorted((c for c in coverages if c.covers(date_of_service)), key=lambda c: c.order)
