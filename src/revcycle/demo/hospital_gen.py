"""Springfield General Hospital's synthetic stays and outpatient visits, as stay files (what
`revcycle claims build-institutional` reads), for patients of the demo practice.

Inpatient (type of bill 0111): heart failure with an MCC, a CC or neither (MS-DRG 291/292/293), pneumonia
(193/194/195), sepsis with and without an MCC (871/872), COPD (190/192), a total knee replacement with its
PCS code 0SRC0J9 (470) and, for a woman of 18-45, a vaginal delivery (O80 + Z37.0, 10E0XZZ: 807). Each stay
has its principal and secondary diagnoses with POA, its procedures, room and board per day and ancillaries
priced from the example charge master (examples/hospital/charge_master.csv). Outpatient (0131): an
emergency visit (0450 with its E/M level) with labs, a chest X-ray or an ECG.

Only patients whose single coverage is Acme's and in force all quarter are picked (no crossover to a
secondary payer, no claim to a plan that ended): the hospital's money stays out of the practice's numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from revcycle.demo.practice_gen import SyntheticPatient

FACILITY = {
    "name": "Springfield General Hospital", "npi": "1316000003", "tin": "371234567", "taxonomy": "282N00000X",
    "phone": "2175550100", "address": {"line1": "1 Hospital Dr", "city": "Springfield", "state": "IL",
                                       "zip": "627019999"},
}  # fmt: skip
ATTENDING = {"npi": "1528000007", "last_name": "Welby", "first_name": "Marcus", "taxonomy": "207R00000X"}
SURGEON = {"npi": "1740000009", "last_name": "Grey", "first_name": "Meredith"}
FIRST_ADMISSION, LAST_DISCHARGE = date(2026, 1, 5), date(2026, 3, 20)  # paid (14 days) before the as-of day


@dataclass(frozen=True, slots=True)
class StayKind:
    name: str
    principal: str
    secondaries: tuple[str, ...]  # "CODE:POA" (POA blank: exempt)
    days: tuple[int, int]  # length of stay, low and high
    procedures: tuple[str, ...] = ()
    ancillaries: tuple[tuple[str, str, int], ...] = ()  # (revenue code, HCPCS, units)
    admitting: str = ""
    icu_days: int = 0


LABS = (("0300", "80053", 1), ("0300", "85025", 1))
STAY_KINDS = (
    StayKind(
        "heart failure with MCC",
        "I50.23:Y",
        ("J96.01:Y", "E11.9:Y"),
        (3, 5),
        ("02HV33Z",),
        (*LABS, ("0301", "83880", 1), ("0324", "71046", 1), ("0636", "J1940", 6), ("0250", "", 8)),
        "R06.00",
    ),
    StayKind(
        "heart failure with CC",
        "I50.23:Y",
        ("E87.1:Y", "E11.9:Y"),
        (2, 4),
        (),
        (*LABS, ("0301", "83880", 1), ("0636", "J1940", 4), ("0250", "", 6)),
        "R06.00",
    ),
    StayKind(
        "heart failure",
        "I11.0:Y",
        ("I50.9:Y", "E78.5:Y"),
        (2, 3),
        (),
        (*LABS, ("0301", "83880", 1), ("0636", "J1940", 3)),
        "R06.00",
    ),
    StayKind(
        "pneumonia with MCC",
        "J18.9:Y",
        ("J96.01:Y", "I10:Y"),
        (4, 6),
        (),
        (*LABS, ("0324", "71046", 2), ("0260", "", 3), ("0250", "", 12)),
        "R05.9",
    ),
    StayKind(
        "pneumonia with CC",
        "J18.9:Y",
        ("E87.1:Y", "I10:Y"),
        (3, 4),
        (),
        (*LABS, ("0324", "71046", 1), ("0260", "", 2), ("0250", "", 8)),
        "R05.9",
    ),
    StayKind(
        "pneumonia",
        "J18.9:Y",
        ("I10:Y", "E78.5:Y"),
        (2, 3),
        (),
        (*LABS, ("0324", "71046", 1), ("0250", "", 6)),
        "R05.9",
    ),
    StayKind(
        "sepsis with MCC",
        "A41.9:Y",
        ("R65.20:Y", "N17.9:Y", "J18.9:Y"),
        (5, 8),
        (),
        (*LABS, ("0324", "71046", 1), ("0260", "", 4), ("0250", "", 20)),
        "R50.9",
        icu_days=2,
    ),
    StayKind(
        "sepsis",
        "A41.51:Y",
        ("N39.0:Y", "E11.9:Y"),
        (3, 5),
        (),
        (*LABS, ("0260", "", 3), ("0250", "", 12)),
        "R50.9",
    ),
    StayKind(
        "COPD with MCC",
        "J44.1:Y",
        ("J96.01:Y", "I10:Y"),
        (3, 5),
        (),
        (*LABS, ("0324", "71046", 1), ("0250", "", 10)),
        "R06.02",
    ),
    StayKind("COPD", "J44.1:Y", ("Z87.891:", "I10:Y"), (2, 3), (), (*LABS, ("0250", "", 6)), "R06.02"),
    StayKind(
        "total knee replacement",
        "M17.11:Y",
        ("I10:Y", "E78.5:Y"),
        (1, 3),
        ("0SRC0J9",),
        (*LABS, ("0250", "", 6), ("0260", "", 1)),
        "M17.11",
    ),
)
DELIVERY = StayKind(
    "vaginal delivery", "O80:", ("Z37.0:",), (1, 2), ("10E0XZZ",), (("0300", "85025", 1),), "O80"
)
SURGERY_CHARGES = (
    ("0360", 14500_00),
    ("0278", 6200_00),
)  # operating room and the implant (not in the master)
LABOR_ROOM = ("0720", 3800_00)
VISIT_KINDS = (
    ("chest pain", ("R07.89", "I10"), "R07.9", ("99284", (("0300", "80053"), ("0730", "93005")))),
    ("cough and fever", ("J06.9",), "R05.9", ("99284", (("0324", "71046"),))),
    ("shortness of breath", ("R06.02", "E11.9"), "R06.02", ("99285", (("0300", "80053"), ("0301", "83880"),
                                                                     ("0324", "71046")))),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HospitalCase:
    kind: str  # the case's name ("pneumonia with CC", "ER: chest pain")
    person_index: int  # in the demo's people (its patient id is clinic.patient_ids[index])
    inpatient: bool
    document: dict[str, Any]  # the stay file, patient_id filled in by the caller

    @property
    def discharged(self) -> date:
        return self.document["statement"]["through"]


def eligible(people: list[SyntheticPatient]) -> list[int]:
    """Patients whose only coverage is Acme's, in force all quarter."""
    return [index for index, p in enumerate(people) if not p.secondary_member_id and not p.ended_at_payer]


def make_cases(
    rng: random.Random, people: list[SyntheticPatient], stays: int, visits: int
) -> list[HospitalCase]:
    """`stays` inpatient stays (every kind in turn; one more, a delivery, when a woman of 18-45 is eligible)
    and `visits` emergency visits, spread over the quarter, for the eligible patients; by discharge day."""
    pool = eligible(people)
    if not pool:
        return []
    cases = [_stay(rng, number, STAY_KINDS[number % len(STAY_KINDS)], rng.choice(pool), people)
             for number in range(stays)]  # fmt: skip
    mothers = [i for i in pool if people[i].sex == "F" and 18 <= _age(people[i], FIRST_ADMISSION) <= 45]
    if mothers and stays:
        cases.append(_stay(rng, stays, DELIVERY, rng.choice(mothers), people))
    cases += [_visit(rng, len(cases) + number, VISIT_KINDS[number % len(VISIT_KINDS)], rng.choice(pool))
              for number in range(visits)]  # fmt: skip
    return sorted(cases, key=lambda case: (case.discharged, case.document["claim_number"]))


def _age(person: SyntheticPatient, on: date) -> int:
    born = person.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _day(rng: random.Random, length: int) -> date:
    return FIRST_ADMISSION + timedelta(
        days=rng.randrange(0, (LAST_DISCHARGE - FIRST_ADMISSION).days - length)
    )


def _diagnosis(text: str) -> dict[str, str]:
    code, _, poa = text.partition(":")
    return {"code": code, "poa": poa} if poa else {"code": code}


def _stay(rng: random.Random, number: int, kind: StayKind, person: int,
          people: list[SyntheticPatient]) -> HospitalCase:  # fmt: skip
    days = rng.randint(*kind.days)
    admitted = _day(rng, days)
    discharged = admitted + timedelta(days=days)
    ward_days = days - kind.icu_days
    charges = []
    if kind.icu_days:
        charges.append({"revenue_code": "0206", "units": kind.icu_days, "date": admitted,
                        "through": admitted + timedelta(days=kind.icu_days)})  # fmt: skip
    charges.append({"revenue_code": "0120", "units": ward_days, "date": admitted + timedelta(days=kind.icu_days),
                    "through": discharged})  # fmt: skip
    for revenue_code, hcpcs, units in kind.ancillaries:
        charge = {"revenue_code": revenue_code, "units": units, "date": admitted}
        charges.append({**charge, "hcpcs": hcpcs} if hcpcs else charge)
    document: dict[str, Any] = {
        "claim_number": f"SGH{number + 1:04d}", "type_of_bill": "0111", "facility": FACILITY,
        "statement": {"from": admitted, "through": discharged},
        "admission": {"date": admitted, "hour": rng.choice((2, 9, 14, 20)), "type": "1", "source": "1"},
        "discharge": {"hour": 11, "status": "01"}, "medical_record_number": f"MR{10000 + person}",
        "diagnoses": [_diagnosis(kind.principal), *(_diagnosis(code) for code in kind.secondaries)],
        "attending": ATTENDING,
    }  # fmt: skip
    if kind.admitting:
        document["admitting_diagnosis"] = kind.admitting
    if kind.procedures:
        when = admitted + timedelta(days=1 if days > 1 else 0)
        document["procedures"] = [{"code": code, "date": when} for code in kind.procedures]
    if kind is DELIVERY:
        document["admission"] |= {"type": "3", "source": "1"}  # elective: labor at term
        charges.append({"revenue_code": LABOR_ROOM[0], "date": admitted, "charge": LABOR_ROOM[1] / 100})
    elif kind.procedures and kind.procedures[0].startswith("0SR"):
        document["admission"] |= {"type": "3"}
        document["operating"] = SURGEON
        charges += [
            {"revenue_code": code, "date": admitted, "charge": cents / 100} for code, cents in SURGERY_CHARGES
        ]
    document["charges"] = charges
    return HospitalCase(kind.name, person, True, document)


def _visit(rng: random.Random, number: int, kind: tuple, person: int) -> HospitalCase:
    name, diagnoses, reason, (level, tests) = kind
    day = _day(rng, 0)
    charges = [{"revenue_code": "0450", "hcpcs": level, "date": day}]
    charges += [{"revenue_code": revenue_code, "hcpcs": hcpcs, "date": day} for revenue_code, hcpcs in tests]
    document = {
        "claim_number": f"SGH{number + 1:04d}", "type_of_bill": "0131", "facility": FACILITY,
        "statement": {"from": day, "through": day}, "discharge": {"status": "01"},
        "diagnoses": [{"code": code} for code in diagnoses], "reasons_for_visit": [reason],
        "attending": ATTENDING, "charges": charges,
    }  # fmt: skip
    return HospitalCase(f"ER: {name}", person, False, document)
