"""Scrubber and 837P benchmark: claims per second on one core with the full NCCI PTP table loaded.

    .venv/bin/python benchmarks/scrub.py [--claims 5000] [--ncci PATH]

Loads the CMS I/OCE hospital-outpatient PTP table from the shared corpus (1,594,456 rows; tests
and benchmarks only), then scrubs synthetic claims (1-6 lines drawn from the CPT demo subset,
1-4 diagnoses, about one claim in five with a planted problem) with every registered edit, and
writes them as 837P files of 1,000 claims. Prints one table (Markdown) for the README.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from revcycle.claims.examples import EXAMPLE_TODAY, example_claim, example_line
from revcycle.codesets import icd10cm, ncci
from revcycle.edi.claim_to_837 import write_837p
from revcycle.practice.organization import Receiver, Submitter
from revcycle.scrub import ScrubContext, scrub_batch

CORPUS_PTP = Path(__file__).resolve().parents[2] / "shared/corpus/cms/ncci_ptp_hospital_outpatient_ioce_v27.1.0_2026Q2.csv.gz"
DIAGNOSES = ["E11.9", "I10", "E78.5", "J06.9", "M25.561", "R05.9", "Z00.00", "J45.909", "K21.9", "F41.1", "N39.0", "L70.0"]
OTHER_CODES = ["83036", "36415", "80053", "85025", "81002", "93000", "20610", "96372", "11102", "11104", "17000",
               "87880", "71046", "90686", "90471", "69210", "94010", "97110", "11103", "99000"]
VISITS = ["99212", "99213", "99214", "99215", "99203", "99204"]
PLANTS = ["E11", "1234567890", "99201", "future"]


def synthetic_claims(count: int, seed: int = 20260302) -> list:
    chooser = random.Random(seed)
    claims = []
    for number in range(count):
        diagnoses = tuple(chooser.sample(DIAGNOSES, chooser.randint(1, 4)))
        codes = [chooser.choice(VISITS), *chooser.sample(OTHER_CODES, chooser.randint(0, 5))]
        lines = tuple(example_line(i, code, chooser.randint(10, 300) * 100, (chooser.randint(1, len(diagnoses)),),
                                   ("25",) if i == 1 and chooser.random() < 0.5 else ())
                      for i, code in enumerate(codes, start=1))
        claim = example_claim(f"B{number}", diagnoses=diagnoses, lines=lines)
        if chooser.random() < 0.2:
            claim = plant(claim, chooser.choice(PLANTS))
        claims.append(claim)
    return claims


def plant(claim, problem: str):
    if problem == "E11":
        return dataclasses.replace(claim, diagnoses=("E11", *claim.diagnoses[1:]))
    if problem == "1234567890":
        return dataclasses.replace(claim, billing=dataclasses.replace(claim.billing, npi=problem))
    line = claim.lines[0]
    if problem == "99201":
        return dataclasses.replace(claim, lines=(dataclasses.replace(line, procedure_code="99201"), *claim.lines[1:]))
    future = dataclasses.replace(line, service_date=EXAMPLE_TODAY + dt.timedelta(days=3))
    return dataclasses.replace(claim, lines=(future, *claim.lines[1:]))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--ncci", type=Path, default=CORPUS_PTP)
    args = parser.parse_args()
    icd10cm.release_for(EXAMPLE_TODAY).load()
    claims = synthetic_claims(args.claims)
    base_rss = peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    table = ncci.load_ptp_file(args.ncci)
    load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with tempfile.TemporaryDirectory() as folder:
        compiled = Path(folder) / "ncci_ptp.npz"
        table.save(compiled)
        started = time.process_time()
        ncci.PtpTable.load(compiled)
        reload_cpu = time.process_time() - started
    full = ScrubContext.standard(EXAMPLE_TODAY)
    full = dataclasses.replace(full, ptp=table)
    demo = dataclasses.replace(full, ptp=ncci.demo_ptp())
    scrub_batch(claims[:200], full)  # warm the code-set caches
    rows = [("NCCI PTP rows loaded", f"{len(table):,}"), ("NCCI load from gzip CSV (wall / CPU)", f"{load_seconds:.1f} s / {load_cpu:.1f} s"),
            ("NCCI reload from the compiled import (`codes import-ncci`), CPU", f"{reload_cpu:.2f} s"),
            ("NCCI table in memory", f"{table.nbytes / 1e6:.1f} MB"),
            ("peak RSS after load (before -> after)", f"{base_rss:.0f} -> {peak_rss_mb():.0f} MB")]
    for label, context in (("full NCCI table", full), ("demo NCCI subset", demo)):
        started = time.process_time()
        batch = scrub_batch(claims, context)
        seconds = time.process_time() - started
        rows.append((f"scrub, {label} (claims/s, one core)", f"{len(claims) / seconds:,.0f}"))
    rows.append(("clean-claim rate of the synthetic batch", f"{batch.clean_claim_rate}%"))
    submitter = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
    started = time.process_time()
    size = 0
    for start in range(0, len(claims), 1000):
        size += len(write_837p(claims[start:start + 1000], submitter, Receiver("Acme", "ACMECH"), start // 1000 + 1,
                               dt.datetime(2026, 3, 10, 9, 30)))
    seconds = time.process_time() - started
    rows.append(("837P generation (claims/s, one core)", f"{len(claims) / seconds:,.0f} ({size / seconds / 1e6:.1f} MB/s)"))
    print(f"| measure ({args.claims:,} synthetic claims, load average {os.getloadavg()[0]:.1f}) | value |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
