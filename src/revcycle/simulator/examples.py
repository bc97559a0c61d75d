"""A synthetic payer (invented members, demo fee schedule) for the simulator, docs, tests and benchmarks.

Fee schedule (allowed per unit): 99213 $90, 99214 $130, 99203 $110, 83036 $13, 36415 $3,
11102 $95, 20610 $65, 97110 $30, 11720 $35, 11721 $45; other codes at 60% of charge.
Plans: GOLD (no deductible, no coinsurance), PPO ($500 deductible, 20% coinsurance, $3,000 OOP max,
$25 copay on 99213), HMO ($0 deductible, 10%, $1,500 OOP, $20 copay on 99213/99214).
Members: W100 GOLD, W200 PPO ($450 of the deductible met), W300 HMO, W400 PPO ended 2025-12-31.
`example_family_payer` adds a family plan FAM and the PARK family on it (F500 and her dependent F500-01).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from revcycle.payer.contract import Contract, FeeScheduleRate
from revcycle.simulator.config import BenefitPlan, Member, PayerConfig, ProviderAdjustmentRule
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine

EXAMPLE_PAYER_ID = "87726"
EXAMPLE_NPI = "1234567893"
EXAMPLE_DOS = date(2026, 3, 2)
EXAMPLE_RECEIVED = date(2026, 3, 5)
RATES = {
    "99213": 9000, "99214": 13000, "99203": 11000, "83036": 1300, "36415": 300,
    "11102": 9500, "20610": 6500, "97110": 3000, "11720": 3500, "11721": 4500,
}  # fmt: skip
# rates of pricing modifiers (imaging 26/TC, assistant surgeon 80, bilateral 50) with their codes' own rates
MODIFIER_RATES = (
    FeeScheduleRate("73721", 20000),
    FeeScheduleRate("73721", 6000, "26"),
    FeeScheduleRate("73721", 14000, "TC"),
    FeeScheduleRate("27447", 150000),
    FeeScheduleRate("27447", 24000, "80"),
    FeeScheduleRate("69210", 4000),
    FeeScheduleRate("69210", 6000, "50"),
    FeeScheduleRate("97110", 3000),
)


def example_contract(**changes: object) -> Contract:
    values: dict = {
        "rates": tuple(FeeScheduleRate(code, cents) for code, cents in RATES.items()),
        "percent_of_charge": Decimal(60),
        "non_covered_codes": frozenset({"97810", "S9981"}),
        "prior_authorization_codes": frozenset({"72148", "70551"}),
        "multiple_procedure_codes": frozenset({"11720", "11721", "20610", "11102"}),
        "timely_filing_days": 180,
    }
    return Contract(**(values | changes))


def example_payer(
    seed: int = 1,
    plb: tuple[ProviderAdjustmentRule, ...] = (),
    pays_percent_of_contract: Decimal = Decimal(100),
    **contract: object,
) -> PayerConfig:
    """ACME HEALTH with the example contract (`contract` changes its terms); below 100
    `pays_percent_of_contract` it underpays that contract."""
    plans = (
        BenefitPlan("GOLD", 0, Decimal(0), 0),
        BenefitPlan("PPO", 50000, Decimal(20), 300000, (("99213", 2500),)),
        BenefitPlan("HMO", 0, Decimal(10), 150000, (("99213", 2000), ("99214", 2000))),
    )
    members = (
        Member("W100", "GOLD", date(2025, 1, 1), None, "DOE", "JANE"),
        Member("W200", "PPO", date(2025, 1, 1), None, "ROE", "RICHARD", deductible_met_cents=45000),
        Member("W300", "HMO", date(2025, 1, 1), None, "POE", "EDGAR"),
        Member("W400", "PPO", date(2024, 1, 1), date(2025, 12, 31), "LOE", "LINDA"),
    )
    return PayerConfig(EXAMPLE_PAYER_ID, "ACME HEALTH", example_contract(**contract), plans, members, seed,
                       provider_adjustments=plb, pays_percent_of_contract=pays_percent_of_contract)  # fmt: skip


def example_family_payer(**plan: object) -> PayerConfig:
    """ACME HEALTH (`example_payer`) with a family plan, FAM "ACME FAMILY PPO" ($1,000 deductible, 20%,
    $4,000 OOP max, $30 copay on 99213; family $2,000 deductible and $8,000 OOP max; `plan` changes its
    terms), and on it OLIVIA PARK, F500 (once OLD500; $300 met), and her dependent NOAH, F500-01 ($200 met)."""
    config = example_payer()
    family_plan = BenefitPlan("FAM", 100000, Decimal(20), 400000, (("99213", 3000),), name="ACME FAMILY PPO",
                              family_deductible_cents=200000, family_out_of_pocket_max_cents=800000)  # fmt: skip
    members = (
        Member("F500", "FAM", date(2026, 1, 1), None, "PARK", "OLIVIA", deductible_met_cents=30000,
               out_of_pocket_met_cents=30000, prior_member_ids=("OLD500",)),
        Member("F500-01", "FAM", date(2026, 1, 1), None, "PARK", "NOAH", deductible_met_cents=20000,
               out_of_pocket_met_cents=25000, subscriber_id="F500"),
    )  # fmt: skip
    return replace(config, plans=(*config.plans, replace(family_plan, **plan)), members=(*config.members, *members))


def example_line(
    number: int, code: str, charge_cents: int, modifiers: tuple[str, ...] = (), **changes: object
) -> SubmittedLine:
    values: dict = {"units": 1, "diagnosis_pointers": (1,)}
    return SubmittedLine(number, code, charge_cents, changes.pop("service_date", EXAMPLE_DOS), modifiers=modifiers,
                         **(values | changes))  # fmt: skip


def example_claim(
    claim_id: str, member_id: str, lines: tuple[SubmittedLine, ...], **changes: object
) -> SubmittedClaim:
    names = {
        "W100": ("DOE", "JANE"),
        "W200": ("ROE", "RICHARD"),
        "W300": ("POE", "EDGAR"),
        "W400": ("LOE", "LINDA"),
    }
    last, first = names.get(member_id, ("UNKNOWN", "PAT"))
    values: dict = {
        "diagnoses": ("E119", "I10"),
        "patient_last_name": last,
        "patient_first_name": first,
        "billing_npi": EXAMPLE_NPI,
        "billing_name": "SPRINGFIELD FAMILY MEDICINE",
        "billing_tin": "123456789",
    }
    charge = sum(line.charge_cents for line in lines)
    # a line without its own REF*6R carries the one the practice sends: <claim>-<line> (as the intake gives it)
    lines = tuple(line if line.control_number else replace(line, control_number=f"{claim_id}-{line.line_number}")
                  for line in lines)  # fmt: skip
    return SubmittedClaim(claim_id, EXAMPLE_PAYER_ID, member_id, charge, changes.pop("received_on", EXAMPLE_RECEIVED),
                          lines, **(values | changes))  # fmt: skip
