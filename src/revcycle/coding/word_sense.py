"""Word sense: an index hit counts only when the note's words say what the index entry says.

A coder looks up the *main term* of the condition first (guideline I.A, "Locating a code"): the
Alphabetic Index entry "Ulcer > X-ray" is found from the word "ulcer", not from "x-ray" alone, and
"Burn > knee > right" from "burn", not from "right knee". The search engine, made for typed queries,
is generous (it matches any words of a path, near spellings, eponyms); reading a note, a hit is kept
only if
- index hits: the phrase holds the main term (for a generic main term, "Disease", "Disorder",
  "Infection"..., the first subterm: "Disease > kidney" needs "kidney") and half the words of the last
  subterm (the most specific words: "Blood > pressure > high" needs "high"); eponyms
  ("Wells' disease") need the name itself, not "well"; "half" counts unique words, rounding in the
  words' favour ("stage 1 through stage 4 chronic kidney disease" is read from "chronic kidney disease stage 2");
- Tabular title and inclusion-term hits: the phrase holds the title's head word and at least half its
  words; an "Other ..." residual title needs the note to say "other" or "specified".
Words are compared after the engine's own abbreviation expansion ("CKD", "UTI", "T2DM"), with
endings allowed to differ on a shared stem ("diabetic" ~ "diabetes", "hypertensive" ~ "hypertension").
"""

from __future__ import annotations

import re

from revcycle.codesets.search import SearchHit
from revcycle.codesets.search.abbreviations import expand
from revcycle.coding.mentions import Mention

GENERIC_MAIN_TERMS = frozenset("disease disorder syndrome infection condition".split())  # noqa: SIM905
TITLE_MODIFIERS = frozenset(  # noqa: SIM905
    [
        "unilateral",
        "bilateral",
        "primary",
        "secondary",
        "acute",
        "chronic",
        "mild",
        "moderate",
        "severe",
        "essential",
        "mixed",
        "single",
        "recurrent",
        "initial",
        "subsequent",
    ]
)
FAMILY_WORDS = re.compile(
    r"\b(?:family|mother|father|sister|brother|parent|sibling|aunt|uncle|grand\w+|relative|daughter|son)s?\b",
    re.IGNORECASE,
)
INJURY_WORDS = re.compile(
    r"injur|fall|fell|trip|slip|hit|struck|burn|cut|lacerat|twist|sprain|strain|fractur|broke|bite|bitten|sting|"
    r"exposure|exposed|collision|accident|crush|dislocat|wound|abras|contusion|bruis|poison|overdos",
    re.IGNORECASE,
)
SHORT_FORMS = {
    "exam": "examination",
    "exams": "examination",
    "checkup": "examination",
    "hx": "history",
    "physical": "examination",
    "wellness": "examination",
    "both": "bilateral",
    "knees": "knee",
}
IGNORED = frozenset(
    [
        "of",
        "in",
        "on",
        "the",
        "and",
        "or",
        "with",
        "without",
        "due",
        "to",
        "by",
        "nec",
        "nos",
        "other",
        "unspecified",
        "specified",
        "type",
        "site",
        "sites",
        "a",
        "an",
        "as",
        "at",
        "from",
        "for",
    ]
)
STEM = 5  # letters two words must share to be one word with different endings
_WORD = re.compile(r"[a-z0-9]+")


def clinical(mention: Mention) -> bool:
    """Whether the mention's phrase says what its hit says (see the module's rules)."""
    return hit_fits(mention.hit, mention.phrase.text, mention.phrase.lookup)


def hit_fits(hit: SearchHit, text: str, lookup: str = "") -> bool:
    """Whether `text` (the words looked up: `lookup`) says what the search hit says."""
    if hit.source in ("drug", "neoplasm", "code", "eindex"):
        return True
    words = _words(expand(text)) | _words(lookup or text)
    if hit.code[:1] in "ST" and len(words) <= 2 and not INJURY_WORDS.search(text):
        return False  # a body part or an ordinary word alone is not an injury ("right knee", "heat")
    if hit.source == "index":
        return _index_fits(hit.path, words, text) and _encounter_fits(hit.code, hit.path, words)
    if hit.path.lower().startswith("other") and not re.search(
        r"\b(?:other|specified)\b", text, re.IGNORECASE
    ):
        return False  # a residual category needs the note to name the other type it is
    title = [w for w in _WORD.findall(hit.path.lower()) if w not in IGNORED]
    present = sum(any(_same(w, p) for p in words) for w in title)
    head = next((w for w in title if w not in TITLE_MODIFIERS), None)
    head_present = head is None or any(_same(head, p) for p in words)
    return not title or (2 * present >= len(title) and head_present)


def _encounter_fits(code: str, path: str, words: set[str]) -> bool:
    """Encounter codes (Z00-Z13: examinations, tests, screenings) need more than their main term
    ("test" alone is not "Test > specified NEC")."""
    if not code.startswith(("Z0", "Z10", "Z11", "Z12", "Z13")):
        return True
    path_words = {w for w in _WORD.findall(path.lower()) if w not in IGNORED}
    return sum(any(_same(w, p) for p in words) for w in path_words) >= 2


def _index_fits(path: str, words: set[str], text: str) -> bool:
    levels = [level.strip() for level in path.split(">") if level.strip()]
    if not levels:
        return True
    if any(level.lower() == "family" for level in levels[1:]) and not FAMILY_WORDS.search(text):
        return False  # "History > family > ..." needs a relative in the words, not "history of"
    main = levels[0]
    if "'" in main:  # an eponym: the person's name, as written
        name = main.split("'")[0].split()[-1]
        return re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is not None
    head, _, qualifier = main.partition(",")
    main_words = [w for w in _WORD.findall(head.lower()) if w not in IGNORED]
    if set(main_words) <= GENERIC_MAIN_TERMS and len(levels) > 1:
        generic_said = all(any(_same(w, p) for p in words) for w in main_words)
        main_words = [w for w in _WORD.findall(levels[1].lower()) if w not in IGNORED] or main_words
        path_words = {w for level in levels[1:] for w in _WORD.findall(level.lower()) if w not in IGNORED}
        said = sum(any(_same(w, p) for p in words) for w in path_words)
        if not generic_said and (said < 2 or not any(any(_same(w, p) for p in words) for w in main_words)):
            return (
                False  # "Disease > urinary" is not "urine", "Disorder > erythematous" not "TM erythematous"
            )
    elif not all(any(_same(w, p) for p in words) for w in main_words):
        return False  # every word of the main term ("Sleep hygiene" is not "sleep")
    if len(levels) == 1 and qualifier:  # "Wound, open" is not "wound"; "Movements, dystonic" not "movement"
        return all(
            any(_same(w, p) for p in words) for w in _WORD.findall(qualifier.lower()) if w not in IGNORED
        )
    last = {w for w in _WORD.findall(levels[-1].lower()) if w not in IGNORED} if len(levels) > 1 else set()
    numbers = [w for w in last if w.isdecimal()]
    if len(numbers) == 1 and numbers[0] not in words:
        return False  # a number says which one: "stage 5" is not "stage 4"
    return 2 * sum(any(_same(w, p) for p in words) for w in last) >= len(last)


def said_words(text: str) -> set[str]:
    """The words of `text` as the matching compares them (abbreviations expanded, short forms named)."""
    return _words(expand(text)) | _words(text)


OPTIONAL_TITLE_WORDS = frozenset({"unilateral", "primary", "cutaneous", "site", "initial", "encounter"})


def title_said(title: str, words: set[str]) -> bool:
    """`words` say every word of a Tabular title but its defaults ("unilateral", "primary"), and the
    title is not an "Other ..." residual code."""
    title_words = [w for w in said_words(title) if w not in OPTIONAL_TITLE_WORDS]
    return not title.lower().startswith("other") and all(any(_same(w, p) for p in words) for w in title_words)


def _words(text: str) -> set[str]:
    words = {w for w in _WORD.findall(text.lower()) if w not in IGNORED}
    return words | {SHORT_FORMS[w] for w in words if w in SHORT_FORMS}


def _same(a: str, b: str) -> bool:
    if a == b or (a.endswith("s") and a[:-1] == b) or (b.endswith("s") and b[:-1] == a):
        return True
    return len(a) >= STEM + 1 and len(b) >= STEM + 1 and a[: STEM + 1] == b[: STEM + 1]
