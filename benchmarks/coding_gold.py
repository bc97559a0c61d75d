"""Primary-care gold set: the coder's desk against 70 office notes coded by hand.

usage: python benchmarks/coding_gold.py [--cases FILE] [--show]

For each case of `tests/fixtures/coding_gold/cases.json`, `coding.suggest(note, dos, payer=...)`
is compared with the gold codes:
- diagnoses: exact-set match (the case's set of ICD-10-CM codes equal) and micro F1 over codes;
  order match (the suggested list equals the gold list, in order) is printed too;
- procedures (lines other than the E/M visit): a line is `code + sorted modifiers + units`;
  exact-set match and micro F1 over lines; first-pointer accuracy over the gold lines found
  (the line's first diagnosis is the gold's first);
- modifier 25: whether the E/M visit takes modifier 25, over the cases that bill an E/M.
`--show` prints every case that differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from revcycle.coding.suggest import suggest

CASES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "coding_gold" / "cases.json"


@dataclass(frozen=True, slots=True)
class Line:
    key: str  # "20610-RT x1"
    pointers: tuple[str, ...]


def gold_line(text: str) -> Line:
    """`CODE[-MOD...] xUNITS > DX[,DX]` -> Line."""
    left, _, right = text.partition(">")
    code_part, units = left.split()
    code, *modifiers = code_part.split("-")
    return Line(
        _key(code, modifiers, int(units.lstrip("x"))), tuple(p.strip() for p in right.split(",") if p.strip())
    )


def _key(code: str, modifiers: list[str] | tuple[str, ...], units: int) -> str:
    return "-".join([code, *sorted(modifiers)]) + f" x{units}"


@dataclass
class Tally:
    hits: int = 0
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    cases: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.hits += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.exact += predicted == gold
        self.cases += 1

    def f1(self) -> float:
        precision = self.hits / self.predicted if self.predicted else 0.0
        recall = self.hits / self.gold if self.gold else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def row(self, name: str) -> str:
        precision = self.hits / self.predicted if self.predicted else 0.0
        recall = self.hits / self.gold if self.gold else 0.0
        return (
            f"{name:<11} exact-set {self.exact}/{self.cases} = {self.exact / self.cases:.3f}   "
            f"P {precision:.3f}  R {recall:.3f}  F1 {self.f1():.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    cases = json.loads(args.cases.read_text(encoding="utf-8"))
    dx, px = Tally(), Tally()
    ordered = pointer_hits = pointer_total = m25_hits = m25_total = 0
    for case in cases:
        found = suggest(case["note"], date.fromisoformat(case["dos"]), payer=case["payer"])
        codes = [d.code for d in found.diagnoses]
        dx.add(set(codes), set(case["dx"]))
        ordered += codes == case["dx"]
        lines = {_key(p.code, p.modifiers, p.units): p.pointers for p in found.procedures}
        gold = [gold_line(text) for text in case["px"]]
        px.add(set(lines), {g.key for g in gold})
        for g in gold:
            if g.key in lines:
                pointer_total += 1
                pointer_hits += bool(lines[g.key]) and lines[g.key][0] == g.pointers[0]
        if case["modifier_25"] is not None:
            m25_total += 1
            m25_hits += found.modifier_25 == case["modifier_25"]
        if args.show and (set(codes) != set(case["dx"]) or set(lines) != {g.key for g in gold}):
            print(
                f"{case['id']}: dx {codes} gold {case['dx']}; px {sorted(lines)} gold {sorted(g.key for g in gold)}"
            )
    print(f"primary-care gold set: {len(cases)} notes")
    print(dx.row("diagnoses"))
    print(f"{'':<11} in gold order {ordered}/{len(cases)} = {ordered / len(cases):.3f}")
    print(px.row("procedures"))
    print(
        f"{'':<11} first pointer right {pointer_hits}/{pointer_total} = {pointer_hits / max(pointer_total, 1):.3f}"
    )
    print(f"modifier 25 decision right {m25_hits}/{m25_total} = {m25_hits / max(m25_total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
