"""Claims: the Claim aggregate built from a coded encounter, its lifecycle, corrected and void versions."""

from revcycle.claims.build import EncounterParties, LineRouting, build_claims
from revcycle.claims.fee_schedule import FeeSchedule, FeeScheduleEntry
from revcycle.claims.lifecycle import TRANSITIONS, can_transition, correct, transition, void
from revcycle.claims.model import Claim, ClaimKind, ClaimLine, ClaimStatus, Frequency, StatusChange
from revcycle.claims.parties import (
    ClaimFacility,
    ClaimPayer,
    ClaimPerson,
    ClaimProvider,
    ClaimSubscriber,
    PostalAddress,
)

__all__ = [
    "TRANSITIONS",
    "Claim",
    "ClaimFacility",
    "ClaimKind",
    "ClaimLine",
    "ClaimPayer",
    "ClaimPerson",
    "ClaimProvider",
    "ClaimStatus",
    "ClaimSubscriber",
    "EncounterParties",
    "FeeSchedule",
    "FeeScheduleEntry",
    "Frequency",
    "LineRouting",
    "PostalAddress",
    "StatusChange",
    "build_claims",
    "can_transition",
    "correct",
    "transition",
    "void",
]
