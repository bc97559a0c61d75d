"""Clinical context of a mention: negated, historical, family, hypothetical, uncertain (ConText).

A rule engine after ConText (Harkema et al., J Biomed Inform 2009), the successor of NegEx.
The trigger list is medspaCy's English ConText rule set (`data/context_rules.json`, copied
verbatim from medspacy 1.3.1, MIT licence, (c) 2020 medspacy) plus the outpatient triggers in
`EXTRA_RULES`. Each rule has a category and a direction:

- FORWARD: the trigger modifies what follows it in its sentence; BACKWARD: what precedes it;
  BIDIRECTIONAL: both;
- TERMINATE ("but", "apart from", ...): ends the scope of the triggers of its category;
- PSEUDO: a phrase that holds a trigger word but negates nothing ("without complications" is
  part of ICD-10-CM titles such as E11.9); being longer, it wins over the trigger and modifies nothing.

Overlapping triggers keep the longest. Scope never crosses a sentence boundary. A mention is
modified by every trigger whose scope covers it and that does not overlap it.

Why not medspaCy itself: it installs and runs offline, but on Python 3.11 it pins spaCy < 3.8
and so thinc 8.2, which requires numpy < 2 for the whole project, and it costs ~7 s of import
time per process. The rules are the same; the engine is ~150 lines.

What the coder's desk does with each category (see `suggest`):
- negated: not coded;
- historical: the history code (Z85-Z87, I25.2 for an old MI) instead of the active condition;
- family: the family-history code (Z80-Z84);
- uncertain or hypothetical: in outpatient settings not coded; its signs and symptoms are
  (ICD-10-CM guideline IV.H); inpatient coding may code it as if established (II.H).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("data") / "context_rules.json"
EXTRA_RULES: tuple[tuple[str, str, str], ...] = (
    ("suspected", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("suspicion of", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("concern for", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("r/o", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("rule out", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("probable", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("questionable", "POSSIBLE_EXISTENCE", "FORWARD"),
    ("versus", "POSSIBLE_EXISTENCE", "BIDIRECTIONAL"),
    ("hx of", "HISTORICAL", "FORWARD"),
    ("past medical history", "HISTORICAL", "FORWARD"),
    ("status post", "HISTORICAL", "FORWARD"),
    ("s/p", "HISTORICAL", "FORWARD"),
    ("personal history of", "HISTORICAL", "FORWARD"),
    ("fhx", "FAMILY", "FORWARD"),
    ("fh of", "FAMILY", "FORWARD"),
    ("family history", "FAMILY", "FORWARD"),
    ("mother", "FAMILY", "FORWARD"),
    ("father", "FAMILY", "FORWARD"),
    ("sister", "FAMILY", "FORWARD"),
    ("brother", "FAMILY", "FORWARD"),
    ("denied", "NEGATED_EXISTENCE", "FORWARD"),
    ("negative for", "NEGATED_EXISTENCE", "FORWARD"),
    ("free of", "NEGATED_EXISTENCE", "FORWARD"),
    ("ruled out", "NEGATED_EXISTENCE", "BACKWARD"),
    ("without complications", "PSEUDO", "PSEUDO"),
    ("without complication", "PSEUDO", "PSEUDO"),
)
CATEGORY_FLAG = {
    "NEGATED_EXISTENCE": "negated",
    "HISTORICAL": "historical",
    "FAMILY": "family",
    "HYPOTHETICAL": "hypothetical",
    "POSSIBLE_EXISTENCE": "uncertain",
}
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?!\d)|\n")


@dataclass(frozen=True, slots=True)
class Assertion:
    negated: bool = False
    historical: bool = False
    family: bool = False
    hypothetical: bool = False
    uncertain: bool = False

    @property
    def affirmed_current(self) -> bool:
        return not (self.negated or self.historical or self.family or self.hypothetical or self.uncertain)

    def label(self) -> str:
        """One word for the strongest modifier: negated > family > historical > uncertain > hypothetical."""
        for name in ("negated", "family", "historical", "uncertain", "hypothetical"):
            if getattr(self, name):
                return name
        return "affirmed"


@dataclass(frozen=True, slots=True)
class Trigger:
    regex: re.Pattern[str]
    category: str
    direction: str


def _token_regex(token: dict[str, object]) -> str:
    lower = token.get("LOWER")
    if isinstance(lower, dict):
        words = "|".join(re.escape(str(word)) for word in lower.get("IN", []))
        body = f"(?:{words})"
    else:
        body = re.escape(str(lower))
    return f"(?:{body}\\s*)?" if token.get("OP") == "?" else f"{body}\\s*"


def _rule_regex(literal: str, pattern: list[dict[str, object]] | None) -> re.Pattern[str]:
    if pattern:
        body = "".join(_token_regex(token) for token in pattern)
        body = body[: -len("\\s*")] if body.endswith("\\s*") else body
    else:
        body = r"\s+".join(re.escape(word) for word in literal.split())
    return re.compile(rf"(?<![\w/]){body}(?![\w/])", re.IGNORECASE)


@cache
def triggers() -> tuple[Trigger, ...]:
    """medspaCy's ConText rules (converted from spaCy token patterns to regexes) + EXTRA_RULES."""
    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))["context_rules"]
    found = [Trigger(_rule_regex(r["literal"], r.get("pattern")), r["category"], r["direction"]) for r in raw]
    found += [Trigger(_rule_regex(literal, None), category, direction) for literal, category, direction in EXTRA_RULES]
    return tuple(found)


def _sentences(note: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(note):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(note)))
    return bounds


def _modifiers(sentence: str) -> list[tuple[int, int, Trigger]]:
    """Trigger matches in one sentence; of overlapping matches the longest is kept."""
    matches = sorted(
        ((m.start(), m.end(), t) for t in triggers() for m in t.regex.finditer(sentence)),
        key=lambda item: (-(item[1] - item[0]), item[0]),
    )
    kept: list[tuple[int, int, Trigger]] = []
    for start, end, trigger in matches:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, trigger))
    return sorted(kept, key=lambda item: item[0])


def _scope(modifier: tuple[int, int, Trigger], others: list[tuple[int, int, Trigger]], length: int) -> tuple[int, int]:
    start, end, trigger = modifier
    lo = 0 if trigger.direction in ("BACKWARD", "BIDIRECTIONAL") else end
    hi = length if trigger.direction in ("FORWARD", "BIDIRECTIONAL") else start
    for s, e, other in others:
        if other.direction != "TERMINATE" or other.category != trigger.category:
            continue
        if s >= end and trigger.direction != "BACKWARD":
            hi = min(hi, s)
        if e <= start and trigger.direction != "FORWARD":
            lo = max(lo, e)
    return lo, hi


def assert_spans(note: str, spans: Sequence[tuple[int, int]]) -> list[Assertion]:
    """The ConText assertion of each (start, end) character span of `note`, in the same order."""
    flags: list[set[str]] = [set() for _ in spans]
    for s_start, s_end in _sentences(note):
        inside = [i for i, (a, b) in enumerate(spans) if s_start <= a < s_end]
        if not inside:
            continue
        modifiers = _modifiers(note[s_start:s_end])
        for modifier in modifiers:
            category = modifier[2].category
            if modifier[2].direction == "TERMINATE" or category not in CATEGORY_FLAG:
                continue
            lo, hi = _scope(modifier, modifiers, s_end - s_start)
            m_start, m_end = modifier[0] + s_start, modifier[1] + s_start
            for i in inside:
                rest = _outside_trigger(spans[i], m_start, m_end, modifier[2].direction)
                if rest is not None and lo + s_start <= rest[0] <= hi + s_start:
                    flags[i].add(CATEGORY_FLAG[category])
    return [Assertion(**dict.fromkeys(found, True)) for found in flags]


def _outside_trigger(span: tuple[int, int], m_start: int, m_end: int, direction: str) -> tuple[int, int] | None:
    """The part of a mention the trigger can modify: all of it when they do not overlap; when the
    mention holds the trigger ("denies chest pain"), the words after (forward) or before it."""
    a, b = span
    if b <= m_start or a >= m_end:
        return span
    if direction in ("FORWARD", "BIDIRECTIONAL") and m_end < b and b - m_end > 1:
        return (m_end, b)
    if direction in ("BACKWARD", "BIDIRECTIONAL") and a < m_start:
        return (a, m_start)
    return None
