"""`python -m revcycle.codesets.build [--only icd10cm|icd10pcs|ioce|mce|hcpcs|pos]` — rebuild the shipped store."""

from __future__ import annotations

import argparse
import time

from revcycle.codesets.compilers.steps import COMPILE_STEPS, write_compiled


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m revcycle.codesets.build", description=__doc__)
    parser.add_argument("--only", choices=sorted(COMPILE_STEPS), action="append")
    args = parser.parse_args(argv)
    for name in args.only or sorted(COMPILE_STEPS):
        started = time.perf_counter()
        written = write_compiled(COMPILE_STEPS[name]())
        elapsed = time.perf_counter() - started
        for path in written:
            print(f"{name:8} {path.name:32} {path.stat().st_size:>10,} bytes  ({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
