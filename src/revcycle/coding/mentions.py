"""Mentions: phrases of the note that the code-set index links to codes, with their context.

Each phrase (see `segments`) is looked up in the ICD-10-CM index of the release in force on the
date of service (`codesets.search`); every hit becomes a `Mention` carrying the phrase span, the
index path that matched, the hit's score and rank, and the ConText assertion of the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.codesets.search import SearchHit, search
from revcycle.coding.context import Assertion, assert_spans
from revcycle.coding.segments import Phrase, phrases, split

HITS_PER_PHRASE = 5
MIN_SCORE = 0.3
SPLIT_BELOW = 0.5  # a phrase whose best hit scores less is also looked up in parts


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    phrase: Phrase
    hit: SearchHit
    rank: int  # 0 = the phrase's best hit
    assertion: Assertion


def find_mentions(note: str, dos: date, with_context: bool = True) -> list[Mention]:
    """Every index hit of every phrase of the note (score >= MIN_SCORE), with the phrase's context."""
    found: list[tuple[Phrase, int, SearchHit]] = []
    for phrase in phrases(note):
        hits = _search(phrase.lookup, dos)
        if not hits or hits[0].score < SPLIT_BELOW:
            for part in split(note, phrase):
                found += [
                    (part, rank, hit)
                    for rank, hit in enumerate(_search(part.lookup, dos))
                    if hit.score >= MIN_SCORE
                ]
        found += [(phrase, rank, hit) for rank, hit in enumerate(hits) if hit.score >= MIN_SCORE]
    spans = sorted({(phrase.start, phrase.end) for phrase, _, _ in found})
    assertions = dict(zip(spans, assert_spans(note, spans), strict=True)) if with_context else {}
    return [
        Mention(hit.code, phrase, hit, rank, assertions.get((phrase.start, phrase.end), Assertion()))
        for phrase, rank, hit in found
    ]


def _search(text: str, dos: date) -> list[SearchHit]:
    return search(text, dos, limit=HITS_PER_PHRASE)
