"""A query as a coder types it -> word slots the scorer can match.

Abbreviations are expanded first ("fx" -> fracture, "t2dm" -> diabetes type 2), then the
text gets the index's own normalisation (`text.words`). Each remaining word becomes one slot:

- exact: the word is an index word (plus its synonyms from `abbreviations.SYNONYMS`:
  "cancer" also matches malignant);
- synonym: it is not, but a synonym is;
- prefix: it is not, but index words start with it (a word still being typed, "neurop");
- fuzzy: neither, but index words lie one edit away (two for words of 7+ letters), e.g.
  "pnuemonia" -> pneumonia (a transposition counts as one edit); a word of 5+ letters that
  is both a prefix and one edit from a word keeps both readings ("sparin": Sparine the drug,
  sprain the injury), the other typed words decide;
- otherwise the word is ignored (reported by `explain`).
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.codesets.search.abbreviations import SYNONYMS, expand
from revcycle.codesets.search.index import SearchIndex, Slot
from revcycle.codesets.search.text import NEGATED_MARK, marked_words, stem

STEMMED_SYNONYMS = {stem(word): tuple(stem(synonym) for synonym in synonyms) for word, synonyms in SYNONYMS.items()}

PREFIX_FACTOR = 0.9
FUZZY_FACTOR = {1: 0.85, 2: 0.7}
MIN_PREFIX_LENGTH = 3
MIN_FUZZY_WITH_PREFIX = 5  # from this length a word with completions is also tried as a typo


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    slots: tuple[Slot, ...]
    ignored: tuple[str, ...]


def _synonym_ids(word: str, index: SearchIndex) -> tuple[int, ...]:
    return tuple(index.word_ids[synonym] for synonym in STEMMED_SYNONYMS.get(word, ()) if synonym in index.word_ids)


def _slot(word: str, index: SearchIndex) -> Slot | None:
    word_id = index.word_ids.get(word)
    synonyms = _synonym_ids(word, index)
    if word_id is not None:
        return Slot(word, (word_id, *synonyms), "exact", float(index.idf[word_id]))
    if synonyms:
        return Slot(word, synonyms, "synonym", min(float(index.idf[synonym]) for synonym in synonyms))
    if word.startswith(NEGATED_MARK):
        return None
    completions = index.completions(word) if len(word) >= MIN_PREFIX_LENGTH and not word.isdecimal() else []
    if completions and len(word) < MIN_FUZZY_WITH_PREFIX:
        return Slot(word, tuple(completions), "prefix", PREFIX_FACTOR * float(index.idf[completions[0]]))
    near = index.near(word)
    if not near:
        if completions:
            return Slot(word, tuple(completions), "prefix", PREFIX_FACTOR * float(index.idf[completions[0]]))
        return None
    closest = min(distance for _, distance in near)
    fuzzy = tuple(word_id for word_id, distance in near if distance == closest)
    word_ids = tuple(dict.fromkeys((*fuzzy, *completions)))
    weight = FUZZY_FACTOR[closest] * min(float(index.idf[word_id]) for word_id in word_ids)
    return Slot(word, word_ids, "fuzzy" if not completions else "fuzzy+prefix", weight)


def parse_query(text: str, index: SearchIndex) -> ParsedQuery:
    slots: list[Slot] = []
    ignored: list[str] = []
    for word in dict.fromkeys(marked_words(expand(text))):
        slot = _slot(word, index)
        if slot is None:
            ignored.append(word)
        else:
            slots.append(slot)
    return ParsedQuery(tuple(slots), tuple(ignored))


def explain(parsed: ParsedQuery, index: SearchIndex) -> list[str]:
    """One line per typed word: how it was matched (for `--json` and debugging)."""
    lines = []
    for slot in parsed.slots:
        matched = ", ".join(index.vocabulary[word_id] for word_id in slot.word_ids[:6])
        lines.append(f"{slot.typed}: {slot.kind} -> {matched}")
    lines.extend(f"{word}: ignored (not in the index)" for word in parsed.ignored)
    return lines
