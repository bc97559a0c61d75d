"""Rank a directory of notes: the CodiEsp submission format (`case_id<TAB>code`, best first).

Two label spaces:
- `billable=False` (default, the CodiEsp benchmark): the case-report ranker's codes
  (`data/ranker_case_reports.npz`: all features, with the logistic classifier and the phrase
  statistics) as professional coders assigned them in the training cases, dotted; a few are headers in the current release (R51,
  M54.5): CodiEsp was coded with the 2018 Spanish edition and its gold keeps them.
- `billable=True`: what `suggest` would offer, every code valid and billable on `dos` (headers
  resolved to a billable descendant, 7th characters added), context rules applied.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from revcycle.coding.mentions import find_mentions
from revcycle.coding.ranker import CASE_REPORT_MODEL, load_ranker
from revcycle.coding.suggest import suggest
from revcycle.kernel import ErrorCode, RevcycleError

MAX_PER_CASE = 30


@dataclass(frozen=True, slots=True)
class RankedCase:
    case_id: str
    codes: list[str]
    seconds: float


def rank_note(note: str, dos: date, billable: bool = False, limit: int = MAX_PER_CASE) -> list[str]:
    if billable:
        return [d.code for d in suggest(note, dos, limit=limit).diagnoses][:limit]
    ranked = load_ranker(CASE_REPORT_MODEL).rank(note, find_mentions(note, dos))
    return [candidate.code for candidate, _ in ranked[:limit]]


def rank_directory(folder: Path, dos: date, billable: bool = False) -> Iterator[RankedCase]:
    """Each `*.txt` of `folder` in name order, ranked."""
    if not folder.is_dir():
        raise RevcycleError(ErrorCode.NOT_FOUND, f"not a directory: {folder}")
    for path in sorted(folder.glob("*.txt")):
        started = time.perf_counter()
        codes = rank_note(path.read_text(encoding="utf-8"), dos, billable)
        yield RankedCase(path.stem, codes, time.perf_counter() - started)


def write_predictions(cases: Iterator[RankedCase], out: Path) -> list[RankedCase]:
    done = []
    with out.open("w", encoding="utf-8") as handle:
        for case in cases:
            handle.writelines(f"{case.case_id}\t{code}\n" for code in case.codes)
            done.append(case)
    return done
