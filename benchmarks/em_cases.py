"""E/M leveling cases built from the AMA 2021 (rev. 2023) MDM grid and time thresholds.

usage: python benchmarks/em_cases.py        prints one row per case and exits 1 if any case fails.
The cases live in benchmarks/em_cases.json; tests/unit/coding/test_em_cases.py asserts them too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from revcycle.coding.em import em_input_from_dict, level_visit

CASES = Path(__file__).with_name("em_cases.json")


def run_case(case: dict) -> tuple[dict, dict]:
    result = level_visit(em_input_from_dict(case["input"]))
    got = {
        "code": result.code,
        "basis": result.basis,
        "mdm_level": result.mdm_level.label,
        "prolonged": {item.code: item.units for item in result.prolonged},
    }
    return got, case["expected"]


def main() -> int:
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    failures = 0
    print(f"{'case':<36} {'expected':<9} {'got':<9} {'basis':<5} {'MDM':<16} prolonged  ok")
    for case in cases:
        got, expected = run_case(case)
        ok = got == expected
        failures += 0 if ok else 1
        prolonged = ",".join(f"{code}x{units}" for code, units in got["prolonged"].items()) or "-"
        print(
            f"{case['id']:<36} {expected['code']:<9} {got['code']:<9} {got['basis']:<5} "
            f"{got['mdm_level']:<16} {prolonged:<10} {'yes' if ok else 'NO'}"
        )
    print(f"{len(cases) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
