"""demo.hospital_gen: each synthetic stay kind groups to the MS-DRG it is named for, and the cases go to
patients whose one coverage is Acme's (no crossover, no ended plan)."""

import random
from datetime import date

from revcycle.demo.hospital_gen import DELIVERY, STAY_KINDS, StayKind, eligible, make_cases
from revcycle.demo.practice_gen import SyntheticPatient
from revcycle.drg.grouping import group
from revcycle.drg.stay import Diagnosis, Stay

EXPECTED_DRGS = {
    "heart failure with MCC": 291, "heart failure with CC": 292, "heart failure": 293,
    "pneumonia with MCC": 193, "pneumonia with CC": 194, "pneumonia": 195,
    "sepsis with MCC": 871, "sepsis": 872, "COPD with MCC": 190, "COPD": 192,
    "total knee replacement": 470, "vaginal delivery": 807,
}  # fmt: skip


def _diagnosis(text: str) -> Diagnosis:
    code, _, poa = text.partition(":")
    return Diagnosis(code, poa or None)


def _drg(kind: StayKind, age: int, sex: str) -> int:
    stay = Stay(age, sex, "01", date(2026, 3, 5), _diagnosis(kind.principal),
                tuple(_diagnosis(code) for code in kind.secondaries), kind.procedures, date(2026, 3, 2))  # fmt: skip
    return group(stay).final.drg


def _person(sex: str, born: date, secondary: str = "", ended: bool = False) -> SyntheticPatient:
    return SyntheticPatient("ANN", "LEE", born, sex, "1 Main St", "D000001", "PPO", 0, secondary, ended)


def test_each_stay_kind_groups_to_the_drg_it_is_named_for():
    # given every inpatient kind the demo's hospital bills (a 70-year-old man; the delivery a woman of 29)
    # when each is grouped on a 2026-03-05 discharge
    found = {kind.name: _drg(kind, 70, "M") for kind in STAY_KINDS} | {DELIVERY.name: _drg(DELIVERY, 29, "F")}
    # then each gets its DRG
    assert found == EXPECTED_DRGS


def test_cases_go_only_to_patients_with_acme_alone_and_a_delivery_only_to_a_woman_of_18_to_45():
    # given a man with Acme alone, a woman of 30 with Acme alone, one with a secondary, one whose plan ended
    people = [_person("M", date(1950, 5, 1)), _person("F", date(1996, 2, 1)),
              _person("F", date(1990, 1, 1), secondary="S000001"), _person("F", date(1991, 1, 1), ended=True)]  # fmt: skip
    # when 11 stays and 3 visits are made
    cases = make_cases(random.Random(1), people, 11, 3)
    # then only the first two patients appear; 11 stays + the delivery + 3 visits; the delivery is hers
    assert eligible(people) == [0, 1]
    assert {case.person_index for case in cases} <= {0, 1}
    assert (sum(c.inpatient for c in cases), sum(not c.inpatient for c in cases)) == (12, 3)
    assert [c.person_index for c in cases if c.kind == "vaginal delivery"] == [1]
    # and the claim numbers are unique, the cases in discharge order, each within the quarter
    assert len({c.document["claim_number"] for c in cases}) == 15
    assert [c.discharged for c in cases] == sorted(c.discharged for c in cases)
    assert date(2026, 1, 5) <= min(c.discharged for c in cases) and max(c.discharged for c in cases) <= date(
        2026, 3, 20
    )
    # and the same seed makes the same cases
    assert make_cases(random.Random(1), people, 11, 3) == cases
