"""Mentions: phrases of the note that the code-set index links to codes, with their context.

Each phrase (see `segments`) is looked up in the ICD-10-CM index of the release in force on the
date of service (`codesets.search`); every hit becomes a `Mention` carrying the phrase span, the
index path that matched, the hit's score and rank, and the ConText assertion of the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from revcycle.codesets.search import SearchHit, search
from revcycle.coding.context import Assertion, assert_spans
from revcycle.coding.segments import Phrase, part_of, phrases, split

HITS_PER_PHRASE = 5
MIN_SCORE = 0.3
PART_WORDS = 4  # the longest part tried
GOOD_PART = 0.8  # a part whose best hit scores this much is taken as a mention
_POISONING = re.compile(
    r"poison|overdos|toxic|intoxicat|ingest|adverse|side effect|reaction|allerg|underdos|took too much|"
    r"accidental|intentional|suicid|self-harm|envenom|exposure",
    re.IGNORECASE,
)
_NEOPLASM = re.compile(
    r"neoplas|tumou?r|cancer|carcinom|malignan|metasta|lymphoma|leuk|sarcom|melanom|myelom|mass|"
    r"lesion|nodul|polyp|cyst|adenom|glioma|blastoma|growth|onco|\bca\b",
    re.IGNORECASE,
)
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
    look = _searcher(dos)
    for phrase in phrases(note):
        hits = look(phrase.lookup)
        if not hits or hits[0].score < SPLIT_BELOW:
            for part, part_hits in _parts(note, phrase, look):
                found += [(part, rank, hit) for rank, hit in enumerate(part_hits) if hit.score >= MIN_SCORE]
        found += [(phrase, rank, hit) for rank, hit in enumerate(hits) if hit.score >= MIN_SCORE]
    found = [(phrase, rank, hit) for phrase, rank, hit in found if _table_fits(note, phrase, hit)]
    spans = sorted({(phrase.start, phrase.end) for phrase, _, _ in found})
    assertions = dict(zip(spans, assert_spans(note, spans), strict=True)) if with_context else {}
    return [
        Mention(hit.code, phrase, hit, rank, assertions.get((phrase.start, phrase.end), Assertion()))
        for phrase, rank, hit in found
    ]


def _parts(
    note: str, phrase: Phrase, look: Callable[[str], list[SearchHit]]
) -> list[tuple[Phrase, list[SearchHit]]]:
    """A poorly matched phrase read left to right as the longest parts the index knows well
    ("Common warts on both hands" -> "Common warts"; "Hypothyroidism on levothyroxine" ->
    "Hypothyroidism"), or as overlapping windows when no part matches well."""
    tokens, found, at = list(phrase.tokens), [], 0
    while len(tokens) > 1 and at < len(tokens):
        shortest = 1 if at == 0 else 2  # a lone word only where the phrase starts ("Hypothyroidism on ...")
        for length in range(min(len(tokens) - at, PART_WORDS), shortest - 1, -1):
            part = part_of(note, tokens[at : at + length])
            hits = look(part.lookup) if part is not None and part.tokens != phrase.tokens else []
            if hits and hits[0].score >= GOOD_PART:
                found.append((part, hits))
                at += length
                break
        else:
            at += 1
    return found or [(part, look(part.lookup)) for part in split(note, phrase)]


def _table_fits(note: str, phrase: Phrase, hit: SearchHit) -> bool:
    """Drug-table hits need poisoning words in the sentence, Neoplasm-table hits a neoplasm word in
    the phrase ("hands" is not a neoplasm of the hand)."""
    if hit.source == "drug":
        return _poisoning_words(note, phrase)
    if hit.source == "neoplasm":
        return bool(_NEOPLASM.search(phrase.text))
    return True


def _poisoning_words(note: str, phrase: Phrase) -> bool:
    """Whether the sentence of a Drug-table mention speaks of poisoning or an adverse effect: a drug
    the patient simply takes ("stable on lisinopril") is not a T36-T50 code."""
    start = max(note.rfind(".", 0, phrase.start), note.rfind("\n", 0, phrase.start)) + 1
    end = min(
        (at for at in (note.find(".", phrase.end), note.find("\n", phrase.end)) if at >= 0), default=len(note)
    )
    return bool(_POISONING.search(note, start, end))


def _searcher(dos: date) -> Callable[[str], list[SearchHit]]:
    """The index search for one note: words met again (a repeated phrase, a part tried for several
    phrases) are looked up once (about a fifth of a note's searches)."""
    done: dict[str, list[SearchHit]] = {}

    def look(text: str) -> list[SearchHit]:
        if text not in done:
            done[text] = search(text, dos, limit=HITS_PER_PHRASE)
        return done[text]

    return look


_NUMBERED_WORD = re.compile(r"\b(?:stage|type|grade|class|degree)$", re.IGNORECASE)
_NUMBER_AFTER = re.compile(r"\s+(\d{1,2}[a-z]?|[ivx]{1,4})\b", re.IGNORECASE)


def numbered_mentions(note: str, dos: date, mentions: list[Mention]) -> list[Mention]:
    """Phrases cut before the number that says which one ("chronic kidney disease stage" + "4"),
    read again with it (the suggestions only; the ranker's mentions stay as trained)."""
    look = _searcher(dos)
    out: list[Mention] = []
    done: set[tuple[int, int]] = set()
    for mention in mentions:
        phrase = mention.phrase
        number = _NUMBER_AFTER.match(note, phrase.end)
        if (phrase.start, phrase.end) in done or number is None or not _NUMBERED_WORD.search(phrase.text):
            continue
        done.add((phrase.start, phrase.end))
        end = number.end()
        longer = Phrase(
            phrase.start,
            end,
            note[phrase.start : end],
            f"{phrase.lookup} {number.group(1)}",
            (*phrase.tokens, (number.start(1), end)),
        )
        hits = [hit for hit in look(longer.lookup) if hit.score >= MIN_SCORE]
        out += [Mention(hit.code, longer, hit, rank, mention.assertion) for rank, hit in enumerate(hits)]
    return out


HEAD_WORD_LETTERS = 5
_CHANGES_THE_HEAD = re.compile(
    r"\b(?:former|ex|history|past|prior|previous|old|resolved|remote|status|no|without|not|negative|rule|"
    r"possible|probable|suspected|family|screening)\b",
    re.IGNORECASE,
)


def head_word_mentions(note: str, dos: date, mentions: list[Mention]) -> list[Mention]:
    """A phrase the index reads poorly ("Community acquired pneumonia") read again from its last word,
    the head of an English noun phrase ("pneumonia"), when that word alone is an index term and no
    word of the phrase changes what the head means ("former smoker", "history of ...", "possible ...");
    the suggestions only (the ranker's mentions stay as trained)."""
    best: dict[tuple[int, int], float] = {}
    for mention in mentions:
        span = (mention.phrase.start, mention.phrase.end)
        best[span] = max(best.get(span, 0.0), mention.hit.score)
    look = _searcher(dos)
    found: list[tuple[Phrase, int, SearchHit]] = []
    for phrase in phrases(note):
        if best.get((phrase.start, phrase.end), 0.0) >= SPLIT_BELOW or len(phrase.tokens) < 2:
            continue
        if _CHANGES_THE_HEAD.search(phrase.text):
            continue  # "former smoker" is not "smoker"
        start, end = phrase.tokens[-1]
        if end - start < HEAD_WORD_LETTERS or any(s <= start and end <= e for s, e in best):
            continue
        head = part_of(note, phrase.tokens[-1:])
        hits = look(head.lookup) if head is not None else []
        if hits and hits[0].score >= GOOD_PART and _table_fits(note, head, hits[0]):
            found.append((head, 0, hits[0]))
    spans = [(phrase.start, phrase.end) for phrase, _, _ in found]
    assertions = assert_spans(note, spans) if spans else []
    return [Mention(hit.code, phrase, hit, rank, assertion)
            for (phrase, rank, hit), assertion in zip(found, assertions, strict=True)]  # fmt: skip
