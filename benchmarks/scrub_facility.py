"""Facility claim scrub throughput (claims/s): outpatient visits (0131) through the I/OCE edits and inpatient
stays (0111) through the MCE edits, each with every edit on, against the baseline of the same claims with
the new families (mce, ioce) off — in the same run.

    .venv/bin/python benchmarks/scrub_facility.py [--claims 2000] [--seed 7]

Outpatient visits: 2-8 lines on one day from common OPPS HCPCS/CPT (ER and clinic visits, labs, imaging,
EKG, echo, injections, IV pushes, repairs), revenue codes to match, some with XU/25. Inpatient stays: the
example stay with a principal from common inpatient principals and 0-3 PCS procedures. Timed in CPU seconds.
The I/OCE NCCI table is loaded once before timing (its load is reported apart).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date

from revcycle.claims.examples import EXAMPLE_CHARGE_MASTER, EXAMPLE_TODAY, example_stay
from revcycle.claims.institutional import StayCharge, StayDiagnosis, build_institutional_claim
from revcycle.claims.institutional_model import PcsProcedure
from revcycle.codesets import ioce
from revcycle.scrub import EDITS, ScrubContext, scrub_claim

DAY = date(2026, 3, 2)
OUTPATIENT = [("0450", "99284"), ("0450", "99285"), ("0510", "G0463"), ("0300", "80053"), ("0300", "85025"),
              ("0301", "83880"), ("0324", "71046"), ("0730", "93005"), ("0483", "93306"), ("0260", "96374"),
              ("0260", "96375"), ("0450", "12001"), ("0636", "J1885"), ("0360", "29125"), ("0350", "70450")]  # fmt: skip
PRINCIPALS = ["I50.23", "J18.9", "A41.9", "N17.9", "J44.1", "I21.4", "E11.9", "B95.0"]
PROCEDURES = ["02HV33Z", "0BH17EZ", "5A1955Z", "0DTJ4ZZ", "00F3XZZ", "3E033GC"]


def outpatient_claims(count: int, rng: random.Random) -> list:
    claims = []
    for n in range(count):
        picked = rng.sample(OUTPATIENT, rng.randint(2, 8))
        charges = tuple(StayCharge(revenue, DAY, 1, code, ("XU",) if rng.random() < 0.2 else (), charge_cents=1000)
                        for revenue, code in picked)  # fmt: skip
        stay = example_stay(f"O{n}", bill_type="13", statement_to=DAY, admission_date=None, admission_hour=None,
                            discharge_hour=None, admission_type="", admission_source="", procedures=(),
                            charges=charges, diagnoses=(StayDiagnosis("R07.9"),))  # fmt: skip
        claims.append(build_institutional_claim(stay, EXAMPLE_CHARGE_MASTER))
    return claims


def inpatient_claims(count: int, rng: random.Random) -> list:
    claims = []
    for n in range(count):
        principal = rng.choice(PRINCIPALS)
        diagnoses = (
            StayDiagnosis(principal, "Y"),
            *(StayDiagnosis(c, "Y") for c in ("I10", "E78.5") if c != principal),
        )
        procedures = tuple(
            PcsProcedure(code, date(2026, 3, 3)) for code in rng.sample(PROCEDURES, rng.randint(0, 3))
        )
        stay = example_stay(f"I{n}", diagnoses=diagnoses, procedures=procedures)
        claims.append(build_institutional_claim(stay, EXAMPLE_CHARGE_MASTER))
    return claims


def rate(claims: list, context: ScrubContext, only: list[str] | None) -> tuple[float, int]:
    started = time.process_time()
    findings = sum(len(scrub_claim(claim, context, only=only).findings) for claim in claims)
    return len(claims) / (time.process_time() - started), findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    ioce.outpatient_ptp()
    print(f"I/OCE outpatient NCCI table loaded in {time.perf_counter() - started:.2f} s (wall)")
    context = ScrubContext.standard(EXAMPLE_TODAY)
    without_new = [name for name, e in EDITS.items() if e.family not in ("mce", "ioce")]
    for label, claims in (("outpatient 0131", outpatient_claims(args.claims, rng)),
                          ("inpatient 0111", inpatient_claims(args.claims, rng))):  # fmt: skip
        claims = [replace(claim) for claim in claims]
        every, found = rate(claims, context, None)
        baseline, _ = rate(claims, context, without_new)
        print(
            f"{label}: {len(claims):,} claims, every edit {every:,.0f} claims/s ({found:,} findings); "
            f"without mce/ioce {baseline:,.0f} claims/s"
        )


if __name__ == "__main__":
    main()
