"""Status and history Z codes a note documents in passing (guidelines I.C.21.c.3, I.C.4.a.3).

- Z79.4 insulin, Z79.84 oral hypoglycemic, Z79.85 injectable non-insulin antidiabetic: with a
  diabetes code other than type 1 (I.C.4.a.3: insulin is inherent to type 1, and insulin with an
  oral drug reports both);
- Z79.01 anticoagulant, Z79.02 antiplatelet, Z79.82 aspirin, Z79.52 systemic steroid: when the
  patient takes it (not when it is stopped, declined or only discussed);
- Z87.891 history of nicotine dependence: a former smoker, without a current F17 code;
- Z99.2 dependence on renal dialysis;
- the encounter's own reason when the note states it: Z00.00 annual/preventive examination,
  Z32.01/Z32.02 pregnancy test positive/negative, Z11.1 tuberculin test for a screening requirement;
- Z68.- adult BMI from the value, only beside a weight diagnosis (I.C.21.c.3).
A drug mention ConText marks negated or hypothetical is not a status.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from revcycle.codesets.icd10cm import Icd10Release
from revcycle.coding.context import assert_spans

DIABETES_NOT_TYPE_1 = ("E08", "E09", "E11", "E13")
INSULIN = r"insulin|glargine|detemir|degludec|lispro|aspart|glulisine|lantus|levemir|humalog|novolog|tresiba|basaglar|nph"
ORAL_ANTIDIABETIC = (
    r"metformin|glipizide|glyburide|glimepiride|sitagliptin|linagliptin|saxagliptin|alogliptin|pioglitazone|"
    r"empagliflozin|dapagliflozin|canagliflozin|ertugliflozin|januvia|jardiance|farxiga|rybelsus|repaglinide"
)
INJECTABLE_NON_INSULIN = (
    r"semaglutide|liraglutide|dulaglutide|tirzepatide|exenatide|ozempic|trulicity|mounjaro|victoza"
)
STATUS_RULES: tuple[tuple[str, str, str, bool], ...] = (
    # (code, pattern, why, needs a diabetes code other than type 1)
    ("Z79.4", INSULIN, "long-term (current) use of insulin (I.C.4.a.3)", True),
    ("Z79.84", ORAL_ANTIDIABETIC, "long-term (current) use of oral hypoglycemic drugs (I.C.4.a.3)", True),
    (
        "Z79.85",
        INJECTABLE_NON_INSULIN,
        "long-term (current) use of injectable non-insulin antidiabetic drugs (I.C.4.a.3)",
        True,
    ),
    (
        "Z79.01",
        r"warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|edoxaban|anticoagula\w*",
        "long-term (current) use of anticoagulants (I.C.21.c.3)",
        False,
    ),
    (
        "Z79.02",
        r"clopidogrel|plavix|prasugrel|ticagrelor",
        "long-term (current) use of antithrombotics/antiplatelets (I.C.21.c.3)",
        False,
    ),
    (
        "Z79.82",
        r"(?:daily|baby|low[- ]dose) aspirin|aspirin (?:81|daily)",
        "long-term (current) use of aspirin (I.C.21.c.3)",
        False,
    ),
    (
        "Z87.891",
        r"(?:former|ex-?)\s*smoker|(?:quit|stopped) smoking (?:in |about )?(?:\d{4}|\d+ years? ago)|"
        r"history of (?:smoking|tobacco use|nicotine dependence)",
        "personal history of nicotine dependence (I.C.21.c.4)",
        False,
    ),
    ("Z99.2", r"(?:hemo|peritoneal )?dialysis", "dependence on renal dialysis (I.C.21.c.3)", False),
)
ENCOUNTER_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "Z00.00",
        r"annual (?:preventive|physical|wellness) (?:exam|examination|visit)|annual wellness visit|"
        r"(?:routine|annual) (?:adult )?(?:physical|check-?up)|preventive (?:exam|visit)",
        "encounter for general adult examination without abnormal findings (I.C.21.c.13)",
    ),
    (
        "Z32.01",
        r"pregnancy test[^.]*\bpositive\b",
        "encounter for pregnancy test, result positive (I.C.21.c.11)",
    ),
    (
        "Z32.02",
        r"pregnancy test[^.]*\bnegative\b",
        "encounter for pregnancy test, result negative (I.C.21.c.11)",
    ),
    (
        "Z11.1",
        r"(?:tuberculin|ppd|tb) (?:skin )?test[^.]*\b(?:employment|school|screening|requirement)\b",
        "encounter for screening for respiratory tuberculosis (I.C.21.c.12)",
    ),
)
BMI = re.compile(r"\b(?:bmi|body mass index)(?: of| is|:)?\s*(\d{2}(?:\.\d)?)\b", re.IGNORECASE)
BMI_NEEDS = ("E66", "E43", "E44", "E46", "R63", "E88.A")  # I.C.21.c.3: BMI with an associated diagnosis
_STOPPED = re.compile(r"\b(?:stopped|discontinued|held|declined|refused|off)\b", re.IGNORECASE)


def status_codes(
    note: str, codes: Sequence[str], release: Icd10Release
) -> list[tuple[str, str, int, int, str]]:
    """(code, title, start, end, why) for each status the note documents and the codes lack."""
    diabetic = any(c.startswith(DIABETES_NOT_TYPE_1) for c in codes)
    found: list[tuple[str, int, int, str]] = []
    for code, pattern, why, needs_diabetes in STATUS_RULES:
        if (
            code in codes
            or (needs_diabetes and not diabetic)
            or (code == "Z87.891" and any(c.startswith("F17") for c in codes))
        ):
            continue
        match = next(
            (
                m
                for m in re.finditer(rf"\b(?:{pattern})\b", note, re.IGNORECASE)
                if not _stopped(note, m.start())
            ),
            None,
        )
        if match is not None:
            found.append((code, match.start(), match.end(), why))
    found += _encounters(note, codes) + _bmi(note, codes)
    if not found:
        return []
    assertions = assert_spans(note, [(start, end) for _, start, end, _ in found])
    out = []
    for (code, start, end, why), assertion in zip(found, assertions, strict=True):
        entry = release.get(code)
        if entry is None or assertion.negated or assertion.hypothetical:
            continue
        out.append((code, entry.title, start, end, f'"{note[start:end]}": {why}'))
    return out


def _stopped(note: str, start: int) -> bool:
    """The drug's sentence says it was stopped, held, declined ("metformin was discontinued")."""
    begin = note.rfind(".", 0, start) + 1
    end = note.find(".", start)
    return bool(_STOPPED.search(note[begin : end if end >= 0 else len(note)]))


def _encounters(note: str, codes: Sequence[str]) -> list[tuple[str, int, int, str]]:
    out = []
    for code, pattern, why in ENCOUNTER_RULES:
        if code in codes or (code == "Z00.00" and any(c.startswith("Z00") for c in codes)):
            continue
        match = re.search(pattern, note, re.IGNORECASE)
        if match is not None:
            out.append((code, match.start(), match.end(), why))
    return out


def _bmi(note: str, codes: Sequence[str]) -> list[tuple[str, int, int, str]]:
    """Adult BMI Z68.- from the value, when a weight diagnosis is coded (I.C.21.c.3)."""
    match = BMI.search(note)
    if (
        match is None
        or not any(c.startswith(BMI_NEEDS) for c in codes)
        or any(c.startswith("Z68") for c in codes)
    ):
        return []
    value = float(match.group(1))
    if value < 20:
        code = "Z68.1"
    elif value < 40:
        code = f"Z68.{int(value)}"
    else:
        code = "Z68.4" + str(1 + sum(value >= limit for limit in (45, 50, 60, 70)))
    return [(code, match.start(), match.end(), f"body mass index {match.group(1)}, adult (I.C.21.c.3)")]
