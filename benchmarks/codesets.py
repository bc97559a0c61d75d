"""Code-set benchmark: ICD-10-CM cold load and validate throughput, side by side with
simple-icd-10-cm 1.5.0 in the same run on the same machine.

    .venv/bin/python benchmarks/codesets.py [--codes 20000] [--runs 5]

Cold load runs in fresh subprocesses (median of --runs): revcycle imports
`revcycle.codesets.icd10cm` and loads one release (FY2026); simple-icd-10-cm imports its
module, which parses its April 2026 Tabular List XML. Throughput validates the same sample
of codes (billable codes, headers and invalid strings mixed) one call per code, timed in CPU
seconds (time.process_time) so that a busy machine does not distort the ratio; cold load
is reported both as wall-clock and CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date

REVCYCLE_LOAD = (
    "import time; t=time.perf_counter(); c=time.process_time(); from datetime import date; "
    "from revcycle.codesets import icd10cm; icd10cm.release_for(date(2026, 1, 15)).load().get('E11.9'); "
    "print(time.perf_counter()-t, time.process_time()-c)"
)
SIMPLE_LOAD = (
    "import time; t=time.perf_counter(); c=time.process_time(); import simple_icd_10_cm as cm; "
    "cm.is_valid_item('E119'); print(time.perf_counter()-t, time.process_time()-c)"
)
DOS = date(2026, 1, 15)


def cold_load_seconds(snippet: str, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds from start of import to the first answer, in fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", snippet], check=True, capture_output=True, text=True)
        wall, cpu = output.stdout.strip().splitlines()[-1].split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return statistics.median(walls), statistics.median(cpus)


def sample_codes(count: int) -> list[str]:
    from revcycle.codesets import icd10cm

    release = icd10cm.release_for(DOS)
    billable = [code.replace(".", "") for code in release.billable_codes()]
    headers = [code.replace(".", "") for code in release.codes() if not release.is_billable(code)]
    chooser = random.Random(20260115)
    invalid = ["E11999", "S52521", "J0299", "Q99999", "Z0000X"]
    picks = chooser.choices(billable, k=int(count * 0.8)) + chooser.choices(headers, k=int(count * 0.15))
    picks += chooser.choices(invalid, k=count - len(picks))
    chooser.shuffle(picks)
    return picks


def revcycle_rate(codes: list[str]) -> tuple[float, int]:
    from revcycle.codesets import icd10cm

    started = time.process_time()
    valid = sum(1 for code in codes if not icd10cm.validate([code], DOS))
    return len(codes) / (time.process_time() - started), valid


def revcycle_lookup_rate(codes: list[str]) -> tuple[float, int]:
    from revcycle.codesets import icd10cm

    release = icd10cm.release_for(DOS)
    started = time.process_time()
    valid = sum(1 for code in codes if release.billable_code(code) is not None)
    return len(codes) / (time.process_time() - started), valid


def simple_rate(codes: list[str]) -> tuple[float, int]:
    import simple_icd_10_cm as cm

    started = time.process_time()
    valid = sum(1 for code in codes if cm.is_valid_item(code) and cm.is_leaf(code))
    return len(codes) / (time.process_time() - started), valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codes", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ours_load = cold_load_seconds(REVCYCLE_LOAD, args.runs)
    theirs_load = cold_load_seconds(SIMPLE_LOAD, args.runs)
    codes = sample_codes(args.codes)
    ours_rate, ours_valid = revcycle_rate(codes)
    theirs_rate, theirs_valid = simple_rate(codes)
    lookup_rate, lookup_valid = revcycle_lookup_rate(codes)
    rows = [
        ("cold load to first answer, wall (s, median)", f"{ours_load[0]:.3f}", f"{theirs_load[0]:.3f}",
         f"{theirs_load[0] / ours_load[0]:.1f}x faster"),
        ("cold load to first answer, CPU (s, median)", f"{ours_load[1]:.3f}", f"{theirs_load[1]:.3f}",
         f"{theirs_load[1] / ours_load[1]:.1f}x faster"),
        (f"validate {len(codes):,} codes one by one (codes per CPU s)", f"{ours_rate:,.0f}", f"{theirs_rate:,.0f}",
         f"{ours_rate / theirs_rate:.2f}x"),
        ("billable look-up (billable_code) (codes per CPU s)", f"{lookup_rate:,.0f}", f"{theirs_rate:,.0f}",
         f"{lookup_rate / theirs_rate:.2f}x"),
        ("codes accepted as valid billable", f"{ours_valid:,} / {lookup_valid:,}", f"{theirs_valid:,}",
         "same" if ours_valid == theirs_valid == lookup_valid else "differ"),
    ]
    print("| measure | revcycle | simple-icd-10-cm 1.5.0 | ratio |")
    print("|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
    print(f"\nPython {sys.version.split()[0]}; DOS {DOS.isoformat()}; load average {load}. revcycle validate builds "
          "findings (7th character, placeholder, header hints, MCE); simple-icd-10-cm: is_valid_item + is_leaf.")


if __name__ == "__main__":
    main()
