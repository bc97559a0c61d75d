"""The practice: organization, providers, facilities, payers and plans, patients, coverages, encounters (pure domain)."""

from revcycle.practice.encounters import Encounter, ServiceLine
from revcycle.practice.fees import Fee, FeeSchedule, fee_on
from revcycle.practice.identifiers import npi_is_valid, validate_npi, validate_taxonomy, validate_tin
from revcycle.practice.organization import (
    Address,
    BillingProvider,
    Facility,
    PracticeProfile,
    Receiver,
    ReferringProvider,
    RenderingProvider,
    Submitter,
)
from revcycle.practice.patients import (
    Coverage,
    CoverageOrder,
    Guarantor,
    Patient,
    Person,
    Relationship,
    Sex,
    coverages_in_force,
    ensure_coverage_in_force,
)
from revcycle.practice.payers import ClaimFilingIndicator, Payer, Plan
from revcycle.practice.users import Permission, Role, User

__all__ = [
    "Address",
    "BillingProvider",
    "ClaimFilingIndicator",
    "Coverage",
    "CoverageOrder",
    "Encounter",
    "Facility",
    "Fee",
    "FeeSchedule",
    "Guarantor",
    "Patient",
    "Payer",
    "Permission",
    "Person",
    "Plan",
    "PracticeProfile",
    "Receiver",
    "ReferringProvider",
    "Relationship",
    "RenderingProvider",
    "Role",
    "ServiceLine",
    "Sex",
    "Submitter",
    "User",
    "coverages_in_force",
    "ensure_coverage_in_force",
    "fee_on",
    "npi_is_valid",
    "validate_npi",
    "validate_taxonomy",
    "validate_tin",
]
