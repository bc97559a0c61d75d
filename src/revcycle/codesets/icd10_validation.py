"""ICD-10-CM validation on a date of service: each code, then the codes taken together.

Finding codes: not_in_release, not_billable, missing_7th_character, invalid_7th_character,
missing_placeholder, unknown_code, excludes1_conflict, age_conflict, sex_conflict (plus
invalid_age / invalid_sex for impossible patient data). Finding.location is the code concerned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from revcycle.codesets import mce
from revcycle.codesets.code_refs import dotted, reference_contains, undotted
from revcycle.codesets.icd10_model import Icd10Code
from revcycle.codesets.icd10_registry import all_releases, release_for
from revcycle.codesets.icd10_release import Icd10Release
from revcycle.kernel.findings import Finding, Severity

# a letter, then a digit and a letter/digit or (QA0, FY2026) a letter and a digit, then up to 4 more
ICD10CM_SHAPE = re.compile(r"^[A-Z](?:\d[0-9A-Z]|[A-Z]\d)[0-9A-Z]{0,4}$")
LISTED_CODES = 12
MAX_AGE = 124


def validate_codes(codes: Sequence[str], dos: date, age: int | None = None, sex: str | None = None) -> list[Finding]:
    release = release_for(dos)
    findings: list[Finding] = []
    accepted: list[str] = []  # dotted codes the release knows (headers included, for the pair edits)
    for raw in dict.fromkeys(undotted(code) for code in codes):
        billable = release.billable_code(raw)  # the common case, without building an Icd10Code
        if billable is not None:
            accepted.append(billable)
            continue
        code_findings, found = check_code(release, raw, dos)
        findings.extend(code_findings)
        if found is not None:
            accepted.append(found.code)
    if len(accepted) > 1:
        findings.extend(excludes1_conflicts(release, accepted))
    if age is not None or sex is not None:
        findings.extend(patient_conflicts(accepted, dos, age, sex))
    return findings


def check_code(release: Icd10Release, key: str, dos: date) -> tuple[list[Finding], Icd10Code | None]:
    """Findings for one code on its own, and the code when the release knows it."""
    shown = dotted(key)
    if not ICD10CM_SHAPE.match(key):
        return [Finding("unknown_code", f"{key!r} is not shaped like an ICD-10-CM code", location=key,
                        hint="ICD-10-CM codes are 3 to 7 letters and digits, starting with a letter (e.g. E11.9, QA0.0101)")], None
    found = release.get(key)
    if found is None:
        return [_missing_code_finding(release, key, dos)], None
    if found.billable:
        return [], found
    if found.seven_chr_required:
        return [_missing_seventh(found)], found
    message = f"{shown} is a header ({found.title}), not billable on its own"
    return [Finding("not_billable", message + _was_billable(release, key), location=shown,
                    hint=_header_hint(release, key))], found


def _header_hint(release: Icd10Release, key: str) -> str:
    billable = release.billable_descendants(key)
    if billable:
        return f"use one of its billable codes: {_listed(billable)}"
    stems = release.seventh_character_descendants(key)
    example = release.get(stems[0]) if stems else None
    if example is None or not example.placeholder_stem:
        return "check the code against the Tabular List"
    sample = dotted(example.placeholder_stem + example.seven_chr_definitions[0][0])
    return f"pick one of its codes and add the 7th character (e.g. {sample}): {_listed(stems)}"


def _listed(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:LISTED_CODES])
    more = len(codes) - LISTED_CODES
    return f"{shown} (and {more} more)" if more > 0 else shown


def _missing_seventh(found: Icd10Code) -> Finding:
    stem = found.placeholder_stem or undotted(found.code)
    options = [dotted(stem + char) for char, _meaning in found.seven_chr_definitions]
    message = f"{found.code} ({found.title}) needs a 7th character"
    if stem != undotted(found.code):
        message += f" after placeholder X ({dotted(stem)}_)"
    return Finding("missing_7th_character", message, location=found.code,
                   hint=f"add the 7th character for the encounter: {_listed(options)}")


def _missing_code_finding(release: Icd10Release, key: str, dos: date) -> Finding:
    shown = dotted(key)
    for diagnose in (_seventh_character_problem, _placeholder_problem):
        finding = diagnose(release, key)
        if finding is not None:
            return finding
    elsewhere = _other_release_finding(release, key, dos)
    if elsewhere is not None:
        return elsewhere
    closest = next((key[:size] for size in range(len(key) - 1, 2, -1) if release.get(key[:size])), None)
    hint = f"closest code in {release.name}: {dotted(closest)}" if closest else "check the code against the Tabular List"
    return Finding("unknown_code", f"{shown} is not an ICD-10-CM code in {release.info.describe()}",
                   location=shown, hint=hint)


def _seventh_character_problem(release: Icd10Release, key: str) -> Finding | None:
    """A 7-character code whose stem needs a 7th character that is not defined for it, or a
    padded 6-character stem given without its 7th character."""
    if len(key) == 7:
        base = release.get(key[:6]) or release.get(key[:6].rstrip("X"))
        if base is not None and base.seven_chr_required and base.placeholder_stem == key[:6]:
            allowed = ", ".join(char for char, _meaning in base.seven_chr_definitions)
            return Finding("invalid_7th_character", f"{key[6]} is not a 7th character defined for {base.code}",
                           location=dotted(key), hint=f"7th characters for {base.code}: {allowed}")
    base = release.get(key.rstrip("X"))
    if base is not None and base.seven_chr_required and base.placeholder_stem == key:
        return _missing_seventh(base)
    return None


def _placeholder_problem(release: Icd10Release, key: str) -> Finding | None:
    """S020A -> S02.0XXA, T3601A -> T36.0X1A: the X placeholders were left out."""
    if len(key) >= 7 or len(key) < 4:
        return None
    padding = "X" * (7 - len(key))
    for split in range(3, len(key)):
        candidate = key[:split] + padding + key[split:]
        found = release.get(candidate)
        if found is not None and found.synthesized:
            return Finding("missing_placeholder", f"{dotted(key)} is missing its placeholder X",
                           location=dotted(key), hint=f"did you mean {found.code} ({found.title})?")
    return None


def _other_release_finding(release: Icd10Release, key: str, dos: date) -> Finding | None:
    shown = dotted(key)
    for other in all_releases():
        found = other.get(key) if other is not release else None
        if found is None or not found.billable:
            continue
        info = other.info
        if info.effective_from > dos:
            when = f"valid from {info.effective_from.isoformat()} ({info.name})"
            hint = f"for a date of service before {info.effective_from.isoformat()} use a {release.name} code"
        else:
            when = f"valid through {info.effective_through} ({info.name}); not in {release.name}"
            hint = f"use the {release.name} code that replaced it (see the {release.name} Tabular List)"
        message = f"{shown} is not valid on {dos.isoformat()} ({release.info.describe()}): {when}"
        return Finding("not_in_release", message, location=shown, hint=hint)
    return None


def _was_billable(release: Icd10Release, key: str) -> str:
    for other in all_releases():
        if other is not release and other.effective_through and other.is_billable(key):
            return f" (it was billable through {other.effective_through.isoformat()} in {other.name})"
    return ""


def excludes1_conflicts(release: Icd10Release, accepted: Sequence[str]) -> list[Finding]:
    findings: list[Finding] = []
    reported: set[frozenset[str]] = set()
    for first in accepted:
        excludes1 = [note for note in release.notes(first) if note.kind == "excludes1"]
        for second in accepted:
            pair = frozenset((first, second))
            if first == second or pair in reported:
                continue
            note = next((note for note in excludes1 if _note_excludes(note.codes_referenced, first, second)), None)
            if note is None:
                continue
            reported.add(pair)
            where = f"at {note.inherited_from}" if note.inherited_from else "at the code"
            findings.append(Finding(
                "excludes1_conflict",
                f"{first} and {second} may not be coded together: Excludes1 {where}: \"{note.text}\"",
                location=first,
                hint="keep the code the documentation supports; both only when the conditions are "
                     "unrelated (ICD-10-CM guideline I.A.12.a)",
            ))
    return findings


def _note_excludes(references: Sequence[str], first: str, second: str) -> bool:
    return any(
        reference_contains(reference, second) and not reference_contains(reference, first)
        for reference in references
    )


def patient_conflicts(accepted: Sequence[str], dos: date, age: int | None, sex: str | None) -> list[Finding]:
    findings: list[Finding] = []
    if age is not None and not 0 <= age <= MAX_AGE:
        findings.append(Finding("invalid_age", f"age {age} is outside 0-{MAX_AGE}", location="age"))
        age = None
    if sex is not None and sex.upper() not in ("F", "M"):
        findings.append(Finding("invalid_sex", f"sex {sex!r} is not F or M", location="sex"))
        sex = None
    for code in accepted:
        if age is not None:
            findings.extend(_age_finding(code, dos, age))
        if sex is not None:
            findings.extend(_sex_finding(code, dos, sex.upper()))
    return findings


def _age_finding(code: str, dos: date, age: int) -> list[Finding]:
    edit = mce.age_edit(code, dos)
    if edit is None or edit.allows(age):
        return []
    message = (f"{code} is a {edit.group} diagnosis (ages {edit.age_low}-{edit.age_high}); "
               f"patient age {age} [{edit.vintage} age edit]")
    return [Finding("age_conflict", message, location=code,
                    hint="check the patient's age and the code; the MCE flags this pair on Medicare claims")]


def _sex_finding(code: str, dos: date, sex: str) -> list[Finding]:
    edit = mce.sex_edit(code, dos)
    if edit is None or edit.sex == sex:
        return []
    wanted = "female" if edit.sex == "F" else "male"
    if edit.in_force:
        vintage = f"{edit.vintage} sex edit"
        severity = Severity.ERROR
    else:
        vintage = f"{edit.vintage} sex list, the last before CMS dropped the MCE sex edit on 2024-10-01"
        severity = Severity.WARNING
    message = f"{code} is a diagnosis for {wanted} patients; patient sex {sex} [{vintage}]"
    return [Finding("sex_conflict", message, severity=severity, location=code,
                    hint="check the patient's sex and the code")]
