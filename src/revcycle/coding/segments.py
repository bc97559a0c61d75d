"""Cut a note into short phrases with their character offsets (the unit a code is looked up by).

A note is split at sentence and clause punctuation and at a few clause words ("and", "or",
"but", "which", "after"); filler words (quantities, time, relatives, reporting verbs) are
trimmed from the ends of a phrase and left out of windows; a phrase of more than `MAX_WORDS` words is covered by overlapping windows of
`WINDOW` words. Every phrase keeps `(start, end)` offsets into the original note, so that each
suggestion can show the exact evidence it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 6
WINDOW = 4
STRIDE = 2

_BREAK = re.compile(
    r"[.;:,()\[\]\n\r\t!?]|\b(?:and|or|but|which|who|that|then|while|although|after|since|because|when|where)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s\"']+")
# words that say nothing an index term says: time, quantities, relatives, reporting verbs. They
# are left out of the phrase looked up (ConText still reads them in the note).
FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "this",
        "these",
        "patient",
        "pt",
        "mr",
        "mrs",
        "ms",
        "had",
        "has",
        "have",
        "having",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "presents",
        "presented",
        "presenting",
        "shows",
        "showed",
        "revealed",
        "reveals",
        "noted",
        "notes",
        "seen",
        "reports",
        "reported",
        "complains",
        "complained",
        "states",
        "stated",
        "denies",
        "denied",
        "today",
        "yesterday",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "old",
        "ago",
        "hour",
        "hours",
        "mother",
        "father",
        "sister",
        "brother",
        "son",
        "daughter",
        "aunt",
        "uncle",
        "grandmother",
        "grandfather",
        "family",
        "no",
        "not",
        "also",
        "very",
        "some",
        "possible",
        "possibly",
        "probable",
        "probably",
        "suspected",
        "likely",
        "questionable",
        "presumed",
        "rule",
        "follow",
        "follow-up",
        "followup",
        "up",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "several",
        "few",
        "couple",
    ]  # "follow up in 2 weeks" is a plan, not Z09 (a follow-up of an active condition codes the condition)
)
TIME_WORDS = frozenset(["day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"])
EDGE_WORDS = frozenset(
    ["of", "in", "for", "with", "to", "by", "on", "at", "from", "as"]
)  # never first or last in a phrase
LEADING_ONLY = frozenset({"out"})  # "(rule) out pneumonia"; a trailing "out" stays ("passed out")
_NUMBERISH = re.compile(r"^[\d.,/%:-]+[a-z]{0,3}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int
    end: int
    text: str
    query: str = ""  # the words looked up: `text` without its filler words ("ten days", "patient")
    tokens: tuple[tuple[int, int], ...] = ()  # (start, end) of each looked-up word

    @property
    def lookup(self) -> str:
        return self.query or self.text


def _clauses(note: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    position = 0
    for match in _BREAK.finditer(note):
        if (
            match.start() == match.end() - 1
            and note[match.start()] == "."
            and _is_decimal_point(note, match.start())
        ):
            continue
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(note)))
    return bounds


def _is_decimal_point(note: str, at: int) -> bool:
    return 0 < at < len(note) - 1 and note[at - 1].isdecimal() and note[at + 1].isdecimal()


def phrases(note: str) -> list[Phrase]:
    """The phrases of `note`, in order; windows of long clauses overlap."""
    out: list[Phrase] = []
    for start, end in _clauses(note):
        tokens = [
            (m.start() + start, m.end() + start)
            for m in _WORD.finditer(note[start:end])
            if not _is_filler(m.group(0))
        ]
        tokens = _trimmed(note, tokens)
        if not tokens:
            continue
        if len(tokens) <= MAX_WORDS:
            out.append(_phrase(note, tokens))
            continue
        out += _windows(note, tokens)
    return out


def split(note: str, phrase: Phrase) -> list[Phrase]:
    """A phrase of more than two words as overlapping windows (for a phrase naming two conditions,
    "acute sinusitis for ten days with facial pain"); [] for shorter phrases."""
    return _windows(note, list(phrase.tokens)) if len(phrase.tokens) > 2 else []


def part_of(note: str, tokens: list[tuple[int, int]]) -> Phrase | None:
    """The phrase of these consecutive words without edge words ("of", "on"...), or None."""
    kept = _trimmed(note, tokens)
    return _phrase(note, kept) if kept else None


def _windows(note: str, tokens: list[tuple[int, int]]) -> list[Phrase]:
    out = []
    for first in range(0, max(len(tokens) - STRIDE, 1), STRIDE):
        window = _trimmed(note, tokens[first : first + WINDOW])
        if window and window != tokens:
            out.append(_phrase(note, window))
    return out


def _trimmed(note: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`tokens` without the edge words ("of", "with", ...) at either end."""
    first, last = 0, len(tokens)
    while last > first and note[tokens[last - 1][0] : tokens[last - 1][1]].lower() in EDGE_WORDS:
        last -= 1
    while first < last and note[tokens[first][0] : tokens[first][1]].lower() in EDGE_WORDS | LEADING_ONLY:
        first += 1
    return tokens[first:last]


def _is_filler(word: str) -> bool:
    bare = word.strip("-").lower()
    return not bare or bare in FILLER or bool(_NUMBERISH.match(bare))


def _phrase(note: str, tokens: list[tuple[int, int]]) -> Phrase:
    start, end = tokens[0][0], tokens[-1][1]
    return Phrase(start, end, note[start:end], _query(note[start:end]), tuple(tokens))


def _query(text: str) -> str:
    """The words of a phrase worth looking up: no filler words, no count of days/weeks
    ("ten days", "3 weeks"); other numbers stay ("type 2 diabetes", "stage 3")."""
    words = _WORD.findall(text)
    kept = []
    for at, word in enumerate(words):
        bare = word.strip("-").lower()
        following = words[at + 1].lower() if at + 1 < len(words) else ""
        if bare in FILLER or (_NUMBERISH.match(bare) and following in TIME_WORDS):
            continue
        kept.append(word)
    return " ".join(kept)
