"""Words as the index and the query both see them: one normalisation for both sides.

`words(text)` lower-cases, drops possessives and punctuation, maps roman numerals i-iv to
digits ("type II" = "type 2"), folds plurals to a light stem ("fractures" = "fracture") and
drops stop words. Because the index is compiled with the same function, a stem never has to
be a real word: it only has to be the same on both sides.

`path_key(path)` is the key of an Alphabetic Index path for exact look-up: lower case, the
non-essential modifiers (every parenthesised group) removed, spaces collapsed, the main
term's other spellings dropped (`main_term_display`).
"""

from __future__ import annotations

import re
from os.path import commonprefix

STOP_WORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "from", "is", "was", "as",
    "its", "it", "his", "her", "their", "this", "that", "patient", "pt", "pts",
})  # fmt: skip
# words that carry no meaning for matching but appear in titles: matched when typed,
# never held against an entry that has them and a query that does not
OPTIONAL_WORDS = frozenset({"unspecified", "nec", "nos"})
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}

_PARENTHESISED = re.compile(r"\([^()]*\)")
_CLAUSE_BREAK = re.compile(r"[>(),;:]")
NEGATION = "without"
NEGATED_MARK = "~"
NEGATION_ENDS = frozenset({"with", "in", "and", "but", "due", "following", "after"})
NEGATION_SCOPE = 3  # words negated after "without" at most
_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")


def stem(word: str) -> str:
    """Fold a plural onto its singular, the same way for index and query words."""
    if len(word) <= 3 or word.isdecimal():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ys", "as")):
        return word[:-1]
    return word


def raw_words(text: str) -> list[str]:
    """Lower-case alphanumeric runs, possessive 's removed, roman numerals i-iv as digits,
    "COVID-19" as one word (covid)."""
    lowered = text.lower().replace("\u2019", "'").replace("'s ", " ").replace("'s,", ",").replace("covid-19", "covid")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    return [ROMAN.get(word, word) for word in _WORD.findall(lowered.replace("'", ""))]


def words(text: str) -> list[str]:
    """Stemmed, stop-word-free words of `text`, in order, duplicates kept."""
    return [stem(word) for word in raw_words(text) if word not in STOP_WORDS]


def marked_words(text: str) -> list[str]:
    """`words`, with the words after "without" marked as negated ("~nausea").

    The negation covers at most `NEGATION_SCOPE` words and ends with its clause: a path level,
    a parenthesis, a comma or semicolon, or one of `NEGATION_ENDS` ("without complications in
    remission": only complications is negated). So "Nausea (without vomiting)" holds nausea and ~vomiting:
    the query "nausea vomiting" does not fully match it, "nausea without vomiting" does.
    """
    marked: list[str] = []
    for clause in _CLAUSE_BREAK.split(text):
        negated = 0  # how many more words the current "without" negates
        for word in raw_words(clause):
            if word in NEGATION_ENDS:
                negated = 0
            if word in STOP_WORDS:
                continue
            marked.append(NEGATED_MARK + stem(word) if negated else stem(word))
            negated = NEGATION_SCOPE if word == NEGATION else max(negated - 1, 0)
    return marked


def without_modifiers(text: str) -> str:
    """`text` minus every parenthesised group (nested ones too), spaces collapsed:
    "Abasia (-astasia) (hysterical)" -> "Abasia"; "Achromat (ism), achromatopsia" -> "Achromat, achromatopsia"."""
    stripped, previous = text, ""
    while stripped != previous:  # nested groups: "(except toe(s) alone)"
        previous, stripped = stripped, _PARENTHESISED.sub(" ", stripped)
    return _SPACES.sub(" ", stripped).replace(" ,", ",").strip()


def main_term_display(main_term: str) -> str:
    """A main term without the spellings of its own first word that follow it:
    "Diabetes, diabetic" -> "Diabetes"; "Infection, infected, infective" -> "Infection";
    "Fracture, traumatic" and "Abduction contracture, hip or other joint" stay whole."""
    parts = [part.strip() for part in main_term.split(",")]
    head = parts[0].lower()
    return ", ".join([parts[0], *(part for part in parts[1:] if not _same_word(head, part.lower()))])


def _same_word(head: str, other: str) -> bool:
    if " " in head or " " in other:
        return False
    common = len(commonprefix([head, other]))
    return common >= 4 and 2 * common >= min(len(head), len(other))


def path_key(path: str) -> str:
    """The exact-look-up key of an index path (`Main (nemod) > sub > sub`): modifiers, case and
    the main term's other spellings dropped ("Diabetes, diabetic (mellitus) > type 2" ->
    "diabetes > type 2")."""
    levels = [without_modifiers(level) for level in path.split(">")]
    return " > ".join([main_term_display(levels[0]).lower(), *(level.lower() for level in levels[1:])])
