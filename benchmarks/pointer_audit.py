"""Demo pointer audit: is each 837P line's first diagnosis the reason the note gives for it?

usage: python benchmarks/pointer_audit.py [--encounters N] [--seed S] [--lines 100] [--out DIR]

Runs the demo cycle on a fresh SQLite database (`demo.cycle.run_cycle`), reads the 837P files it
sent (`x12/*837*`), and for the first `--lines` service lines other than the E/M visit checks the
first pointer against the note's own evidence: the note holds the words of the problems the visit
addressed (`demo.notes.PROBLEMS`, phrasing and plan); the line's reason is the problem whose words
are in the note and whose services include the line's code. The first diagnosis is right when it is
that problem's condition as coded (its provisional code, or a code of the same ICD-10-CM category or
Tabular block: M17.9 -> M17.11, N39.0 -> N30.00); a vaccine's lines need Z23.
Prints the share right and every line that is not.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from datetime import date
from pathlib import Path

from rich.console import Console
from sqlalchemy import create_engine

from revcycle.codesets.code_refs import dotted
from revcycle.codesets.icd10cm import release_for
from revcycle.demo.cycle import run_cycle
from revcycle.demo.notes import PROBLEMS, Problem
from revcycle.store import UnitOfWork
from revcycle.x12 import read_x12
from revcycle.x12.guides.x837p.model import ClaimBatch


def _problems_in(note: str) -> list[Problem]:
    return [p for p in PROBLEMS if any(text in note for text in (*p.phrasings, *p.plans))]


def _same_condition(coded: str, provisional: str, dos: date) -> bool:
    if coded == provisional or coded[:3] == provisional[:3]:
        return True
    release = release_for(dos)
    a, b = release.get(coded), release.get(provisional)
    return a is not None and b is not None and a.block == b.block


def audit(out: Path, lines: int) -> tuple[int, int, list[str]]:
    summary = run_cycle(out, encounters=ARGS.encounters, seed=ARGS.seed, console=Console(file=io.StringIO()))
    engine = create_engine(summary["database_url"])
    checked = right = 0
    wrong: list[str] = []
    for path in sorted((out / "x12").glob("*837*")):
        for transaction in read_x12(path.read_text(encoding="utf-8")).transactions:
            if not isinstance(transaction.model, ClaimBatch):
                continue
            for claim in transaction.model.claims:
                with UnitOfWork(engine) as uow:
                    stored = uow.claims.by_numbers([claim.claim_id]).get(claim.claim_id)
                    if stored is None or stored.encounter_id is None:
                        continue
                    encounter = uow.encounters.get(stored.encounter_id)
                note, dos = encounter.note_text, encounter.date_of_service
                for line in claim.service_lines:
                    if line.procedure.startswith("99") or checked >= lines:
                        continue
                    first = dotted(claim.diagnoses[line.diagnosis_pointers[0] - 1])
                    reasons = [p.superbill_code for p in _problems_in(note) if line.procedure in dict(p.services)]
                    checked += 1
                    if any(_same_condition(first, reason, dos) for reason in reasons):
                        right += 1
                    else:
                        wrong.append(f"{claim.claim_id} {line.procedure} -> {first}; the note's reason: "
                                     f"{', '.join(reasons) or 'none found'}")  # fmt: skip
    return checked, right, wrong


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        out = ARGS.out or Path(scratch)
        checked, right, wrong = audit(out, ARGS.lines)
    print(f"837P lines audited: {checked}; first pointer is the note's reason: {right} ({100 * right / max(checked, 1):.1f} %)")
    for text in wrong:
        print(f"  not the reason: {text}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--encounters", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    ARGS = parser.parse_args()
    sys.exit(main())
