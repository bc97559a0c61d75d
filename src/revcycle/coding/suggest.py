"""`suggest(note, dos, age, sex, setting)`: ranked ICD-10-CM and CPT/HCPCS codes with evidence.

Pipeline: phrases -> index hits (`mentions`) with ConText -> learned ranker (`ranker`) ->
clinical context (negated dropped; historical/family to their Z/I25.2 codes; uncertain dropped
in outpatient settings, guideline IV.H) -> combination codes (a "with complication" code
replaces the "without complications" code of its category) -> billable on the date of service
(7th character, placeholder X, header to unspecified descendant) with specificity prompts ->
age/sex edits (MCE) -> CPT/HCPCS from the procedures the note documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from revcycle.codesets.icd10cm import Icd10Release, release_for, validate
from revcycle.coding.assemble import assemble
from revcycle.coding.history import family_history_code, is_history_code, personal_history_code
from revcycle.coding.mentions import Mention, find_mentions, head_word_mentions, numbered_mentions
from revcycle.coding.procedure_lines import bill_lines
from revcycle.coding.procedures import PAYERS, ProcedureSuggestion, procedure_spans, suggest_procedures
from revcycle.coding.ranker import Candidate, load_ranker
from revcycle.coding.specificity import resolve_billable
from revcycle.coding.word_sense import clinical, said_words, title_said
from revcycle.kernel import ErrorCode, RevcycleError

MIN_CONFIDENCE = 0.15
VERBATIM_MATCH = 0.97  # a phrase whose best hit scores this much *is* an index term
VERBATIM_CONFIDENCE = 0.85  # ... and, for a diagnosis, is suggested with this confidence
STRONG_MATCH = 0.8  # a phrase whose best hit scores this much is always considered
CONTEXT_MATCH = 0.85  # ... and, for negated/historical/family/uncertain phrases, its first hits
CONTEXT_RANKS = 3
EXACT_MATCH = (
    0.9  # a phrase whose best hit scores this much is read as that code; its other hits are alternatives
)
ALTERNATIVE_GAP = 0.1  # ... when they score at least this much less
SETTINGS = ("outpatient", "inpatient")
_WORDS = re.compile(r"[a-z0-9]+")
VACCINE_ADMINISTRATION = frozenset({"90460", "90471", "90472", "90473", "90474", "G0008", "G0009", "G0010"})
FAMILY_HISTORY_PREFIXES = ("Z80", "Z81", "Z82", "Z83", "Z84")


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CodeSuggestion:
    code: str
    title: str
    confidence: float
    evidence: tuple[Evidence, ...]
    why: tuple[str, ...]
    prompts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "confidence": round(self.confidence, 4),
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
            "why": list(self.why),
            "prompts": list(self.prompts),
        }


@dataclass(frozen=True, slots=True)
class SetAside:
    """A code the note mentions but that is not suggested, and why (negated, uncertain, age/sex)."""

    code: str
    reason: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        evidence = [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence]
        return {"code": self.code, "reason": self.reason, "evidence": evidence}


@dataclass
class Suggestions:
    dos: date
    release: str
    diagnoses: list[CodeSuggestion] = field(default_factory=list)
    procedures: list[ProcedureSuggestion] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    modifier_25: bool = False  # the E/M visit takes modifier 25 (a separately identifiable service)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dos": self.dos.isoformat(),
            "release": self.release,
            "diagnoses": [d.to_dict() for d in self.diagnoses],
            "procedures": [p.to_dict() for p in self.procedures],
            "set_aside": [s.to_dict() for s in self.set_aside],
            "modifier_25": self.modifier_25,
        }


def _evidence(mentions: Sequence[Mention]) -> tuple[Evidence, ...]:
    spans = sorted({(m.phrase.start, m.phrase.end, m.phrase.text) for m in mentions})
    return tuple(Evidence(start, end, text) for start, end, text in spans)


def _why_index(mentions: Sequence[Mention]) -> str:
    best = max(mentions, key=lambda m: m.hit.score)
    return f'index: "{best.phrase.text}" matched {best.hit.source} "{best.hit.path}" (score {best.hit.score:.2f})'


def _contextual(candidate: Candidate, setting: str) -> tuple[str | None, str, list[Mention]]:
    """(code to suggest or None, context sentence, the mentions that support it)."""
    mentions = list(candidate.mentions)
    affirmed = [m for m in mentions if m.assertion.affirmed_current]
    if not mentions or affirmed:
        return candidate.code, "", affirmed or mentions
    if is_history_code(candidate.code) and any(
        m.assertion.historical or m.assertion.family for m in mentions
    ):
        personal = not candidate.code.startswith(FAMILY_HISTORY_PREFIXES)
        if personal and all(m.assertion.family for m in mentions):
            return None, "a relative's history, not the patient's (see the family-history code)", mentions
        return candidate.code, "context: history, as the code itself says", mentions
    family = [m for m in mentions if m.assertion.family and not m.assertion.negated]
    if family:
        return family_history_code(candidate.code), f"context: family history of {candidate.code}", family
    past = [m for m in mentions if m.assertion.historical and not m.assertion.negated]
    if past:
        return personal_history_code(candidate.code), f"context: personal history of {candidate.code}", past
    unsure = [
        m for m in mentions if (m.assertion.uncertain or m.assertion.hypothetical) and not m.assertion.negated
    ]
    if unsure and setting == "inpatient":
        return (
            candidate.code,
            "context: uncertain diagnosis coded as established (inpatient, guideline II.H)",
            unsure,
        )
    if unsure:
        return (
            None,
            "uncertain diagnosis (possible/probable/rule out): outpatient coding codes the signs and symptoms instead (guideline IV.H)",
            unsure,
        )
    return None, "negated in the note", mentions


def suggest(
    note: str,
    dos: date,
    age: int | None = None,
    sex: str | None = None,
    setting: str = "outpatient",
    limit: int = 20,
    payer: str | None = None,
) -> Suggestions:
    if setting not in SETTINGS:
        raise RevcycleError(ErrorCode.VALIDATION, f"setting must be outpatient or inpatient, got {setting!r}")
    if payer is not None and payer not in PAYERS:
        raise RevcycleError(ErrorCode.VALIDATION, f"payer must be one of {', '.join(PAYERS)}, got {payer!r}")
    release = release_for(dos)
    found = find_mentions(note, dos)
    found += numbered_mentions(note, dos, found) + head_word_mentions(note, dos, found)
    mentions = [_without_read(m) for m in found if clinical(m)]
    out = Suggestions(dos=dos, release=release.name)
    chosen: dict[str, CodeSuggestion] = {}
    exact = _exact_readings(mentions)
    tests = procedure_spans(note)
    for candidate, probability in load_ranker().rank(note, mentions):
        if len(chosen) >= limit:
            break
        confidence = max(probability, _strong_match(candidate))
        alternative_to = _alternative_to(candidate, exact)
        if _names_a_test(candidate, tests):
            reason = "the words name a test or procedure, not a condition"
            out.set_aside.append(SetAside(candidate.code, reason, _evidence(candidate.mentions)))
        elif alternative_to:
            reason = f"another reading of words the index matches exactly to {alternative_to}"
            out.set_aside.append(SetAside(candidate.code, reason, _evidence(candidate.mentions)))
        elif confidence >= MIN_CONFIDENCE:
            _place(candidate, confidence, setting, release, chosen, out)
    diagnoses = _drop_superseded(list(chosen.values()), release, out)
    diagnoses.sort(key=lambda d: d.code[0] in "VWXY")  # external causes are never first-listed (stable sort)
    out.diagnoses = _age_sex_checked(diagnoses, dos, age, sex, out)
    assemble(note, out, release)
    out.procedures = suggest_procedures(note, dos, payer)
    _immunization_encounter(out, release)
    out.procedures, out.modifier_25 = bill_lines(note, out.procedures, out.diagnoses, payer)
    return out


_WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)


def _without_read(mention: Mention) -> Mention:
    """ "Acute cystitis without hematuria" is the index's own words, not a negation: a mention ConText
    negates only through a "without" that its hit's wording also holds is affirmed."""
    if (
        not mention.assertion.negated
        or not _WITHOUT.search(mention.phrase.text)
        or not _WITHOUT.search(mention.hit.path)
    ):
        return mention
    return replace(mention, assertion=replace(mention.assertion, negated=False))


def _immunization_encounter(out: Suggestions, release: Icd10Release) -> None:
    """A vaccine given is reported with Z23, encounter for immunization (guideline I.C.21.c.2)."""
    given = [p for p in out.procedures if p.code in VACCINE_ADMINISTRATION]
    found = release.get("Z23")
    if not given or found is None or any(d.code == "Z23" for d in out.diagnoses):
        return
    evidence = tuple(Evidence(p.start, p.end, p.text) for p in given[:1])
    why = (f"{given[0].code} ({given[0].why}): a vaccine given is reported with Z23 (guideline I.C.21.c.2)",)
    out.diagnoses.append(CodeSuggestion("Z23", found.title, 0.9, evidence, why))


def _names_a_test(candidate: Candidate, tests: list[tuple[int, int]]) -> bool:
    """Every mention of the candidate lies within words that name a test ("Hemoglobin A1c" is not
    the index's "Hemoglobin > S" trait)."""
    return bool(candidate.mentions) and all(
        any(start <= m.phrase.start and m.phrase.end <= end for start, end in tests)
        for m in candidate.mentions
    )


def _exact_readings(mentions: Sequence[Mention]) -> dict[tuple[int, int], Mention]:
    """Phrase span -> its best hit, for phrases the index matches (almost) exactly."""
    return {(m.phrase.start, m.phrase.end): m for m in mentions if m.rank == 0 and m.hit.score >= EXACT_MATCH}


def _alternative_to(candidate: Candidate, exact: dict[tuple[int, int], Mention]) -> str:
    """The exactly matched code when every mention of `candidate` is a clearly lesser hit of such a
    phrase ("acute maxillary sinusitis" is J01.00 (0.99); its hit "Sinusitis > maxillary" J32.0 (0.64)
    is not a second code)."""
    readings = [exact.get((m.phrase.start, m.phrase.end)) for m in candidate.mentions]
    lesser = [
        reading is not None
        and reading.code != candidate.code
        and reading.hit.score - m.hit.score >= ALTERNATIVE_GAP
        for m, reading in zip(candidate.mentions, readings, strict=True)
    ]
    if not lesser or not all(lesser):
        return ""
    return sorted({reading.code for reading in readings if reading is not None})[0]


def _strong_match(candidate: Candidate) -> float:
    """Half the score of the best exact index match of the code (0 when none).

    The ranker learned from CodiEsp case reports, whose coders leave out much of what an
    outpatient coder reports (symptoms beside a diagnosis, history codes); a phrase that *is*
    an index term is therefore kept in view whatever the ranker says.
    """
    strong = [
        m.hit.score
        for m in candidate.mentions
        if (m.rank == 0 and m.hit.score >= STRONG_MATCH)
        or (not m.assertion.affirmed_current and m.rank < CONTEXT_RANKS and m.hit.score >= CONTEXT_MATCH)
    ]
    if _verbatim_diagnosis(candidate):
        return VERBATIM_CONFIDENCE
    strong += [
        m.hit.score
        for m in candidate.mentions
        if m.rank == 0
        and m.hit.source in ("tabular_title", "inclusion_term")
        and title_said(m.hit.path, said_words(m.phrase.text))
    ]
    return 0.5 * max(strong) if strong else 0.0


def _verbatim_diagnosis(candidate: Candidate) -> bool:
    """A disease written in the note as its own index term, affirmed: "skin tags" is L91.8. Not
    symptoms (R: a coder weighs them against the diagnosis they may belong to), injuries and
    poisonings (S, T: they need the injury's story), external causes (V-Y) or factors (Z: a
    counseling referral is not counseling given)."""
    return not candidate.code.startswith(("R", "S", "T", "V", "W", "X", "Y", "Z")) and any(
        m.rank == 0
        and m.hit.score >= VERBATIM_MATCH
        and m.hit.source == "index"
        and m.assertion.affirmed_current
        for m in candidate.mentions
    )


def _place(
    candidate: Candidate,
    probability: float,
    setting: str,
    release: Icd10Release,
    chosen: dict[str, CodeSuggestion],
    out: Suggestions,
) -> None:
    if not candidate.mentions:
        return  # the text model's own codes have no evidence span (they rank in rank-dir only)
    code, context, support = _contextual(candidate, setting)
    if code is None:
        out.set_aside.append(SetAside(candidate.code, context, _evidence(support)))
        return
    resolved = resolve_billable(code, release)
    if resolved is None:
        out.set_aside.append(
            SetAside(code, f"not valid or not billable in {release.name}", _evidence(support))
        )
        return
    why = [_why_index(support)]
    why.append(f"confidence {probability:.2f} (ranker over index match, text model, learned index precision)")
    why += [text for text in (context, resolved.built) if text]
    if resolved.code in chosen:
        return
    chosen[resolved.code] = CodeSuggestion(
        resolved.code, resolved.title, probability, _evidence(support), tuple(why), resolved.prompts
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    """A diagnosis with what the superseding rules compare, worked out once per note (not once
    per pair of diagnoses)."""

    suggestion: CodeSuggestion
    title: str  # lower case, "" when the release lacks the code
    combination: bool  # a "with ..." code
    spans: frozenset[tuple[int, int]]
    words: frozenset[str]

    @property
    def code(self) -> str:
        return self.suggestion.code


def _reading(suggestion: CodeSuggestion, release: Icd10Release) -> _Reading:
    found = release.get(suggestion.code)
    title = found.title.lower() if found else ""
    combination = " with " in f" {title} " and "without" not in title
    spans = frozenset((e.start, e.end) for e in suggestion.evidence)
    words = frozenset(word for e in suggestion.evidence for word in _WORDS.findall(e.text.lower()))
    return _Reading(suggestion, title, combination, spans, words)


def _drop_superseded(
    diagnoses: list[CodeSuggestion], release: Icd10Release, out: Suggestions
) -> list[CodeSuggestion]:
    """A combination code ("with ...") makes the "without complications" code of its category redundant."""
    kept = []
    readings = [_reading(d, release) for d in diagnoses]
    for reading in readings:
        suggestion = reading.suggestion
        combined = [
            o.code
            for o in readings
            if o.code != reading.code and o.code[:3] == reading.code[:3] and o.combination
        ]
        if "without complications" in reading.title and combined:
            reason = (
                f"combination code {sorted(combined)[0]} already reports the condition with its complication"
            )
            out.set_aside.append(SetAside(suggestion.code, reason, suggestion.evidence))
            continue
        specific = _more_specific_twin(reading, readings)
        if specific is not None:
            out.set_aside.append(
                SetAside(suggestion.code, f"{specific} says the same more specifically", suggestion.evidence)
            )
            continue
        wider = _wider_reading(reading, readings)
        if wider is not None:
            reason = f"{wider} reads the same words with more of the note"
            out.set_aside.append(SetAside(suggestion.code, reason, suggestion.evidence))
            continue
        covering = _covering_combination(reading, readings)
        if covering is not None:
            reason = f"the combination code {covering} reports this phrase with its complication"
            out.set_aside.append(SetAside(suggestion.code, reason, suggestion.evidence))
            continue
        kept.append(suggestion)
    return kept


def _more_specific_twin(reading: _Reading, readings: list[_Reading]) -> str | None:
    """A code of the same category whose evidence says at least as much, when this one is unspecified
    ("asthma" beside "mild intermittent asthma": J45.909 gives way to J45.20)."""
    if "unspecified" not in reading.title or not reading.suggestion.evidence:
        return None
    for other in readings:
        if other.code == reading.code or other.code[:3] != reading.code[:3] or not other.suggestion.evidence:
            continue
        if (
            reading.words < other.words
        ):  # strictly more words: the same words read as two codes are alternatives
            return other.code
    return None


def _wider_reading(reading: _Reading, readings: list[_Reading]) -> str | None:
    """A more confident code of the same block whose evidence holds this one's and more ("type 2
    diabetes mellitus without complications": E11.9, not also E13.9 from its last four words)."""
    if not reading.spans:
        return None
    for other in readings:
        if (
            other.code[:2] == reading.code[:2]
            and other.suggestion.confidence > reading.suggestion.confidence
            and reading.spans < other.spans
        ):
            return other.code
    return None


def _covering_combination(reading: _Reading, readings: list[_Reading]) -> str | None:
    """Another, combination code whose evidence holds every span of this suggestion."""
    evidence = reading.suggestion.evidence
    if not evidence:
        return None
    for other in readings:
        if other.code == reading.code or not other.combination:
            continue
        inside = all(
            any(o.start <= e.start and e.end <= o.end for o in other.suggestion.evidence) for e in evidence
        )
        if inside:
            return other.code
    return None


def _age_sex_checked(
    diagnoses: list[CodeSuggestion], dos: date, age: int | None, sex: str | None, out: Suggestions
) -> list[CodeSuggestion]:
    if age is None and sex is None:
        return diagnoses
    kept = []
    for suggestion in diagnoses:
        conflicts = [
            f
            for f in validate([suggestion.code], dos, age=age, sex=sex)
            if f.code in ("age_conflict", "sex_conflict")
        ]
        if conflicts:
            out.set_aside.append(SetAside(suggestion.code, conflicts[0].message, suggestion.evidence))
            continue
        kept.append(suggestion)
    return kept
