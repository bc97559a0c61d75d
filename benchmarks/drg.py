"""MS-DRG grouping throughput (stays/s), against a baseline in the same run: the ICD-10-PCS and
ICD-10-CM validation of the same stays.

    .venv/bin/python benchmarks/drg.py [--stays 5000] [--seed 7]

The stays are synthetic but realistic in shape: a principal diagnosis drawn from common inpatient
principals (heart failure, pneumonia, sepsis, hip/knee osteoarthritis, COPD, AKI), 0-8 secondary
diagnoses with POA from a pool of CCs, MCCs and non-CCs, 0-3 procedures from common PCS codes,
discharges spread over FY2026 (both grouper versions, v43.0 and v43.1). Timed in CPU seconds
(time.process_time). Three numbers: `group_only` (the DRG alone), `group` (the DRG plus every
inpatient finding: code validity, POA, principal rules, MCE edits) and the baseline (the code
validation alone, `icd10cm.validate` + `icd10pcs.validate`).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from revcycle.codesets import icd10cm, icd10pcs
from revcycle.drg.grouping import group, group_only
from revcycle.drg.stay import Diagnosis, Stay

PRINCIPALS = ["I50.23", "I50.33", "J18.9", "A41.9", "M16.11", "M17.11", "J44.1", "N17.9", "I21.4", "K35.80"]
SECONDARIES = [
    "N17.9",
    "J96.01",
    "E11.9",
    "I10",
    "E87.1",
    "D64.9",
    "E66.01",
    "Z79.01",
    "J44.9",
    "I48.91",
    "N18.30",
    "E78.5",
    "F32.A",
    "G47.33",
    "R65.20",
    "E43",
    "Z68.41",
    "I25.10",
]
PROCEDURES = ["0SR90J9", "0SRC0J9", "02HV33Z", "5A1955Z", "0DTJ4ZZ", "02703DZ", "3E0336Z", "0BH17EZ"]
POA = ["Y", "Y", "Y", "N", "W", "U"]


def stays(count: int, seed: int) -> list[Stay]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        secondaries = tuple(
            Diagnosis(code, "1" if code.startswith("Z") else rng.choice(POA))
            for code in rng.sample(SECONDARIES, rng.randint(0, 8))
        )
        made.append(
            Stay(
                rng.randint(18, 95),
                rng.choice("MF"),
                rng.choice(["01", "03", "06", "20"]),
                date(2025, 10, 1) + timedelta(days=rng.randint(0, 364)),
                Diagnosis(rng.choice(PRINCIPALS), "Y"),
                secondaries,
                tuple(rng.sample(PROCEDURES, rng.randint(0, 3))),
            )
        )
    return made


def _timed(label: str, work, cases: list[Stay]) -> float:
    started = time.process_time()
    for stay in cases:
        work(stay)
    elapsed = time.process_time() - started
    rate = len(cases) / elapsed
    print(f"{label:<46} {len(cases):>6} stays  {elapsed:6.2f} s CPU  {rate:>9,.0f} stays/s")
    return rate


def _validate(stay: Stay) -> None:
    icd10cm.validate([stay.principal.code, *(dx.code for dx in stay.secondaries)], stay.discharge_date)
    icd10pcs.validate(list(stay.procedures), stay.discharge_date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stays", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = stays(args.stays, args.seed)
    group_only(cases[0])  # load the grouper, the weights and the code sets once, outside the timing
    group(cases[0])
    _validate(cases[0])
    drgs = {group_only(stay).drg for stay in cases}
    print(f"{len(cases)} stays, {len(drgs)} distinct DRGs")
    baseline = _timed("baseline: ICD-10-CM + ICD-10-PCS validation", _validate, cases)
    alone = _timed("MS-DRG group_only (msdrg, the DRG alone)", group_only, cases)
    full = _timed("MS-DRG group (DRG + every inpatient finding)", group, cases)
    print(f"group_only / baseline {alone / baseline:.2f}x, group / baseline {full / baseline:.2f}x")


if __name__ == "__main__":
    main()
