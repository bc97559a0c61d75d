"""From the ranked readings of a note to the code set a certified coder reports.

`assemble(note, out, release)` works on `Suggestions` after the ranker and before the procedures:
0. `injuries`: an injury statement no S/T code reads yet is read whole from its sentence;
   `refine`: an unspecified site, side or episode made as specific as the clause documents;
1. specificity: an unspecified code gives way to a code of its category read from overlapping
   words ("stage 3a chronic kidney disease": N18.31, not also N18.9), I.B.? "code to the highest
   specificity documented" (I.B.2-3 of the conventions);
2. guidelines (`guidelines.revise`): presumed "with" links, hypertension with heart/kidney disease,
   combination codes, symptoms integral to a definitive diagnosis — each change explained;
3. status codes documented in the note (`status_codes`): Z79.- long-term drug therapy, Z87.891,
   Z99.2 (I.C.21.c.3);
4. sequencing: in the order the note gives the problems; a code the Tabular says to "use additional
   code" for comes right after the code that asks for it; hypertensive heart/kidney disease (I11-I13)
   leads its linked codes (the stage and heart-failure codes follow it, I.C.9.a); the encounter's reason
   (Z00 examination, Z11 screening, Z32 pregnancy test) first, status Z codes last.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from revcycle.codesets.code_refs import reference_contains
from revcycle.codesets.icd10cm import Icd10Release
from revcycle.codesets.search import search
from revcycle.coding.guidelines import Revision, apply, revise
from revcycle.coding.injuries import injury_readings
from revcycle.coding.refine import clause_of, refine
from revcycle.coding.status_codes import status_codes
from revcycle.coding.word_sense import hit_fits

if TYPE_CHECKING:
    from revcycle.coding.suggest import CodeSuggestion, Suggestions

ENCOUNTER_FIRST = ("Z00", "Z01", "Z02", "Z11", "Z12", "Z13", "Z32")
STATUS_LAST = ("Z79", "Z87", "Z99", "Z91", "Z92", "Z86", "Z85", "Z80", "Z81", "Z82", "Z83", "Z84")
HYPERTENSIVE = ("I11", "I12", "I13")
PAIR_HITS = 10
INJURY_CONFIDENCE = 0.7


def assemble(note: str, out: Suggestions, release: Icd10Release) -> None:
    from revcycle.coding.suggest import CodeSuggestion, Evidence, SetAside

    coded = [(d.code, e.start, e.end) for d in out.diagnoses for e in d.evidence]
    out.diagnoses = out.diagnoses + [
        CodeSuggestion(code, title, INJURY_CONFIDENCE, (Evidence(start, end, note[start:end]),), (why,))
        for code, title, start, end, why in injury_readings(note, coded, release, out.dos)
    ]
    diagnoses = _refined(note, out, release, CodeSuggestion)
    diagnoses = _specific_over_unspecified(diagnoses, release, out, SetAside)
    diagnoses += [
        CodeSuggestion(code, title, 0.9, (Evidence(start, end, note[start:end]),), (why,))
        for code, title, start, end, why in status_codes(note, [d.code for d in diagnoses], release)
    ]
    diagnoses += _completed_pairs(note, diagnoses, release, out.dos, CodeSuggestion)
    by_code = {d.code: d for d in diagnoses}
    revisions = revise(list(by_code), release)
    for revision in revisions:
        _revise(revision, by_code, release, out, CodeSuggestion, SetAside)
    codes = apply(list(by_code), revisions)
    out.diagnoses = [by_code[c] for c in _sequenced(codes, by_code, release) if c in by_code]


def _refined(note: str, out: Suggestions, release: Icd10Release, suggestion: type) -> list[CodeSuggestion]:
    kept: dict[str, CodeSuggestion] = {}
    for d in out.diagnoses:
        refined = refine(note, d, release, out.dos)
        if refined is not None:
            code, why = refined
            found = release.get(code)
            d = suggestion(
                code, found.title if found else d.title, d.confidence, d.evidence, (*d.why, why), d.prompts
            )
        if d.code not in kept:
            kept[d.code] = d
    return list(kept.values())


def _completed_pairs(
    note: str, diagnoses: list[CodeSuggestion], release: Icd10Release, dos: date, suggestion: type
) -> list[CodeSuggestion]:
    """The "use additional code" a code's own or category's note asks for, when its clause documents
    it (I12.9 in "hypertension with chronic kidney disease stage 2" -> N18.2)."""
    codes = [d.code for d in diagnoses]
    added: list[CodeSuggestion] = []
    for d in diagnoses:
        refs = _additional_refs(d.code, release)
        if not refs or any(
            reference_contains(ref, c) for ref in refs for c in codes + [a.code for a in added]
        ):
            continue
        clause = clause_of(note, d)
        for hit in search(clause, dos, limit=PAIR_HITS):
            found = release.get(hit.code)
            if (
                found is None
                or not found.billable
                or not any(reference_contains(ref, hit.code) for ref in refs)
            ):
                continue
            if hit_fits(hit, clause):
                why = f"{d.code}: use additional code {hit.code}, which the clause documents (Tabular note)"
                added.append(suggestion(hit.code, found.title, d.confidence, d.evidence, (why,)))
                break
    return added


def _additional_refs(code: str, release: Icd10Release) -> list[str]:
    refs: list[str] = []
    for note in release.notes(code):
        origin = note.inherited_from or code
        if note.kind == "useAdditionalCode" and not origin.startswith("Chapter") and "-" not in origin:
            refs += note.codes_referenced
    return refs


def _specific_over_unspecified(
    diagnoses: Sequence[CodeSuggestion], release: Icd10Release, out: Suggestions, set_aside: type
) -> list[CodeSuggestion]:
    kept = []
    for d in diagnoses:
        found = release.get(d.code)
        spans = [(e.start, e.end) for e in d.evidence]
        specific = next(
            (o for o in diagnoses if o.code != d.code and o.code[:3] == d.code[:3] and _overlap(spans, o)),
            None,
        )
        if (
            found is not None
            and "unspecified" in found.title.lower()
            and specific is not None
            and (
                "unspecified"
                not in (release.get(specific.code).title.lower() if release.get(specific.code) else "")
            )
        ):
            out.set_aside.append(
                set_aside(
                    d.code,
                    f"{specific.code} is the specific code the same words document "
                    "(code to the highest specificity, I.B.2)",
                    d.evidence,
                )
            )
            continue
        kept.append(d)
    return kept


def _overlap(spans: list[tuple[int, int]], other: CodeSuggestion) -> bool:
    return any(s < e.end and e.start < t for s, t in spans for e in other.evidence)


def _revise(
    revision: Revision,
    by_code: dict[str, CodeSuggestion],
    release: Icd10Release,
    out: Suggestions,
    suggestion: type,
    set_aside: type,
) -> None:
    sources = [by_code[c] for c in (*revision.old, *revision.keep) if c in by_code]
    evidence = tuple(sorted({e for s in sources for e in s.evidence}, key=lambda e: (e.start, e.end)))
    confidence = max((by_code[c].confidence for c in revision.old if c in by_code), default=0.5)
    for code in revision.new:
        found = release.get(code)
        if found is None or code in by_code:
            continue
        by_code[code] = suggestion(code, found.title, confidence, evidence, (revision.fix(),))
    for code in revision.old:
        if code in by_code and code not in revision.new:
            out.set_aside.append(set_aside(code, revision.fix(), by_code[code].evidence))


def _sequenced(codes: list[str], by_code: dict[str, CodeSuggestion], release: Icd10Release) -> list[str]:
    """Note order, then each code's "use additional code" codes right after it, status codes last."""

    def first_seen(code: str) -> int:
        return min((e.start for e in by_code[code].evidence), default=10**9) if code in by_code else 10**9

    ordered = sorted(codes, key=first_seen)
    ordered = _hypertensive_first(ordered)
    out: list[str] = []
    for code in ordered:
        if code in out:
            continue
        out.append(code)
        out += [o for o in ordered if o not in out and o != code and _asks_for(code, o, release)]
    status = [c for c in out if c.startswith(STATUS_LAST)]
    encounter = [c for c in out if c.startswith(ENCOUNTER_FIRST)]
    return encounter + [c for c in out if c not in status and c not in encounter] + status


def _hypertensive_first(ordered: list[str]) -> list[str]:
    """I11-I13 moves ahead of the linked codes (N18, I50, the diabetes code sharing the stage code)."""
    hypertensive = [c for c in ordered if c.startswith(HYPERTENSIVE)]
    if not hypertensive:
        return ordered
    linked = [
        c for c in ordered if c.startswith(("N18", "I50")) or (c.startswith("E1") and c.endswith(".22"))
    ]
    if not linked:
        return ordered
    at = min(ordered.index(c) for c in (*hypertensive, *linked))
    rest = [c for c in ordered if c not in hypertensive]
    return rest[:at] + hypertensive + rest[at:]


def _asks_for(code: str, other: str, release: Icd10Release) -> bool:
    """Whether `code`'s own or category's "use additional code" note names `other`."""
    for note in release.notes(code):
        origin = note.inherited_from or code
        if note.kind != "useAdditionalCode" or origin.startswith("Chapter") or "-" in origin:
            continue
        if any(reference_contains(ref, other) for ref in note.codes_referenced):
            return True
    return False
