"""A synthetic practice, deterministic for a seed (no real person).

Providers with valid NPIs (Luhn check digit), two payers of the payer simulator with fee schedules
and benefit plans — Acme Health (primary: GOLD/PPO/HMO; skin-tag removal not covered, a lumbar MRI
needs a prior authorization) and Second Health (secondary for about one patient in five) — patients with
their coverages, and visits over 90 days whose notes come from `demo.notes`. A few members' Acme
coverage ended at the payer without the practice knowing: the 271 says so and the scrubber holds them.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.demo.notes import VisitNote, write_note
from revcycle.simulator.config import BenefitPlan, Member, PayerConfig
from revcycle.simulator.examples import example_payer

FIRST_NAMES = ("Ava", "Noah", "Mia", "Liam", "Zoe", "Owen", "Ivy", "Eli", "Ruth", "Amos", "Iris", "Jude", "Nora",
               "Levi", "Cora", "Ezra", "Lena", "Abel", "Rosa", "Hugo", "Tess", "Milo", "June", "Otto")  # fmt: skip
LAST_NAMES = ("Hale", "Moss", "Reed", "Lane", "Park", "Cole", "Ford", "Wade", "Nash", "Rios", "Kerr", "Bell",
              "Snow", "Vance", "Pike", "Gray", "Shaw", "Diaz", "Holt", "Webb", "Cruz", "Hart", "Lowe", "Page")  # fmt: skip
STREETS = ("Elm St", "Oak Ave", "Maple Dr", "Birch Ln", "Cedar Ct", "Pine Rd", "Willow Way", "Ash Pl")
PLANS = ("GOLD", "PPO", "PPO", "HMO")
DOCTORS = (("John", "Smith", "1987654328"), ("Ana", "Lopez", "1245319599"), ("Priya", "Rao", "1366492613"))
COVERAGE_START = date(2025, 1, 1)
ENDED_AT_PAYER = date(2026, 2, 28)  # the last day of the few coverages the practice does not know ended
PRIMARY_ID, SECONDARY_ID = "87726", "00431"
ACME_PAYS_PERCENT = Decimal(98)  # Acme still pays last year's fee schedule: 2% under the contract (simulated)
NOT_COVERED = frozenset({"11200", "97810", "S9981"})  # Acme: skin-tag removal is cosmetic


@dataclass(frozen=True, slots=True)
class SyntheticPatient:
    first: str
    last: str
    birth_date: date
    sex: str
    street: str
    member_id: str
    plan: str
    deductible_met_cents: int
    secondary_member_id: str = ""  # "" when Acme is the only coverage
    ended_at_payer: bool = False


@dataclass(frozen=True, slots=True)
class SyntheticVisit:
    patient_index: int
    date_of_service: date
    note: VisitNote
    rendering_index: int


def make_patients(rng: random.Random, count: int) -> list[SyntheticPatient]:
    patients = []
    for index in range(count):
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 78))
        plan = rng.choice(PLANS)
        met = rng.choice((0, 10000, 25000, 50000)) if plan == "PPO" else 0
        secondary = f"S{index + 1:06d}" if rng.random() < 0.2 else ""
        patients.append(SyntheticPatient(
            rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), birth, rng.choice("FM"),
            f"{rng.randrange(10, 999)} {rng.choice(STREETS)}", f"D{index + 1:06d}", plan, met, secondary,
            rng.random() < 0.02))  # fmt: skip
    return patients


def make_visits(rng: random.Random, patients: list[SyntheticPatient], count: int, first_day: date,
                days: int) -> list[SyntheticVisit]:  # fmt: skip
    """`count` visits on weekdays of the `days` from `first_day`, oldest first; a patient's first visit
    is a new-patient visit one time in ten."""
    visits = []
    for _ in range(count):
        day = first_day + timedelta(days=rng.randrange(0, days))
        while day.weekday() >= 5:  # the office is closed at weekends
            day -= timedelta(days=1)
        index = rng.randrange(len(patients))
        person = patients[index]
        age = (
            day.year
            - person.birth_date.year
            - ((day.month, day.day) < (person.birth_date.month, person.birth_date.day))
        )
        note = write_note(rng, age, person.sex, rng.random() < 0.1)
        visits.append(SyntheticVisit(index, day, note, rng.randrange(len(DOCTORS))))
    return sorted(visits, key=lambda visit: visit.date_of_service)


def primary_payer(patients: list[SyntheticPatient], seed: int) -> PayerConfig:
    """The simulator's Acme Health knowing exactly our members (a few ended on `ENDED_AT_PAYER`)."""
    members = tuple(
        Member(p.member_id, p.plan, COVERAGE_START, ENDED_AT_PAYER if p.ended_at_payer else None, p.last.upper(),
               p.first.upper(), deductible_met_cents=p.deductible_met_cents)
        for p in patients
    )  # fmt: skip
    config = example_payer(seed=seed, pays_percent_of_contract=ACME_PAYS_PERCENT, non_covered_codes=NOT_COVERED)
    return dataclasses.replace(config, members=members)


def secondary_payer(patients: list[SyntheticPatient], seed: int) -> PayerConfig:
    """Second Health: one supplemental plan ($100 deductible, 20%); it pays what is left after Acme."""
    plan = BenefitPlan("SUPP", 10000, Decimal(20), 100000, name="SECOND HEALTH SUPPLEMENT")
    members = tuple(
        Member(p.secondary_member_id, "SUPP", COVERAGE_START, None, p.last.upper(), p.first.upper())
        for p in patients if p.secondary_member_id
    )  # fmt: skip
    config = example_payer(seed=seed + 1, prior_authorization_codes=frozenset())  # it follows the primary's
    return dataclasses.replace(
        config, payer_id=SECONDARY_ID, name="SECOND HEALTH", plans=(plan,), members=members
    )

