"""ICD-10-CM Official Guidelines over one encounter's codes: what a certified coder changes.

`revise(codes, release) -> list[Revision]` names each change the guidelines require of a code set,
with the section that requires it; `apply(codes, revisions)` makes them. Both the code-set check
(`rules.check`, where each revision is an error finding with its fix) and the suggestions
(`suggest`, where the codes are rewritten) use them, so the desk and the check never disagree.

- I.A.15 "with": diabetes (E08-E13) and a condition the Alphabetic Index lists under "Diabetes,
  with" are linked without the provider saying so: the "without complications" code gives way to
  the combination code (E11.9 + N18.31 -> E11.22 + N18.31). The combination code is taken from the
  Tabular of the release (a code of the same category whose title names the complication), never
  guessed: a release without it changes nothing.
- I.C.9.a: hypertension with heart disease (I50.-, I51.4-I51.9) or CKD (N18.-) is presumed
  hypertensive heart / kidney disease: I11.0/I11.9, I12.0/I12.9, I13.0/I13.10/I13.11/I13.2, the stage code kept.
- I.B.9: COPD with an acute lower respiratory infection is J44.0 (the infection coded too).
- I.B.4-5: a sign or symptom routinely associated with a definitive diagnosis on the same
  encounter is not coded (pain in the right knee with osteoarthritis of the right knee).
- I.C.4.a.3: Z79.4 (insulin) is not reported with type 1 diabetes.
- I.C.21.c.8: Z09 (follow-up after completed treatment) is not reported beside a condition still treated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.codesets.icd10cm import Icd10Release


@dataclass(frozen=True, slots=True)
class Revision:
    """Replace `old` (one or more codes) by `new` (none: drop), because of `section`."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    section: str
    reason: str
    keep: tuple[str, ...] = ()  # codes the fix keeps beside the new ones (the stage code, the infection)

    def fix(self) -> str:
        new = " + ".join((*self.new, *self.keep))
        old = " with ".join((*self.old, *self.keep)) if self.keep else " + ".join(self.old)
        if not self.new and self.keep:
            return f"{old}: do not code {' + '.join(self.old)}, {self.reason} ({self.section})"
        if not self.new:
            return f"{old}: do not code it, {self.reason} ({self.section})"
        return f"{old}: use {new} ({self.section})"


DIABETES = ("E08", "E09", "E10", "E11", "E13")
# complication code prefix -> the words the combination code's title has (Index "Diabetes, with")
DIABETES_WITH = (
    (("N18",), ("diabetic chronic kidney disease",)),
    (("N08", "N28.9", "N29"), ("diabetic nephropathy",)),
    (("G62", "G63", "G60.9"), ("diabetic polyneuropathy",)),
    (("G56", "G57", "G58", "G59"), ("diabetic mononeuropathy",)),
    (("G90.0", "G99.0"), ("diabetic autonomic",)),
    (("K31.84",), ("diabetic autonomic",)),
    (("I73.9", "I70.2"), ("diabetic peripheral angiopathy without gangrene",)),
    (("L97.4", "L97.5"), ("foot ulcer",)),
    (("L97.1", "L97.2", "L97.3", "L97.8", "L97.9", "L98.4"), ("other skin ulcer",)),
    (("R73.9", "R73.0", "R73.8"), ("with hyperglycemia",)),
    (("E16.2", "E16.1"), ("hypoglycemia without coma",)),
    (("H25", "H26.9", "H28"), ("diabetic cataract",)),
    (("K05", "K06"), ("periodontal disease",)),
    (("M14.6",), ("diabetic neuropathic arthropathy",)),
)
# the complication codes the combination code already says (dropped); the others are kept (use additional code)
DIABETES_SAID = (
    "G62",
    "G63",
    "G60.9",
    "G56",
    "G57",
    "G58",
    "G59",
    "R73",
    "E16",
    "I73.9",
    "H25",
    "H26.9",
    "H28",
    "N08",
    "N28.9",
    "N29",
    "G90.0",
    "G99.0",
    "M14.6",
)
HYPERTENSION = ("I10", "I11", "I12", "I13", "I16")
HEART = ("I50", "I51.4", "I51.5", "I51.6", "I51.7", "I51.89", "I51.9")
END_STAGE = ("N18.5", "N18.6")
COPD_PLAIN = ("J44.9",)
LOWER_RESPIRATORY_INFECTION = (
    "J09",
    "J10",
    "J11",
    "J12",
    "J13",
    "J14",
    "J15",
    "J16",
    "J17",
    "J18",
    "J20",
    "J21",
    "J22",
)
# I.B.4-5: the symptom codes (by prefix) and the definitive diagnoses (by prefix) they are integral to
SYMPTOM_EXPLAINED_BY = (
    (("R05",), ("J", "U07.1", "A15", "A37")),
    (
        ("R50",),
        (
            "A",
            "B",
            "J0",
            "J1",
            "J20",
            "J21",
            "J22",
            "J40",
            "J44.0",
            "N10",
            "N30",
            "N39.0",
            "H65",
            "H66",
            "U07.1",
            "L02",
            "L03",
        ),
    ),
    (("R07.0",), ("J02", "J03", "J06", "J10", "J11", "U07.1")),
    (("R07.8", "R07.9"), ("I20", "I21", "I24", "I25", "J18", "J90", "K21")),
    (("R06.0", "R06.2", "R06.8"), ("J44", "J45", "J20", "J18", "I50", "J10", "J11", "U07.1")),
    (("R09.8",), ("J00", "J01", "J30", "J31", "J32", "J06")),
    (("R30", "R35", "R39.1"), ("N30", "N39.0", "N34", "N41", "N40")),
    (("R10", "R11", "R12", "R14", "R19"), ("K",)),
    (("R51",), ("G43", "G44", "J01")),
    (("R00.0", "R00.2"), ("I47", "I48", "I49", "E05")),
    (("R21",), ("L", "B0")),
    (("R60",), ("I50",)),
    (("R73",), ("E08", "E09", "E10", "E11", "E13")),
    (("R53",), ("D50", "D51", "D52", "D53", "D64", "E03", "E53", "E55", "J10", "J11", "U07.1")),
    (("R52", "G89"), ("M", "S", "J09", "J10", "J11", "U07.1")),
    (("R60",), ("I50", "S", "M17", "M19")),
    (("R06.7",), ("J30", "J00")),
    (("H91",), ("H61", "H65", "H66")),
    (("H92.0",), ("H65", "H66", "H60", "H61")),
    (("R31",), ("N20", "N30", "N39.0")),
    (("R42",), ("H81",)),
    (("G47.0",), ("F41", "F32", "F33")),
)
SITE_SYMPTOM = re.compile(
    r"^(pain in|low back pain|cervicalgia|otalgia|effusion|stiffness of|swelling|pain)", re.I
)
_NOT_SITE = frozenset(
    [
        "pain",
        "in",
        "of",
        "the",
        "and",
        "or",
        "unspecified",
        "other",
        "site",
        "sites",
        "joint",
        "joints",
        "right",
        "left",
        "bilateral",
        "unilateral",
        "low",
        "back",
        "primary",
        "secondary",
        "with",
        "without",
    ]
)
_WORD = re.compile(r"[a-z]+")


def _starts(code: str, prefixes: Sequence[str]) -> bool:
    return code.startswith(tuple(prefixes))


def revise(codes: Sequence[str], release: Icd10Release) -> list[Revision]:
    """Every change the guidelines require of the code set (codes dotted, in reporting order)."""
    known = [code for code in dict.fromkeys(codes) if release.get(code) is not None]
    out = _diabetes(known, release) + _hypertension(known) + _copd(known)
    out += _symptoms(known, release) + _insulin_type_1(known) + _follow_up(known)
    return out


def apply(codes: Sequence[str], revisions: Sequence[Revision]) -> list[str]:
    """The code set with the revisions made: each new code takes the place of the first old one."""
    out = list(dict.fromkeys(codes))
    for revision in revisions:
        at = min((out.index(c) for c in revision.old if c in out), default=len(out))
        out = [c for c in out if c not in revision.old]
        at = min(at, len(out))
        out[at:at] = [c for c in revision.new if c not in out]
    return out


def _diabetes(known: list[str], release: Icd10Release) -> list[Revision]:
    out = []
    for code in known:
        if not _starts(code, DIABETES) or not code.endswith((".9", ".8")):
            continue
        combined, said = [], []
        for prefixes, words in DIABETES_WITH:
            for other in (c for c in known if _starts(c, prefixes)):
                target = _combination_code(code[:3], words, release)
                if target and target not in known and target not in combined:
                    combined.append(target)
                    said += [other] if _starts(other, DIABETES_SAID) else []
        if combined:
            kept = tuple(
                c
                for c in known
                if c not in said and any(_starts(c, prefixes) for prefixes, _ in DIABETES_WITH)
            )
            out.append(
                Revision(
                    (code, *said),
                    tuple(combined),
                    "I.A.15",
                    'diabetes and the conditions listed under "with" are presumed linked',
                    kept,
                )
            )
    return out


def _combination_code(category: str, words: tuple[str, ...], release: Icd10Release) -> str | None:
    """The billable code of `category` whose title holds all `words` (the Tabular's own wording)."""
    found = release.get(category)
    if found is None:
        return None
    for code in release.billable_descendants(category):
        title = (release.get(code).title if release.get(code) else "").lower()
        if all(w in title for w in words) and "without gangrene" not in title.replace(words[0], ""):
            return code
    return None


def _hypertension(known: list[str]) -> list[Revision]:
    htn = [c for c in known if _starts(c, HYPERTENSION) and not c.startswith("I16")]
    if not htn:
        return []
    ckd = [c for c in known if c.startswith("N18")]
    heart = [c for c in known if _starts(c, HEART)]
    failure = any(c.startswith("I50") for c in heart)
    end_stage = any(_starts(c, END_STAGE) for c in ckd)
    if ckd and heart:
        target = ("I13.0" if failure else "I13.10") if not end_stage else ("I13.2" if failure else "I13.11")
        section = "I.C.9.a.3"
    elif ckd:
        target, section = ("I12.0" if end_stage else "I12.9"), "I.C.9.a.2"
    elif heart:
        target, section = ("I11.0" if failure else "I11.9"), "I.C.9.a.1"
    else:
        return []
    if htn == [target]:
        return []
    kept = tuple(c for c in (*heart, *ckd) if c.startswith(("I50", "N18")))
    return [
        Revision(
            tuple(htn),
            (target,),
            section,
            "hypertension with heart disease or CKD is presumed to be their cause",
            kept,
        )
    ]


def _copd(known: list[str]) -> list[Revision]:
    infection = [c for c in known if _starts(c, LOWER_RESPIRATORY_INFECTION)]
    plain = [c for c in known if _starts(c, COPD_PLAIN)]
    if not infection or not plain or "J44.0" in known:
        return []
    return [
        Revision(
            tuple(plain),
            ("J44.0",),
            "I.B.9",
            "COPD with an acute lower respiratory infection is one combination code",
            tuple(infection),
        )
    ]


def _symptoms(known: list[str], release: Icd10Release) -> list[Revision]:
    out = []
    for code in known:
        definitive = _explained_by(code, known, release)
        if definitive:
            reason = f"a sign or symptom routinely part of {definitive}"
            out.append(Revision((code,), (), "I.B.5", reason, (definitive,)))
    return out


def _explained_by(code: str, known: list[str], release: Icd10Release) -> str | None:
    """The definitive diagnosis on the encounter that `code`, a sign or symptom, is part of."""
    found = release.get(code)
    if found is None:
        return None
    others = [c for c in known if c != code and not c.startswith(("R", "Z"))]
    for symptoms, explainers in SYMPTOM_EXPLAINED_BY:
        if _starts(code, symptoms):
            match = next((c for c in others if _starts(c, explainers) and not _starts(c, symptoms)), None)
            if match:
                return match
    if not SITE_SYMPTOM.match(found.title):
        return None
    site = _site_words(found.title)
    for other in others:
        other_found = release.get(other)
        if other_found is None or SITE_SYMPTOM.match(other_found.title) or other[0] not in "MS":
            continue
        if site & _site_words(other_found.title) and _same_side(found.title, other_found.title):
            return other
    return None


def _site_words(title: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(title.lower()) if w not in _NOT_SITE and len(w) > 3}


def _same_side(a: str, b: str) -> bool:
    sides = [{s for s in ("right", "left") if s in t.lower()} for t in (a, b)]
    return not sides[0] or not sides[1] or bool(sides[0] & sides[1])


def _insulin_type_1(known: list[str]) -> list[Revision]:
    if (
        "Z79.4" in known
        and any(c.startswith("E10") for c in known)
        and not any(_starts(c, ("E08", "E09", "E11", "E13")) for c in known)
    ):
        return [Revision(("Z79.4",), (), "I.C.4.a.3", "insulin is inherent to type 1 diabetes")]
    return []


def _follow_up(known: list[str]) -> list[Revision]:
    """Z09 is the follow-up after *completed* treatment (I.C.21.c.8): beside a condition still being
    treated, the condition is the code."""
    treated = [c for c in known if c[0] not in "ZVWXY"]
    if "Z09" not in known or not treated:
        return []
    return [
        Revision(
            ("Z09",),
            (),
            "I.C.21.c.8",
            "a follow-up of a condition still treated is coded by the condition",
            (treated[0],),
        )
    ]
