"""Fuzz: mutated X12 files never make the reader or the 835 translator raise anything but X12's own error.

Each input is a seed (fuzz_inputs.SEEDS: the project's own 835, 837P and 999, plus a sample of
../shared/corpus when present) under up to six mutations. For each one:
- `read_x12(data, validate=True)` returns, every problem located (`X12Problem`);
- `read_x12(data, strict=True)` returns or raises `X12Error`, nothing else;
- `read_835(data)` (what posting reads) returns advices and problems as strings;
- the 999 answering it (`acknowledge`) is written.

`make test` runs a quick bounded pass (REVCYCLE_FUZZ_EXAMPLES inputs, default 2,000, at most
REVCYCLE_FUZZ_SECONDS, default 20 s), one input per hypothesis example. CI's long run (.ci/run) asks for
100,000 inputs in batches of 10 per example (REVCYCLE_FUZZ_BATCH: hypothesis's own drawing costs more than
a read) and REVCYCLE_FUZZ_MIN_INPUTS=100000, so a run the time cap cut short fails instead of passing. An
input that raises is saved under REVCYCLE_FUZZ_CRASH_DIR (default: the test's tmp dir) for
tests/fixtures/x12_crashers/.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from dataclasses import dataclass

import pytest
from fuzz_inputs import MUTATIONS, SEEDS, mutate, random_mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.edi.remit_read import read_835
from revcycle.x12 import AckHeader, X12Error, X12Problem, acknowledge, read_x12

EXAMPLES = int(os.environ.get("REVCYCLE_FUZZ_EXAMPLES", "2000"))
SECONDS = float(os.environ.get("REVCYCLE_FUZZ_SECONDS", "20"))
MIN_INPUTS = int(os.environ.get("REVCYCLE_FUZZ_MIN_INPUTS", "0"))
HEADER = AckHeader("CLINIC01", "ACMECH", 1)
CHUNK = 5_000
BATCH = int(os.environ.get("REVCYCLE_FUZZ_BATCH", "1"))  # inputs per hypothesis example (CI's long run: 10)
SETTINGS = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}


@dataclass
class Tally:
    inputs: int = 0
    with_errors: int = 0
    seconds: float = 0.0


def read_every_way(data: bytes) -> bool:
    """Everything a received file goes through; True when the reader found an error in it."""
    result = read_x12(data, validate=True)
    assert all(isinstance(problem, X12Problem) and str(problem) for problem in result.problems)
    try:
        read_x12(data, strict=True)
    except X12Error as error:
        assert error.problems
    advices, problems = read_835(data)
    assert isinstance(advices, list) and all(isinstance(problem, str) for problem in problems)
    assert acknowledge(result, HEADER).startswith("ISA")
    return bool(result.errors)


@pytest.mark.fuzz
def test_mutated_x12_never_raises_anything_but_x12_problems(request, tmp_path):
    tally = Tally()
    crash_dir = os.environ.get("REVCYCLE_FUZZ_CRASH_DIR", str(tmp_path))
    started = time.monotonic()

    def fuzz(seed: int, mutations: list[tuple], batch_seed: int) -> None:
        if time.monotonic() - started > SECONDS:
            return  # the time cap: the rest of the examples are drawn but not read
        first = mutate(SEEDS[seed], mutations)
        rnd = random.Random(batch_seed)
        for data in [first] + [mutate(first, random_mutations(rnd)) for _ in range(BATCH - 1)]:
            tally.inputs += 1
            try:
                tally.with_errors += read_every_way(data)
            except Exception:
                name = hashlib.sha256(data).hexdigest()[:16]
                os.makedirs(crash_dir, exist_ok=True)
                with open(os.path.join(crash_dir, f"crash-{name}.x12"), "wb") as saved:
                    saved.write(data)
                raise

    examples = -(-EXAMPLES // BATCH)
    for chunk in range(0, examples, CHUNK):  # a fresh engine per chunk
        run = given(st.integers(0, len(SEEDS) - 1), MUTATIONS, st.integers(0, 2**32 - 1))(fuzz)
        settings(max_examples=min(CHUNK, examples - chunk), **SETTINGS)(run)()
    tally.seconds = time.monotonic() - started
    rate = tally.inputs / tally.seconds if tally.seconds else 0.0
    line = (f"x12 fuzz: {tally.inputs} inputs ({tally.with_errors} with located errors) from {len(SEEDS)} seeds"
            f" in {tally.seconds:.1f} s, {rate:.0f} inputs/s, 0 uncaught")  # fmt: skip
    _report(request.config, line)
    assert tally.inputs >= MIN_INPUTS, f"only {tally.inputs} inputs before the {SECONDS} s cap: {line}"
    assert tally.with_errors > 0  # the mutations do break files: the reader reports, it does not raise


def _report(config: pytest.Config, line: str) -> None:
    """The figures on the terminal, past output capture (the README quotes them)."""
    capture = config.pluginmanager.getplugin("capturemanager")
    reporter = config.pluginmanager.getplugin("terminalreporter")
    if capture is None or reporter is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)
