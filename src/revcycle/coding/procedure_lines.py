"""Procedure lines as a coder bills them: units, modifiers and diagnosis pointers from the note.

`bill_lines(note, procedures, diagnoses, payer) -> (lines, modifier_25)`:
- units: a drug's HCPCS code is billed per its descriptor's amount (J3301 triamcinolone per 10 mg:
  40 mg = 4 units; J1885 ketorolac per 15 mg; J0696 ceftriaxone per 250 mg; J1100 dexamethasone
  per 1 mg; J3420 B12 per 1000 mcg), the dose read from the sentence that gives the drug, rounded up
  to whole units; a drug given without a dose stays at 1 unit. Lesion destruction 17003 counts the
  lesions after the first;
- laterality (RT, LT, 50) on procedures done on one side or both (joint injections, cerumen
  removal, extremity X-rays), from the words of the procedure's sentence;
- QW on CLIA-waived tests for Medicare (not the waived tests CMS exempts from QW: 81002, 81025, ...);
- pointers: each line points first to its reason: a vaccine and its administration to Z23, a
  wellness visit to Z00.-, a drug to the diagnosis of the procedure that gives it; otherwise the
  diagnosis the note gives in the same sentence, else the one whose kind the test checks (A1c:
  diabetes; lipid panel: lipid disorder...), else the nearest problem named before it — never Z23
  or a status Z code or an external cause (V-Y) for a test or procedure;
- modifier 25 on the E/M visit: a minor procedure or a drug administration is billed and the note
  documents a separately identifiable evaluation (a problem no procedure line is for, or an illness
  treated with a drug given in the office). Not for a preventive visit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from revcycle.coding.procedures import ProcedureSuggestion

if TYPE_CHECKING:
    from revcycle.coding.suggest import CodeSuggestion

DOSE_PER_UNIT = {  # HCPCS -> (amount per billing unit, unit of the amount)
    "J3301": (10.0, "mg"),
    "J1885": (15.0, "mg"),
    "J0696": (250.0, "mg"),
    "J1100": (1.0, "mg"),
    "J3420": (1000.0, "mcg"),
    "J0702": (3.0, "mg"),
    "J2550": (50.0, "mg"),
    "J1200": (50.0, "mg"),
}
_DOSE = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|g|gram|grams)\b", re.IGNORECASE)
_TOTAL = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|g)\s+total\b", re.IGNORECASE)
TO_MG = {"mg": 1.0, "mcg": 0.001, "g": 1000.0, "gram": 1000.0, "grams": 1000.0}
LATERAL = frozenset(
    {"20610", "20605", "20600", "69210", "73562", "73610", "73030", "73110", "73130", "73630"}
)
CLIA_WAIVED_QW = frozenset({"87880", "87804", "87426", "83036", "80061", "82043", "82044", "85018", "82947"})
VACCINE_PRODUCTS = ("906", "907", "91")
VACCINE_ADMIN = frozenset({"90460", "90461", "90471", "90472", "90473", "90474", "G0008", "G0009", "G0010"})
WELLNESS = frozenset({"G0438", "G0439", "G0402"})
NEEDS_25 = frozenset(
    {
        "20610",
        "20605",
        "20600",
        "69210",
        "17110",
        "17000",
        "17003",
        "11200",
        "11720",
        "11721",
        "10060",
        "12001",
        "12002",
        "96372",
    }
)
DRUG_ONLY_25 = frozenset({"96372"})
LAB_REASONS = (  # test -> the diagnoses (prefixes) it checks
    (("83036", "82947", "82962"), ("E08", "E09", "E10", "E11", "E13", "R73")),
    (("82043", "82044"), ("E08", "E09", "E10", "E11", "E13", "N18", "R80")),
    (("80061",), ("E78",)),
    (("84443",), ("E03", "E05", "E06")),
    (("87880",), ("J02", "J03")),
    (("81002", "81003", "87086"), ("N30", "N39", "R30", "R35", "R31")),
    (("87804",), ("J09", "J10", "J11")),
    (("87426",), ("U07",)),
    (("85025", "85018"), ("D5", "D6")),
    (("80053", "80048"), ("I10", "I12", "I13", "N18", "E11")),
    (("93000",), ("I", "R00", "R07")),
    (("94640", "94010"), ("J44", "J45")),
    (("96127",), ("F",)),
    (("99406", "99407"), ("F17",)),
    (("81025",), ("Z32", "N91")),
    (("86580",), ("Z11.1",)),
)
STATUS = ("Z79", "Z87", "Z99", "Z68", "Z85", "Z86", "Z80", "Z81", "Z82", "Z83", "Z84", "Z23")
_SENTENCE_END = re.compile(r"[.;\n]")


def bill_lines(
    note: str,
    procedures: Sequence[ProcedureSuggestion],
    diagnoses: Sequence[CodeSuggestion],
    payer: str | None = None,
) -> tuple[list[ProcedureSuggestion], bool]:
    lines = [_units(note, p) for p in procedures]
    reasons = {p.code: _reason(note, p, diagnoses) for p in lines}
    lines = [replace(p, pointers=(reasons[p.code],) if reasons[p.code] else ()) for p in lines]
    lines = _drugs_follow_their_procedure(lines)
    titles = {d.code: d.title for d in diagnoses}
    lines = [
        replace(p, modifiers=_modifiers(note, p, payer, titles.get(p.pointers[0], "") if p.pointers else ""))
        for p in lines
    ]
    return lines, _modifier_25(lines, diagnoses)


def _sentence(note: str, start: int, end: int) -> tuple[int, int]:
    before = max((m.end() for m in _SENTENCE_END.finditer(note, 0, start)), default=0)
    after = _SENTENCE_END.search(note, end)
    return before, after.start() if after else len(note)


def _units(note: str, p: ProcedureSuggestion) -> ProcedureSuggestion:
    if p.code == "17003":
        count = _lesions(note, p)
        return replace(p, units=max(count - 1, 1))
    per = DOSE_PER_UNIT.get(p.code)
    if per is None:
        return p
    begin, finish = _sentence(note, p.start, p.end)
    window = note[p.start : finish]
    found = _TOTAL.search(note[begin:finish]) or _DOSE.search(window)
    if found is None:
        return p
    amount = float(found.group(1)) * TO_MG[found.group(2).lower()]
    per_mg = per[0] * TO_MG[per[1]]
    return replace(p, units=max(1, math.ceil(amount / per_mg - 1e-9)))


NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _lesions(note: str, p: ProcedureSuggestion) -> int:
    begin, finish = _sentence(note, p.start, p.end)
    words = re.findall(
        r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\b", note[max(0, begin - 200) : finish].lower()
    )
    counts = [int(w) if w.isdecimal() else NUMBER_WORDS[w] for w in words]
    return max(counts, default=1)


def _modifiers(note: str, p: ProcedureSuggestion, payer: str | None, reason_title: str) -> tuple[str, ...]:
    """Laterality from the procedure's sentence, else from its reason's code ("Impacted cerumen, right ear")."""
    out: list[str] = []
    if p.code in LATERAL:
        begin, finish = _sentence(note, p.start, p.end)
        words = note[begin:finish].lower()
        if not re.search(r"\b(?:both|bilateral|bilaterally|right|left)\b", words):
            words = reason_title.lower()
        if re.search(r"\b(?:both|bilateral|bilaterally)\b", words):
            out.append("50")
        elif re.search(r"\bright\b", words) and not re.search(r"\bleft\b", words):
            out.append("RT")
        elif re.search(r"\bleft\b", words) and not re.search(r"\bright\b", words):
            out.append("LT")
    if payer == "medicare" and p.code in CLIA_WAIVED_QW:
        out.append("QW")
    return tuple(out)


def _reason(note: str, p: ProcedureSuggestion, diagnoses: Sequence[CodeSuggestion]) -> str | None:
    codes = [d.code for d in diagnoses]
    if p.code.startswith(VACCINE_PRODUCTS) or p.code in VACCINE_ADMIN:
        return "Z23" if "Z23" in codes else None
    if p.code in WELLNESS:
        return next((c for c in codes if c.startswith("Z00")), None)
    problems = [d for d in diagnoses if not d.code.startswith(STATUS) and d.code[0] not in "VWXY"]
    if not problems:
        return codes[0] if codes else None
    begin, finish = _sentence(note, p.start, p.end)
    same = [d for d in problems if any(begin <= e.start < finish for e in d.evidence)]
    kind = sorted(
        (d for d in problems if _checks(p.code, d.code) is not None), key=lambda d: _checks(p.code, d.code)
    )
    for group in (
        [d for d in same if d in kind],
        kind if len(kind) == 1 else [],
        same,
        kind,
        _nearest_before(problems, p.start),
    ):
        if group:
            return group[0].code
    return problems[0].code


def _checks(test: str, code: str) -> int | None:
    """Where `code` stands in the list of what `test` checks (None: the test does not check it)."""
    for tests, prefixes in LAB_REASONS:
        if test in tests:
            return next((at for at, prefix in enumerate(prefixes) if code.startswith(prefix)), None)
    return None


SITE_STOP = frozenset(
    [
        "of",
        "in",
        "the",
        "and",
        "with",
        "without",
        "unspecified",
        "other",
        "right",
        "left",
        "bilateral",
        "unilateral",
        "primary",
    ]
)


def _same_site(sentence: str, problems: Sequence[CodeSuggestion]) -> list[CodeSuggestion]:
    """Problems whose title names a body site the procedure's sentence names ("knee")."""
    words = {
        w.rstrip("s") for w in re.findall(r"[a-z]+", sentence.lower()) if len(w) > 2 and w not in SITE_STOP
    }
    return [
        d
        for d in problems
        if words & {w.rstrip("s") for w in re.findall(r"[a-z]+", d.title.lower()) if w not in SITE_STOP}
    ]


def _nearest_before(problems: Sequence[CodeSuggestion], at: int) -> list[CodeSuggestion]:
    before = [
        (max(e.start for e in d.evidence if e.start < at), d)
        for d in problems
        if any(e.start < at for e in d.evidence)
    ]
    return [d for _, d in sorted(before, key=lambda item: -item[0])]


def _drugs_follow_their_procedure(lines: list[ProcedureSuggestion]) -> list[ProcedureSuggestion]:
    """A drug (J-code) and its administration point where the procedure that gives it points."""
    procedure = next((p for p in lines if p.code in NEEDS_25 and p.pointers), None)
    if procedure is None:
        return lines
    return [
        replace(p, pointers=procedure.pointers)
        if p.code.startswith("J")
        and p.start >= procedure.start - 200
        and p.code in DOSE_PER_UNIT
        and not p.pointers
        else p
        for p in lines
    ]


def _modifier_25(lines: Sequence[ProcedureSuggestion], diagnoses: Sequence[CodeSuggestion]) -> bool:
    if any(d.code.startswith("Z00") for d in diagnoses):
        return False
    procedures = [p for p in lines if p.code in NEEDS_25]
    if not procedures:
        return False
    if all(p.code in DRUG_ONLY_25 for p in procedures):
        return True
    pointed = {code for p in lines for code in p.pointers}
    return any(d.code not in pointed and not d.code.startswith(STATUS) for d in diagnoses)


def corresponding_code(old: str, codes: Sequence[str]) -> str | None:
    """The code of `codes` that reports the condition `old` named (a provisional diagnosis the coder
    made specific or combined): the same code, else one of its category (M17.9 -> M17.11), else one
    of its block's first three characters' range (I10 -> I12.9, hypertension with CKD)."""
    for same in (lambda c: c == old, lambda c: c[:3] == old[:3], lambda c: c[:2] == old[:2]):
        found = next((c for c in codes if same(c)), None)
        if found is not None:
            return found
    return None


def unsupported_pointer(procedure: str, first: str, diagnoses: Sequence[str]) -> tuple[str, bool] | None:
    """Why the line's first diagnosis does not support `procedure` (and whether it is an error), or None.

    An immunization encounter (Z23) supports only vaccines and their administration; a status or
    history code (Z79, Z87, Z68...) is no reason for a test or procedure; a vaccine points to Z23
    when the claim has it; a test whose reason is on the claim (A1c: diabetes) points to it first."""
    vaccine = procedure.startswith(VACCINE_PRODUCTS) or procedure in VACCINE_ADMIN
    if procedure.startswith("99") and not vaccine:
        return None  # the visit points at every problem addressed
    if vaccine:
        if first != "Z23" and "Z23" in diagnoses:
            return f"{procedure} is an immunization: point it first to Z23, not {first}", True
        return None
    if first == "Z23":
        return (
            f"{procedure} points first to Z23 (encounter for immunization), which supports only vaccines",
            True,
        )
    if first.startswith(STATUS) and procedure not in WELLNESS:
        return f"{procedure} points first to {first}, a status or history code that is no reason for it", True
    reasons = [d for d in diagnoses if _checks(procedure, d) is not None]
    if reasons and first not in reasons:
        return f"{procedure} checks {reasons[0]} on the claim but points first to {first}", False
    return None
