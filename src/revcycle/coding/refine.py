"""Make an unspecified reading as specific as the note's own sentence is (guideline I.B.2-3, I.C.19.a).

`refine(note, suggestion, release, dos) -> (code, why) | None`, for one diagnosis:
- site: a code "of unspecified site" (M19.90) is re-read from the whole clause its words stand in
  ("osteoarthritis of the right knee"): the index's best reading of the clause in the same block
  of the Tabular (M17.11), when it is more specific;
- laterality: a code for an unspecified side (H61.20 "Impacted cerumen, unspecified ear") becomes its
  sibling for the side the clause names (right, left, both/bilateral -> H61.23);
- episode of care: a 7th character A (assumed) becomes D when the note documents routine care during
  healing (follow-up of the injury, healing, cast removed), I.C.19.a.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from revcycle.codesets.icd10cm import Icd10Release
from revcycle.codesets.search import search
from revcycle.coding.word_sense import said_words, title_said

if TYPE_CHECKING:
    from revcycle.coding.suggest import CodeSuggestion

CLAUSE_END = re.compile(r"[.;\n]")
SIDES = (
    ("bilateral", re.compile(r"\b(?:both|bilateral|bilaterally)\b", re.IGNORECASE)),
    ("right", re.compile(r"\bright\b", re.IGNORECASE)),
    ("left", re.compile(r"\bleft\b", re.IGNORECASE)),
)
HEALING = re.compile(
    r"\bfollow[- ]?up of (?:the |a |his |her )?(?:\w+ ){0,4}(?:sprain|fracture|strain|laceration|injury|burn|contusion)"
    r"|\b(?:routine healing|healing well|cast removed|is healing|subsequent encounter)\b",
    re.IGNORECASE,
)
READ_HITS = 10


def refine(note: str, suggestion: CodeSuggestion, release: Icd10Release, dos: date) -> tuple[str, str] | None:
    found = release.get(suggestion.code)
    if found is None or not suggestion.evidence:
        return None
    clause = clause_of(note, suggestion)
    code, why = suggestion.code, ""
    if "unspecified" in found.title.lower():
        reread = _reread(clause, code, release, dos)
        if reread:
            code, why = (
                reread,
                f'"{clause.strip()}" read whole: {reread} (code to the highest specificity documented, I.B.2)',
            )
    sided = _sided(code, clause, release)
    if sided:
        code, why = sided, f"the side the note names: {sided} (laterality, I.B.13)"
    healed = _episode(code, note, release)
    if healed:
        code, why = healed, f"{healed}: routine care during healing is the subsequent encounter D (I.C.19.a)"
    return (code, why) if code != suggestion.code else None


def clause_of(note: str, suggestion: CodeSuggestion) -> str:
    start = min(e.start for e in suggestion.evidence)
    end = max(e.end for e in suggestion.evidence)
    before = max((m.end() for m in CLAUSE_END.finditer(note, 0, start)), default=0)
    after = CLAUSE_END.search(note, end)
    return note[before : after.start() if after else len(note)]


def _unspecified_count(title: str) -> int:
    return title.lower().count("unspecified")


def _reread(clause: str, code: str, release: Icd10Release, dos: date) -> str | None:
    found = release.get(code)
    if found is None:
        return None
    words = said_words(clause)
    for hit in search(clause, dos, limit=READ_HITS):
        other = release.get(hit.code)
        if other is None or not other.billable or other.code == code or other.block != found.block:
            continue
        if _unspecified_count(other.title) < _unspecified_count(found.title) and title_said(
            other.title, words
        ):
            return other.code
    return None


def _sided(code: str, clause: str, release: Icd10Release) -> str | None:
    found = release.get(code)
    if found is None or found.parent is None or "unspecified" not in found.title.lower():
        return None
    side = next((name for name, pattern in SIDES if pattern.search(clause)), None)
    if side is None or (side != "bilateral" and all(p.search(clause) for n, p in SIDES[1:])):
        return None
    siblings = [release.get(c) for c in release.billable_descendants(code[:3])]
    base = set(found.title.lower().replace("unspecified", "").replace(",", " ").split())
    best = None
    for sibling in siblings:
        if sibling is None or not sibling.billable or side not in sibling.title.lower():
            continue
        if side != "bilateral" and "bilateral" in sibling.title.lower():
            continue
        overlap = len(base & set(sibling.title.lower().replace(",", " ").split()))
        if best is None or overlap > best[0]:
            best = (overlap, sibling.code)
    return best[1] if best else None


def _episode(code: str, note: str, release: Icd10Release) -> str | None:
    if len(code.replace(".", "")) != 7 or not code.endswith("A") or not HEALING.search(note):
        return None
    subsequent = release.get(code[:-1] + "D")
    return subsequent.code if subsequent is not None and subsequent.billable else None
