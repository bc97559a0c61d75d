"""Injuries read from their sentence (guideline I.C.19): "nondisplaced fracture of the distal right
radius" is cut by the phrase windows into parts the index reads as other things; a coder reads the
whole injury statement.

`injury_readings(note, coded, release, dos)`: for each sentence naming an injury (fracture, sprain,
laceration, contusion, dislocation, burn...) that no injury code (S, T) already reads, the index's
best reading of the words from the injury word to the end of the clause, when the words say it
(`word_sense.hit_fits`), the side matches, and it can be made billable: the 7th character A (active
treatment), D when the note documents routine healing (`refine`); ConText-negated sentences are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from revcycle.codesets.icd10cm import Icd10Release
from revcycle.codesets.search import search
from revcycle.coding.context import assert_spans
from revcycle.coding.specificity import resolve_billable

INJURY = re.compile(
    r"\b(?:fracture|sprain|strain|laceration|contusion|dislocation|burn|abrasion|puncture wound)s?\b",
    re.IGNORECASE,
)
CLAUSE_END = re.compile(r"[.;,\n]")
READ_SCORE = 0.5
HITS = 8
SIDES = ("right", "left")


def injury_readings(
    note: str, coded: Sequence[tuple[str, int, int]], release: Icd10Release, dos: date
) -> list[tuple[str, str, int, int, str]]:
    """(code, title, start, end, why) for each injury statement no S/T code reads yet; `coded` holds
    (code, start, end) of the diagnoses so far."""
    from revcycle.coding.word_sense import hit_fits

    out: list[tuple[str, str, int, int, str]] = []
    for match in INJURY.finditer(note):
        end_match = CLAUSE_END.search(note, match.end())
        end = end_match.start() if end_match else len(note)
        sentence_start = max(note.rfind(".", 0, match.start()), note.rfind("\n", 0, match.start())) + 1
        if any(code[0] in "ST" and sentence_start <= start <= end for code, start, _ in coded):
            continue
        text = note[match.start() : end]
        side = next((s for s in SIDES if re.search(rf"\b{s}\b", text, re.IGNORECASE)), None)
        for hit in search(text, dos, limit=HITS):
            found = release.get(hit.code)
            title = found.title.lower() if found else ""
            if hit.score < READ_SCORE or hit.code[0] not in "ST" or not hit_fits(hit, text):
                continue
            if side and found is not None and any(s in title for s in SIDES) and side not in title:
                continue
            resolved = resolve_billable(hit.code, release)
            if resolved is None:
                continue
            why = f'injury read from "{text}" (I.C.19.a: 7th character from the episode of care)'
            out.append((resolved.code, resolved.title, match.start(), end, why))
            break
    if not out:
        return []
    assertions = assert_spans(note, [(start, end) for _, _, start, end, _ in out])
    return [item for item, assertion in zip(out, assertions, strict=True)
            if not assertion.negated and not assertion.hypothetical and not assertion.uncertain]  # fmt: skip
