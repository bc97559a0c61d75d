"""Eligibility and claim status benchmark: one 270 asking about N members -> the simulator's 271 ->
Benefits, and one 276 about N adjudicated claims -> 277 -> plain-words answers (median of --runs).

    .venv/bin/python benchmarks/followup.py [--members 1000] [--runs 3]

Synthetic payer: N members on the example PPO (every 10th one unknown to the payer, every 7th
with coverage that ended); the claims are one 99213 each, adjudicated before the 276 is sent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from dataclasses import replace

from revcycle.edi.claim_status import ClaimStatusQuestion, read_277, write_276
from revcycle.edi.eligibility_270 import InquiryParties, write_270
from revcycle.edi.eligibility_271 import read_271
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.payer.eligibility import EligibilityQuestion
from revcycle.simulator.config import Member
from revcycle.simulator.eligibility_desk import answer_270
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.status_desk import answer_276

CLINIC = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")
PARTIES = InquiryParties("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893")
DOS = dt.date(2026, 3, 2)
AT = dt.datetime(2026, 4, 10, 9, 0)


def _engine(count: int) -> PayerEngine:
    config = example_payer(apply_ncci=False)
    members = tuple(Member(f"M{n:06d}", "PPO", dt.date(2025, 1, 1), dt.date(2025, 12, 31) if n % 7 == 0 else None,
                           "MEMBER", f"N{n}") for n in range(count) if n % 10)  # fmt: skip
    return PayerEngine(replace(config, members=members))


def _timed(step) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def run(count: int) -> dict[str, float]:
    engine = _engine(count)
    questions = [EligibilityQuestion(f"M{n:06d}", "MEMBER", f"N{n}", DOS, trace=str(n)) for n in range(count)]
    write_s, text_270 = _timed(lambda: write_270(questions, PARTIES, CLINIC, 1, AT))
    answer_s, text_271 = _timed(lambda: answer_270(text_270, engine, CLINIC.reversed(), 2, AT))
    read_s, (benefits, _) = _timed(lambda: read_271(text_271))
    assert len(benefits) == count
    claims = [example_claim(f"C{n}", f"M{n:06d}", (example_line(1, "99213", 15000),)) for n in range(count)]
    engine.adjudicate(claims, dt.date(2026, 3, 20))
    asked = [ClaimStatusQuestion(f"C{n}", f"M{n:06d}", "MEMBER", f"N{n}", 15000, DOS, DOS) for n in range(count)]
    write_276_s, text_276 = _timed(lambda: write_276(asked, PARTIES, CLINIC, 3, AT))
    answer_276_s, text_277 = _timed(lambda: answer_276(text_276, engine, CLINIC.reversed(), 4, AT))
    read_277_s, (answers, _) = _timed(lambda: read_277(text_277))
    assert len(answers) == count
    return {"270 write": write_s, "simulator 271": answer_s, "271 -> Benefits": read_s,
            "276 write": write_276_s, "simulator 277": answer_276_s, "277 -> answers": read_277_s}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [run(args.members) for _ in range(args.runs)]
    print(f"| step ({args.members} members / claims, median of {args.runs}) | seconds | per item (ms) |")
    print("|---|---:|---:|")
    for step in runs[0]:
        seconds = statistics.median(r[step] for r in runs)
        print(f"| {step} | {seconds:.3f} | {seconds / args.members * 1000:.3f} |")


if __name__ == "__main__":
    main()
