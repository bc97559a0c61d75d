"""Synthetic example claims (invented people, check-digit-valid NPIs) for docs, tests and benchmarks.

`example_claim()` is clean on `EXAMPLE_TODAY` for the shipped code sets: an established-patient
visit for type 2 diabetes and hypertension with an HbA1c and a blood draw. Tests plant one
problem at a time with `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims.model import Claim, ClaimLine
from revcycle.claims.parties import (
    ClaimFacility,
    ClaimPayer,
    ClaimPerson,
    ClaimProvider,
    ClaimSubscriber,
    PostalAddress,
)
from revcycle.practice import Relationship

EXAMPLE_DOS = date(2026, 3, 2)
EXAMPLE_TODAY = date(2026, 3, 10)
CLINIC_ADDRESS = PostalAddress("100 Main St", "Springfield", "IL", "627011234", "Suite 200")
BILLING = ClaimProvider("1234567893", "Springfield Family Medicine", "", "207Q00000X", "123456789", CLINIC_ADDRESS)
RENDERING = ClaimProvider("1987654328", "Smith", "John", "207Q00000X")
REFERRING = ClaimProvider("1456789019", "Jones", "Alice")
PATIENT = ClaimPerson("Jane", "Doe", date(1980, 4, 12), "F", PostalAddress("12 Oak Ave", "Springfield", "IL", "627025678"))
PAYER = ClaimPayer("87726", "Acme Health", "CI", 180, PostalAddress("PO Box 1000", "Hartford", "CT", "061011000"))


def example_line(number: int, code: str, charge_cents: int, pointers: tuple[int, ...] = (1,),
                 modifiers: tuple[str, ...] = (), units: int = 1, dos: date = EXAMPLE_DOS) -> ClaimLine:
    return ClaimLine(number, code, charge_cents, dos, units, modifiers, pointers, charge_source="fee_schedule")


def example_claim(claim_id: str = "E1-1", **changes: object) -> Claim:
    claim = Claim(
        claim_id=claim_id,
        billing=BILLING,
        rendering=RENDERING,
        referring=REFERRING,
        facility=ClaimFacility("Springfield Family Medicine", CLINIC_ADDRESS, ""),
        subscriber=ClaimSubscriber("XYZ123456789", PATIENT, "GRP100", date(2025, 1, 1), None),
        patient=PATIENT,
        relationship=Relationship.SELF,
        payer=PAYER,
        place_of_service="11",
        diagnoses=("E11.9", "I10"),
        lines=(
            example_line(1, "99214", 15000, (1, 2)),
            example_line(2, "83036", 4000, (1,)),
            example_line(3, "36415", 1500, (1,)),
        ),
        encounter_id=1,
        prior_authorization="",
        referral_number="",
    )
    return replace(claim, **changes) if changes else claim  # type: ignore[arg-type]
