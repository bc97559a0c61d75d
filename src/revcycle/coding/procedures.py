"""CPT/HCPCS suggestions for what the note documents: labs, tests, injections, vaccines, supplies.

A rule is a phrase pattern and the codes a coder reports for it, with the reason (a drug given
by injection is the J-code for the drug plus the administration code; a vaccine is the product
plus its administration — 90471 for commercial payers, G0008/G0009 for Medicare). Every code is
checked against the CPT or HCPCS table in force on the date of service; a code absent there
(CPT outside the demo subset without a licensed import) is not offered. Mentions ConText marks
as negated ("declined the flu vaccine", "no ECG") or hypothetical are not coded, nor are tests
the sentence says were only ordered or planned ("lipid panel ordered", "will obtain a chest
x-ray", "recheck BMP in 3 months", "TSH due"), nor those the words date before the visit ("A1c 6.8
last month"): the practice bills what it performed, and an outside
lab bills its own test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from revcycle.codesets import cpt, hcpcs
from revcycle.coding.context import assert_spans


@dataclass(frozen=True, slots=True)
class ProcedureRule:
    pattern: re.Pattern[str]
    codes: tuple[str, ...]
    why: str
    alternatives: tuple[str, ...] = ()  # payer-specific alternatives, listed after the codes


def _rule(
    pattern: str, codes: tuple[str, ...], why: str, alternatives: tuple[str, ...] = ()
) -> ProcedureRule:
    return ProcedureRule(re.compile(pattern, re.IGNORECASE), codes, why, alternatives)


RULES: tuple[ProcedureRule, ...] = (
    _rule(r"\b(?:ecg|ekg|electrocardiogram)\b", ("93000",), "12-lead ECG with interpretation and report"),
    _rule(r"\b(?:cbc|complete blood count)\b", ("85025",), "automated CBC with differential"),
    _rule(r"\b(?:cmp|comprehensive metabolic panel)\b", ("80053",), "comprehensive metabolic panel"),
    _rule(r"\b(?:bmp|basic metabolic panel)\b", ("80048",), "basic metabolic panel"),
    _rule(r"\blipid (?:panel|profile)\b", ("80061",), "lipid panel"),
    _rule(r"\b(?:hb)?a1c\b|\bhemoglobin a1c\b", ("83036",), "hemoglobin A1c"),
    _rule(r"\btsh\b|thyroid stimulating hormone", ("84443",), "TSH"),
    _rule(r"\burinalysis\b|\burine dip(?:stick)?\b", ("81002",), "urinalysis, dipstick, non-automated"),
    _rule(r"\burine culture\b", ("87086",), "urine culture, colony count"),
    _rule(
        r"\b(?:rapid strep|strep (?:test|screen))\b|\brapid (?:strep )?antigen test\b",
        ("87880",),
        "rapid strep A antigen",
    ),
    _rule(r"\b(?:venipuncture|blood draw)\b", ("36415",), "routine venipuncture"),
    _rule(r"\bchest x-?ray\b|\bcxr\b", ("71046",), "chest X-ray, two views"),
    _rule(r"\bnebuli[sz]er\b|\bnebuli[sz]ed\b|\bneb treatment\b", ("94640",), "inhalation treatment"),
    _rule(
        r"\b(?:flu|influenza) (?:vaccine|shot|vaccination|immunization)\b",
        ("90686", "90471"),
        "influenza vaccine product + administration",
        ("G0008",),
    ),
    _rule(r"\btdap\b", ("90715", "90471"), "Tdap vaccine product + administration"),
    _rule(
        r"\b(?:pneumococcal vaccine|pneumovax|ppsv23)\b",
        ("90732", "90471"),
        "pneumococcal vaccine product + administration",
        ("G0009",),
    ),
    _rule(
        r"\b(?:vitamin )?b-?12 (?:injection|shot|im)\b|\bcyanocobalamin\b",
        ("J3420", "96372"),
        "drug supplied (J-code) + therapeutic IM injection",
    ),
    _rule(r"\b(?:ketorolac|toradol)\b", ("J1885", "96372"), "drug supplied (J-code) + therapeutic injection"),
    _rule(
        r"\b(?:ceftriaxone|rocephin)\b", ("J0696", "96372"), "drug supplied (J-code) + therapeutic injection"
    ),
    _rule(
        r"\b(?:dexamethasone|decadron)(?: \d+ ?mg)? (?:injection|im|shot|given)\b",
        ("J1100", "96372"),
        "drug supplied (J-code) + therapeutic injection",
    ),
    _rule(
        r"\b(?:triamcinolone|kenalog)\b",
        ("J3301",),
        "drug supplied (J-code); the joint injection is its administration",
    ),
    _rule(
        r"\b(?:arthrocentesis|(?:knee|shoulder|hip) (?:joint )?(?:injection|aspiration)s?|"
        r"injection of the (?:right |left )?(?:knee|shoulder|hip)|(?:knee|shoulder|hip) joint was injected)\b",
        ("20610",),
        "major joint aspiration or injection without ultrasound",
    ),
    _rule(
        r"\b(?:cerumen|ear ?wax) (?:removal|disimpaction)\b", ("69210",), "impacted cerumen removal, one ear"
    ),
    _rule(
        r"\b(?:wart|verruca)e?s? (?:destruction|cryotherapy|removal)\b|\bcryotherapy of (?:the |a )?warts?\b"
        r"|\b(?:destruction|cryotherapy) of the warts?\b",
        ("17110",),
        "destruction of benign lesions (warts), up to 14",
    ),
    _rule(
        r"\bnail debridement\b(?!\s+of\s+(?:six|seven|eight|nine|ten|[6-9]|10)\b)",
        ("11720",),
        "debridement of nails, 1 to 5",
    ),
    _rule(
        r"\bnail debridement of (?:six|seven|eight|nine|ten|[6-9]|10) nails\b",
        ("11721",),
        "debridement of nails, 6 or more",
    ),
    _rule(
        r"\b(?:removal|excision) of (?:\w+ )?skin tags\b|\bskin tags? (?:removed|excised)\b",
        ("11200",),
        "removal of skin tags, up to 15",
    ),
    _rule(r"\bincision and drainage\b|\bi&d\b", ("10060",), "incision and drainage of an abscess, simple"),
    _rule(r"\bsimple repair\b", ("12001",), "simple repair of a superficial wound, 2.5 cm or less"),
    _rule(r"\b(?:urine (?:micro)?albumin|microalbumin)\b", ("82043",), "urine albumin, quantitative"),
    _rule(
        r"\b(?:rapid )?influenza (?:a |b |a and b )?(?:antigen )?test\b|\brapid flu test\b",
        ("87804",),
        "influenza antigen, rapid",
    ),
    _rule(r"\bcovid(?:-19)? antigen test\b|\bsars-cov-2 antigen\b", ("87426",), "SARS-CoV-2 antigen"),
    _rule(r"\bknee x-?rays?\b|\bx-?rays? of the (?:right |left )?knee\b", ("73562",), "knee X-ray, 3 views"),
    _rule(
        r"\bankle x-?rays?\b|\bx-?rays? of the (?:right |left )?ankle\b", ("73610",), "ankle X-ray, 3+ views"
    ),
    _rule(r"\bspirometry\b", ("94010",), "spirometry"),
    _rule(
        r"\b(?:phq-?9|gad-?7|phq-?2|edinburgh)\b[^.]*\bscored\b",
        ("96127",),
        "brief behavioral assessment, scored",
    ),
    _rule(
        r"\bcounsel(?:ed|ing)? (?:for )?(?:[3-9]|three|four|five|six|seven|eight|nine|ten) minutes on quitting\b|"
        r"\bcessation counsel(?:ing)?\b",
        ("99406",),
        "tobacco cessation counseling, 3-10 minutes",
    ),
    _rule(
        r"\bannual wellness visit, subsequent\b|\bsubsequent annual wellness visit\b",
        ("G0439",),
        "Medicare annual wellness visit, subsequent",
    ),
    _rule(
        r"\binitial annual wellness visit\b|\bannual wellness visit, initial\b",
        ("G0438",),
        "Medicare annual wellness visit, initial",
    ),
    _rule(
        r"\b(?:recombinant zoster|shingrix|shingles) vaccine\b",
        ("90750", "90471"),
        "zoster vaccine product + administration",
    ),
    _rule(
        r"\bactinic keratos[ie]s\b[^.]*\b(?:destruction|cryotherapy|destroyed)\b",
        ("17000", "17003"),
        "destruction of premalignant lesions: first lesion, then each of lesions 2-14",
    ),
    _rule(r"\b(?:tb|ppd|tuberculin) (?:skin )?test\b|\bppd placed\b", ("86580",), "tuberculosis skin test"),
    _rule(r"\burine pregnancy test\b", ("81025",), "urine pregnancy test"),
)


_ORDERED = re.compile(
    r"\b(?:ordered|to be (?:drawn|done|obtained|scheduled)|scheduled|will (?:obtain|order|get|check|draw|schedule)|"
    r"sent out|send out|refer(?:red)? (?:to|for)|at (?:the )?next visit|recheck|repeat|due(?! to)|"
    r"in (?:\d+|one|two|three|four|six|twelve) (?:days?|weeks?|months?|years?)|before the next visit)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;\n]")


_DONE_BEFORE = re.compile(
    r"^(?:(?!\.\s)[^;\n]){0,25}?\b(?:last (?:week|month|year|visit)|(?:days?|weeks?|months?|years?) ago|previously|"
    r"in (?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _done_before(note: str, end: int) -> bool:
    """Whether the words right after the test date it before this visit ("A1c 6.8 last month")."""
    return bool(_DONE_BEFORE.search(note[end : end + 60]))


def _only_ordered(note: str, start: int, end: int) -> bool:
    """Whether the sentence holding `note[start:end]` says the test was ordered or planned, not done."""
    before = max((m.end() for m in _SENTENCE_END.finditer(note, 0, start)), default=0)
    after = _SENTENCE_END.search(note, end)
    return bool(_ORDERED.search(note, before, after.start() if after else len(note)))


@dataclass(frozen=True, slots=True)
class ProcedureSuggestion:
    code: str
    system: str  # cpt | hcpcs
    title: str
    start: int
    end: int
    text: str
    why: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    pointers: tuple[str, ...] = ()  # ICD-10-CM codes, the line's reason first (`procedure_lines`)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "system": self.system,
            "title": self.title,
            "evidence": [{"start": self.start, "end": self.end, "text": self.text}],
            "why": self.why,
            "modifiers": list(self.modifiers),
            "units": self.units,
            "pointers": list(self.pointers),
        }


def _lookup(code: str, dos: date) -> tuple[str, str] | None:
    found = cpt.lookup(code, dos) if code[0].isdecimal() else hcpcs.lookup(code, dos)
    if found is None:
        return None
    return found.system, found.title


def procedure_spans(note: str) -> list[tuple[int, int]]:
    """Where the note names a test or procedure the rules know ("Hemoglobin A1c", "rapid strep"),
    whatever its context: words that name a test are not a diagnosis."""
    return sorted((m.start(), m.end()) for rule in RULES for m in rule.pattern.finditer(note))


PAYERS = ("commercial", "medicare")
MEDICARE_REPLACES = {"G0008": "90471", "G0009": "90471"}  # Medicare's administration code -> the CPT one


def suggest_procedures(note: str, dos: date, payer: str | None = None) -> list[ProcedureSuggestion]:
    """Procedure codes in note order (first mention of each code), negated, hypothetical, historical
    and only-ordered mentions dropped. `payer` "medicare" reports G0008/G0009 instead of 90471 for
    flu and pneumococcal vaccines, "commercial" 90471; None lists both (the coder chooses)."""
    matches = [(m.start(), m.end(), rule) for rule in RULES for m in rule.pattern.finditer(note)]
    matches.sort(key=lambda item: (item[0], item[1]))
    assertions = assert_spans(note, [(start, end) for start, end, _ in matches])
    out: list[ProcedureSuggestion] = []
    seen: set[str] = set()
    for (start, end, rule), assertion in zip(matches, assertions, strict=True):
        if (
            assertion.negated
            or assertion.hypothetical
            or assertion.historical
            or _only_ordered(note, start, end)
            or _done_before(note, end)
        ):
            continue
        for code in _for_payer(rule, payer):
            found = _lookup(code, dos)
            if code in seen or found is None:
                continue
            seen.add(code)
            why = (
                rule.why
                if code in rule.codes
                else f"Medicare alternative to the administration code: {rule.why}"
            )
            out.append(ProcedureSuggestion(code, found[0], found[1], start, end, note[start:end], why))
    return out


def _for_payer(rule: ProcedureRule, payer: str | None) -> tuple[str, ...]:
    if payer is None:
        return rule.codes + rule.alternatives
    if payer == "medicare" and rule.alternatives:
        replaced = {MEDICARE_REPLACES[a] for a in rule.alternatives if a in MEDICARE_REPLACES}
        return tuple(c for c in rule.codes if c not in replaced) + rule.alternatives
    return rule.codes
