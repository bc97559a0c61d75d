"""Run every benchmark script in this folder, one after another, each printing its own table
(`_*.py` are helpers the scripts share, not benchmarks).

    python benchmarks/run_all.py [NAME ...]     e.g. `python benchmarks/run_all.py x12 scrub`

Benchmarks are measurements, never assertions: a slow run prints slower numbers and passes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts(names: list[str]) -> list[Path]:
    found = sorted(path for path in HERE.glob("*.py") if path.name != Path(__file__).name and not path.name.startswith("_"))
    return [path for path in found if not names or path.stem in names]


def main() -> int:
    failures = []
    for script in scripts(sys.argv[1:]):
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)])
        print(f"--- {script.stem}: exit {code}, {time.perf_counter() - started:.1f} s", flush=True)
        if code != 0:
            failures.append(script.stem)
    if failures:
        print(f"failed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
