"""Search benchmark: `revcycle.codesets.search` vs a simple-icd-10-cm title scan, same run, same machine.

    .venv/bin/python benchmarks/codes_search.py [--queries 1000] [--runs 3]

Queries (deterministic, seed 20260115): Alphabetic Index paths as a coder would type them
(the last levels' words, lower case), FY2026 billable tabular titles (first five words), the
same with one typo (two adjacent letters swapped), and coder shorthand ("htn", "fx distal
radius", "t2dm w/ ckd"...). Every query but the shorthand has a known code.

The baseline is the obvious scan with simple-icd-10-cm 1.5.0: its `get_all_codes()` and
`get_description()` loaded once, then per query every description holding all typed words,
shortest first (run on every 5th query by default: it takes ~0.1-0.3 s a query). Cold load is a fresh process (median of --runs): ours imports the package
and loads the compiled index; theirs imports the module and lists codes with descriptions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

DOS = date(2026, 1, 15)
SEED = 20260115
OURS_LOAD = (
    "import time; t=time.perf_counter(); from revcycle.codesets.search.engine import icd10cm_index; "
    "icd10cm_index(); print(time.perf_counter()-t)"
)
OURS_FIRST_SEARCH = (
    "import time; t=time.perf_counter(); from datetime import date; from revcycle.codesets.search import search; "
    "search('type 2 diabetes with neuropathy', date(2026, 1, 15)); print(time.perf_counter()-t)"
)
THEIRS_LOAD = (
    "import time; t=time.perf_counter(); import simple_icd_10_cm as cm; "
    "rows=[(c, cm.get_description(c).lower()) for c in cm.get_all_codes()]; print(time.perf_counter()-t)"
)
SHORTHAND = [
    "htn", "chf", "copd exacerbation", "uti", "uri", "sob", "cp", "n/v", "lbp", "abd pain", "gerd", "ckd stage 3",
    "t2dm w/ ckd", "dm2 with neuropathy", "hx of mi", "afib", "cad", "r/o pneumonia", "fx distal radius",
    "fx hip", "aki", "esrd", "osa", "mdd", "gad", "adhd", "bph", "dvt leg", "pe", "tia", "cva", "ra", "oa knee",
    "dka", "pna", "ha", "etoh abuse", "acetaminophen overdose", "metastatic cancer to liver", "lung ca",
]


def cold_load_seconds(snippet: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", snippet], check=True, capture_output=True, text=True)
        timings.append(float(output.stdout.strip().splitlines()[-1]))
    return statistics.median(timings)


def _typo(text: str, chooser: random.Random) -> str:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 6:
        return text
    cut = chooser.randrange(1, len(word) - 2)
    words[longest] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    return " ".join(words)


def build_queries(count: int) -> list[tuple[str, str | None]]:
    """(query, expected code or None) pairs."""
    from revcycle.codesets.icd10cm import release_for
    from revcycle.codesets.search.engine import icd10cm_index
    from revcycle.codesets.search.text import without_modifiers

    chooser = random.Random(SEED)
    index = icd10cm_index()
    index_entries = [e for e in range(index.size) if index.entry_source(e) == "index" and not index.entry_see(e)]
    release = release_for(DOS)
    titled = [code for code in release.codes() if release.is_billable(code)]
    paths = []
    for entry in chooser.sample(index_entries, count):
        levels = [without_modifiers(level).lower() for level in index.entry_path(entry).split(">")]
        paths.append((" ".join(levels[-3:]), index.entry_code(entry)))
    titles = [(" ".join(release.get(code).title.lower().split()[:5]), code) for code in chooser.sample(titled, count)]
    shorthand = [(text, None) for text in SHORTHAND]
    typos = [(_typo(text, chooser), code) for text, code in paths[: count // 10]]
    mixed = shorthand + typos + titles[: count // 4] + paths
    return mixed[:count]


def simple_scan() -> Callable[[str], list[str]]:
    import simple_icd_10_cm as cm

    rows = [(code, cm.get_description(code).lower()) for code in cm.get_all_codes()]

    def scan(text: str) -> list[str]:
        words = text.lower().split()
        found = [(len(description), code) for code, description in rows if all(w in description for w in words)]
        return [code for _, code in sorted(found)[:10]]

    return scan


def timed(run: Callable[[str], list[str]], queries: list[tuple[str, str | None]]) -> tuple[list[float], float]:
    """Per-query milliseconds, and the share of queries with a known code found in the top 10."""
    timings, found, known = [], 0, 0
    for text, expected in queries:
        start = time.perf_counter()
        codes = run(text)
        timings.append((time.perf_counter() - start) * 1000)
        if expected is not None:
            known += 1
            found += any(code.replace(".", "").startswith(expected.replace(".", "")) for code in codes)
    return timings, found / max(known, 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scan-every", type=int, default=5, help="the slow scan runs every n-th query only")
    args = parser.parse_args()
    from revcycle.codesets.search import search

    queries = build_queries(args.queries)
    ours = lambda text: [hit.code for hit in search(text, DOS, limit=10)]  # noqa: E731
    ours("warm up")
    our_ms, our_found = timed(ours, queries)
    their_ms, their_found = timed(simple_scan(), queries[:: args.scan_every])
    our_load, their_load = cold_load_seconds(OURS_LOAD, args.runs), cold_load_seconds(THEIRS_LOAD, args.runs)
    first_search = cold_load_seconds(OURS_FIRST_SEARCH, args.runs)
    rows = [
        ("cold load, fresh process (s)", our_load, their_load),
        ("search p50 (ms)", percentile(our_ms, 0.50), percentile(their_ms, 0.50)),
        ("search p99 (ms)", percentile(our_ms, 0.99), percentile(their_ms, 0.99)),
        ("search mean (ms)", statistics.fmean(our_ms), statistics.fmean(their_ms)),
        ("known code in top 10 (share)", our_found, their_found),
    ]
    print(f"{len(queries)} queries (the scan: every {args.scan_every}th, {len(their_ms)}), date of service "
          f"{DOS.isoformat()}; first search in a fresh process (imports + index + release): {first_search:.3f} s; "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print("| measure | revcycle search | simple-icd-10-cm scan | ratio (them / us) |")
    print("|---|---:|---:|---:|")
    for name, us, them in rows:
        ratio = "" if name.startswith("known") else f"{them / us:.1f}x"
        print(f"| {name} | {us:.3f} | {them:.3f} | {ratio} |")


if __name__ == "__main__":
    main()
