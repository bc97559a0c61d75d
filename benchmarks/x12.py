"""X12 benchmark: a 10,000-claim 835 and 837P, read into typed objects and written back, against peers.

    python benchmarks/x12.py [--claims 10000] [--skip-slow]

Files come from /work/shared/tools/gen_x12.py (written to $GEN_X12_OUT, default /tmp/gen_x12, with
expected.json). Every contender runs in its own subprocess (a fresh interpreter: no warm caches,
peak memory measured as the growth of the process's max RSS over the timed operation; time is the
process's CPU time, so other load on the machine disturbs it less). Reported:
seconds (best of --repeat runs), claims/s, MB/s, peak memory, ratio to the `str.split` baseline.
Our typed read is checked against expected.json (claims, charges, payments, service lines, CAS).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

GENERATOR = Path("/work/shared/tools/gen_x12.py")
BOTH = [
    "str.split",
    "revcycle tokenize",
    "revcycle typed read",
    "revcycle typed read + validate",
    "revcycle write (typed -> x12)",
    "x12sdk segments",
    "x12sdk typed models",
    "pyx12 reader",
]
CONTENDERS = {"835": [*BOTH, "oxedi (Rust)"], "837p": BOTH}  # oxedi reads 835s only
SLOW = {"x12sdk typed models"}


# ---- run inside the child process ---------------------------------------------------------------


def _str_split(path: Path) -> int:
    text = path.read_bytes().decode()
    return len([segment.split("*") for segment in text.split("~")])


def _revcycle_tokenize(path: Path) -> int:
    from revcycle.x12 import read_document

    return len(read_document(path.read_bytes()).segments)


def _revcycle_typed(path: Path, validate: bool = False) -> tuple[float, dict[str, object]]:
    from revcycle.x12 import read_x12

    data = path.read_bytes()
    started = time.process_time()
    result = read_x12(data, validate=validate)
    seconds = time.process_time() - started
    models = [parsed.model for parsed in result.transactions]
    claims = [claim for model in models for claim in model.claims]
    summary: dict[str, object] = {"claims": len(claims), "problems": len(result.problems)}
    summary["charge"] = str(sum((claim.charge for claim in claims), Decimal(0)))
    summary["lines"] = sum(len(claim.service_lines) for claim in claims)
    if hasattr(models[0], "total_paid"):
        summary["paid"] = str(sum((claim.paid for claim in claims), Decimal(0)))
        summary["bpr02"] = str(sum((model.total_paid for model in models), Decimal(0)))
        summary["cas"] = sum(
            len(claim.adjustments) + sum(len(line.adjustments) for line in claim.service_lines)
            for claim in claims
        )
    return seconds, summary


def _revcycle_write(path: Path) -> tuple[float, int]:
    from revcycle.x12 import InterchangeHeader, read_x12
    from revcycle.x12.guides.x835.write import write_remittances
    from revcycle.x12.guides.x837p.write import write_claim_batches

    result = read_x12(path.read_bytes())
    header = InterchangeHeader("SENDER", "RECEIVER", 1)
    started = time.process_time()
    if result.transactions[0].guide.key == "835":
        text = write_remittances(
            result.models("835"), header, sender="SENDER", receiver="RECEIVER", group_control=1
        )
    else:
        text = write_claim_batches(
            result.models("837p"), header, sender="SENDER", receiver="RECEIVER", group_control=1
        )
    return time.process_time() - started, len(text)


def _x12sdk_segments(path: Path) -> int:
    from x12sdk.io import X12SegmentReader

    with X12SegmentReader(str(path)) as reader:
        return sum(1 for _ in reader.segments())


def _x12sdk_models(path: Path) -> int:
    from x12sdk.io import X12ModelReader

    with X12ModelReader(str(path)) as reader:
        return sum(1 for _ in reader.models())


def _pyx12_reader(path: Path) -> int:
    import pyx12.x12file

    with path.open() as handle:
        return sum(1 for _ in pyx12.x12file.X12Reader(handle))


def _oxedi(path: Path) -> int:
    import oxedi

    result = oxedi.parse(path.read_bytes())
    return len(result.tables)


def child(name: str, path: Path) -> dict[str, object]:
    functions = {
        "str.split": _str_split,
        "revcycle tokenize": _revcycle_tokenize,
        "x12sdk segments": _x12sdk_segments,
        "x12sdk typed models": _x12sdk_models,
        "pyx12 reader": _pyx12_reader,
        "oxedi (Rust)": _oxedi,
    }
    _warm_imports(name)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if name == "revcycle write (typed -> x12)":
        seconds, output = _revcycle_write(path)
    elif name.startswith("revcycle typed read"):
        seconds, output = _revcycle_typed(path, validate=name.endswith("validate"))
    else:
        started = time.process_time()
        output = functions[name](path)
        seconds = time.process_time() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "output": output}


def _warm_imports(name: str) -> None:
    """Import the library before timing: we measure parsing, not interpreter start-up."""
    modules = {
        "revcycle": ["revcycle.x12", "revcycle.x12.guides.x835.read", "revcycle.x12.guides.x837p.read"],
        "x12sdk": ["x12sdk.io"],
        "pyx12": ["pyx12.x12file"],
        "oxedi": ["oxedi"],
    }
    for prefix, names in modules.items():
        if name.startswith(prefix):
            for module in names:
                __import__(module)
    if name.startswith("revcycle"):  # guide specs load once per process, like a library's tables
        from revcycle.x12.guides import GUIDES

        for guide in GUIDES:
            if guide.key in ("835", "837p"):
                _ = guide.spec


# ---- the parent: generate, run, tabulate ---------------------------------------------------------


def generate(claims: int) -> tuple[Path, dict]:
    out = Path(os.environ.get("GEN_X12_OUT", "/tmp/gen_x12"))
    expected_file = out / "expected.json"
    needed = [out / f"835_{claims}.x12", out / f"837p_{claims}.x12"]
    if not all(path.is_file() for path in needed) or not expected_file.is_file():
        subprocess.run(
            [sys.executable, str(GENERATOR), str(claims)],
            check=True,
            env=os.environ | {"GEN_X12_OUT": str(out)},
        )
    return out, json.loads(expected_file.read_text())


def run_one(name: str, path: Path, repeat: int) -> dict[str, object]:
    best: dict[str, object] | None = None
    for _ in range(repeat if name not in SLOW else 1):
        completed = subprocess.run(
            [sys.executable, __file__, "--child", name, str(path)], capture_output=True, text=True
        )
        if completed.returncode != 0:
            return {"error": (completed.stderr.strip().splitlines() or ["failed"])[-1][:80]}
        measured = json.loads(completed.stdout.strip().splitlines()[-1])
        if best is None or measured["seconds"] < best["seconds"]:
            best = measured
    return best or {"error": "no run"}


def check_totals(kind: str, output: dict, expected: dict) -> list[str]:
    wrong = []
    pairs = [
        ("claims", "claims"),
        ("charge", "sum_clp03" if kind == "835" else "sum_clm02"),
        ("lines", "svc" if kind == "835" else "sv1"),
    ]
    if kind == "835":
        pairs += [("paid", "sum_clp04"), ("bpr02", "bpr02"), ("cas", "cas")]
    for ours, theirs in pairs:
        same = Decimal(str(output[ours])) == Decimal(str(expected[theirs]))
        if not same:
            wrong.append(f"{ours}={output[ours]} expected {expected[theirs]}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-slow", action="store_true", help="skip x12sdk typed models (~15 s each)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    out, expected = generate(args.claims)
    print("| file | contender | seconds | claims/s | MB/s | peak MB | × str.split |")
    print("|---|---|---:|---:|---:|---:|---:|")
    failures = []
    for kind, names in CONTENDERS.items():
        path = out / f"{kind}_{args.claims}.x12"
        megabytes = path.stat().st_size / 1e6
        baseline = None
        for name in names:
            if args.skip_slow and name in SLOW:
                continue
            measured = run_one(name, path, args.repeat)
            if "error" in measured:
                print(f"| {kind} {megabytes:.1f} MB | {name} | failed: {measured['error']} | | | | |")
                continue
            seconds = float(measured["seconds"])
            baseline = baseline or seconds
            print(
                f"| {kind} {megabytes:.1f} MB | {name} | {seconds:.3f} | {args.claims / seconds:,.0f} | "
                f"{megabytes / seconds:.1f} | {float(measured['peak_mb']):.0f} | {seconds / baseline:.2f} |"
            )
            if name.startswith("revcycle typed read") and isinstance(measured["output"], dict):
                failures += [
                    f"{kind} {name}: {problem}"
                    for problem in check_totals(kind, measured["output"], expected[path.name])
                ]
    print()
    print("typed totals match expected.json" if not failures else "MISMATCH: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
