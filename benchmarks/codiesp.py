"""CodiEsp-D dev benchmark: the learned ranker (trained on train only) scored with the official metric.

usage: python benchmarks/codiesp.py [--corpus DIR] [--billable] [--dos YYYY-MM-DD] [--limit N]

Ranks every English dev case (`dev/text_files_en/*.txt`), writes the CodiEsp submission file,
runs the shared official scorer (`../shared/tools/codiesp_map.py GOLD PRED`: MAP over each
case's ranked codes) and prints MAP, precision/recall/F1 of the top-k (the k=1 row's precision
is P@1, the k=10 row's recall R@10), the errors per ICD-10-CM chapter (first letter) and the
per-note latency.
`--billable` scores what `revcycle coding suggest` offers instead (codes billable on the DOS,
context rules applied), which is stricter than CodiEsp's label space.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from revcycle.coding.batch import rank_directory, write_predictions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def gold_codes(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].strip():
            gold[parts[0]].add(parts[1].strip().lower())
    return gold


def top_k(gold: dict[str, set[str]], predicted: dict[str, list[str]], k: int) -> tuple[float, float, float]:
    hits = shown = 0
    for case, codes in gold.items():
        ranked = [c.lower() for c in predicted.get(case, [])[:k]]
        hits += sum(c in codes for c in ranked)
        shown += len(ranked)
    total = sum(len(codes) for codes in gold.values())
    precision = hits / shown if shown else 0.0
    recall = hits / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def per_chapter(gold: dict[str, set[str]], predicted: dict[str, list[str]]) -> list[tuple[str, int, int, int, int]]:
    """(chapter letter, gold codes, found in the top 10, missed by the top 30, wrong codes in the top 10)."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case, codes in gold.items():
        ranked = [c.lower() for c in predicted.get(case, [])]
        for code in codes:
            row = rows[code[:1].upper()]
            row[0] += 1
            row[1] += code in ranked[:10]
            row[2] += code not in ranked[:30]
        for code in ranked[:10]:
            rows[code[:1].upper()][3] += code not in codes
    return [(letter, *rows[letter]) for letter in sorted(rows)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "codiesp")
    parser.add_argument("--billable", action="store_true")
    parser.add_argument("--dos", default="2025-06-01")
    args = parser.parse_args()
    gold_file = args.corpus / "dev" / "devD.tsv"
    with tempfile.TemporaryDirectory() as scratch:
        predictions = Path(scratch) / "devD_pred.tsv"
        cases = write_predictions(
            rank_directory(args.corpus / "dev" / "text_files_en", date.fromisoformat(args.dos), args.billable),
            predictions,
        )
        official = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "codiesp_map.py"), str(gold_file), str(predictions)],
            capture_output=True, text=True, check=True,
        ).stdout
    predicted = {case.case_id: case.codes for case in cases}
    gold = gold_codes(gold_file)
    seconds = sorted(case.seconds for case in cases)
    mode = "billable on DOS (suggest)" if args.billable else "CodiEsp label space"
    print(f"CodiEsp-D dev, {len(cases)} cases, {mode}")
    print(official.strip())
    print(f"{'k':>4} {'precision':>9} {'recall':>7} {'F1':>6}")
    for k in (1, 5, 10, 30):
        precision, recall, f1 = top_k(gold, predicted, k)
        print(f"{k:>4} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}")
    print(f"{'chapter':>7} {'gold':>5} {'top10':>5} {'R@10':>5} {'missed@30':>9} {'wrong in top10':>14}")
    for letter, total, found, missed, wrong in per_chapter(gold, predicted):
        recall = found / total if total else 0.0
        print(f"{letter:>7} {total:>5} {found:>5} {recall:>5.2f} {missed:>9} {wrong:>14}")
    p50, p99 = seconds[len(seconds) // 2], seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))]
    print(f"latency per note: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
