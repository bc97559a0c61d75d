"""Synthetic example claims (invented people, check-digit-valid NPIs) for docs, tests and benchmarks.

`example_claim()` is clean on `EXAMPLE_TODAY` for the shipped code sets: an established-patient
visit for type 2 diabetes and hypertension with an HbA1c and a blood draw. Tests plant one
problem at a time with `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from revcycle.claims.institutional import (
    ChargeMaster,
    ChargeMasterEntry,
    Stay,
    StayCharge,
    StayDiagnosis,
    build_institutional_claim,
)
from revcycle.claims.institutional_model import PcsProcedure
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


HOSPITAL_ADDRESS = PostalAddress("1 Hospital Dr", "Springfield", "IL", "627019999")
HOSPITAL = ClaimProvider("1316000003", "Springfield General Hospital", "", "282N00000X", "371234567",
                         HOSPITAL_ADDRESS, "2175550100")  # fmt: skip
ATTENDING = ClaimProvider("1528000007", "Welby", "Marcus", "207R00000X")
SURGEON = ClaimProvider("1740000009", "Grey", "Meredith", "208600000X")
ADMITTED = date(2026, 3, 2)
DISCHARGED = date(2026, 3, 5)


def example_stay(claim_id: str = "H1-1", **changes: object) -> Stay:
    """A 3-day inpatient stay for acute on chronic systolic heart failure: 3 diagnoses with POA, a PICC line
    (ICD-10-PCS 02HV33Z), room and board, pharmacy and a metabolic panel ($6,155.00)."""
    stay = Stay(
        claim_id=claim_id, facility=HOSPITAL, patient=PATIENT,
        subscriber=ClaimSubscriber("XYZ123456789", PATIENT, "GRP100", date(2025, 1, 1), None),
        relationship=Relationship.SELF, payer=PAYER, bill_type="11", statement_from=ADMITTED,
        statement_to=DISCHARGED, patient_status="01",
        diagnoses=(StayDiagnosis("I50.23", "Y"), StayDiagnosis("N17.9", "N"), StayDiagnosis("E11.9", "Y")),
        charges=(StayCharge("0300", ADMITTED, 1, "80053"), StayCharge("0120", ADMITTED, 3, charge_cents=555000,
                                                                       service_date_to=DISCHARGED),
                 StayCharge("0250", date(2026, 3, 3), 1, charge_cents=42000)),
        admission_date=ADMITTED, admission_hour=14, discharge_hour=11, admission_type="1", admission_source="1",
        admitting_diagnosis="R06.00", procedures=(PcsProcedure("02HV33Z", date(2026, 3, 3)),),
        attending=ATTENDING, operating=SURGEON, medical_record_number="MR4455",
    )  # fmt: skip
    return replace(stay, **changes) if changes else stay  # type: ignore[arg-type]


EXAMPLE_CHARGE_MASTER = ChargeMaster.of(
    [ChargeMasterEntry("0300", "80053", "Comprehensive metabolic panel", 18500)]
)


def example_inpatient_claim(claim_id: str = "H1-1", **changes: object) -> Claim:
    """`example_stay()` built: lines 0120 $5,550.00 (3 days), 0250 $420.00, 0300 80053 $185.00."""
    claim = build_institutional_claim(example_stay(claim_id), EXAMPLE_CHARGE_MASTER)
    return replace(claim, **changes) if changes else claim  # type: ignore[arg-type]
