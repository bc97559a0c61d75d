"""A synthetic practice, deterministic for a seed: providers with valid NPIs, one payer (the payer
simulator's Acme Health, with its fee schedule and GOLD/PPO/HMO plans), patients with coverage, and
office-visit encounters with short notes written the way clinicians write them. No real person."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.payer.config import Member, PayerConfig
from revcycle.payer.examples import example_payer

FIRST_NAMES = ("Ava", "Noah", "Mia", "Liam", "Zoe", "Owen", "Ivy", "Eli", "Ruth", "Amos", "Iris", "Jude")
LAST_NAMES = ("Hale", "Moss", "Reed", "Lane", "Park", "Cole", "Ford", "Wade", "Nash", "Rios", "Kerr", "Bell")
STREETS = ("Elm St", "Oak Ave", "Maple Dr", "Birch Ln", "Cedar Ct")
PLANS = ("GOLD", "PPO", "HMO")

# (note, service lines as (code, charge_cents)) — notes name conditions the coder's desk can find
VISITS = (
    ("Follow-up of type 2 diabetes with diabetic neuropathy. Numbness in both feet. A1c drawn today. "
     "Continue metformin. Total time 32 minutes.", (("99214", 15000), ("83036", 4000))),
    ("Essential hypertension, stable on lisinopril. Denies chest pain. Blood pressure 132/84. "
     "Refilled medication.", (("99213", 11000),)),
    ("Acute sinusitis for ten days with facial pain. No fever. Amoxicillin prescribed.",
     (("99213", 11000),)),
    ("Type 2 diabetes mellitus without complications, well controlled. Hemoglobin A1c ordered. "
     "Venipuncture performed.", (("99213", 11000), ("83036", 4000), ("36415", 1500))),
    ("Low back pain after lifting boxes, no radiation. History of kidney stones. Physical therapy "
     "referral.", (("99213", 11000),)),
    ("Hyperlipidemia, on atorvastatin. Family history of coronary artery disease. Lipids reviewed.",
     (("99214", 15000),)),
)


@dataclass(frozen=True, slots=True)
class SyntheticPatient:
    first: str
    last: str
    birth_date: date
    sex: str
    street: str
    member_id: str
    plan: str


@dataclass(frozen=True, slots=True)
class SyntheticVisit:
    patient_index: int
    date_of_service: date
    note: str
    lines: tuple[tuple[str, int], ...]
    rendering_index: int


def make_patients(rng: random.Random, count: int) -> list[SyntheticPatient]:
    patients = []
    for index in range(count):
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
        patients.append(SyntheticPatient(
            rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), birth, rng.choice("FM"),
            f"{rng.randrange(10, 999)} {rng.choice(STREETS)}", f"D{index + 1:05d}", rng.choice(PLANS)))  # fmt: skip
    return patients


def make_visits(rng: random.Random, patients: int, count: int, first_day: date, days: int) -> list[SyntheticVisit]:
    visits = []
    for _ in range(count):
        day = first_day + timedelta(days=rng.randrange(0, days))
        while day.weekday() >= 5:  # the office is closed at weekends
            day -= timedelta(days=1)
        note, lines = rng.choice(VISITS)
        visits.append(SyntheticVisit(rng.randrange(patients), day, note, lines, rng.randrange(2)))
    return sorted(visits, key=lambda visit: visit.date_of_service)


def payer_for(patients: list[SyntheticPatient], seed: int) -> PayerConfig:
    """The simulator's Acme Health, knowing exactly our synthetic members."""
    members = tuple(
        Member(patient.member_id, patient.plan, date(2025, 1, 1), None, patient.last.upper(), patient.first.upper())
        for patient in patients
    )
    return dataclasses.replace(example_payer(seed=seed), members=members)
