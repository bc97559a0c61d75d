"""Code-combination rules for the codes of one encounter, in the order they will be reported.

`check(codes, dos, age=None, sex=None) -> list[Finding]` adds to `codesets.icd10cm.validate`
(validity on the DOS, billable, 7th character, Excludes1, MCE age/sex) the rules it does not
cover:

- duplicate_code: the same code twice (error);
- overlapping_codes: an unspecified code beside a specific sibling under the same parent, or a
  "without complications" code beside a combination code of its category (warning);
- manifestation_first_listed / etiology_after_manifestation: a manifestation code ("code first"
  the underlying condition; "in diseases classified elsewhere") may not be listed first, and its
  etiology must precede it (error);
- etiology_missing: a manifestation code without any of the conditions its note names (warning);
- use_additional_code: the Tabular says to add a code that is not on the encounter (warning);
- external_cause_first_listed: V00-Y99 never first-listed (error);
- secondary_only_z_code: a Z code that may only be reported as secondary listed first (error);
- guideline_combination / guideline_symptom / guideline_status (error): what `guidelines.revise`
  requires, each with its fix and section ("I10 with N18.31: use I12.9 + N18.31 (I.C.9.a.2)",
  the symptom integral to a definitive diagnosis (I.B.5), Z79.4 with type 1 diabetes (I.C.4.a.3)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from revcycle.codesets.code_refs import dotted, reference_contains, undotted
from revcycle.codesets.icd10cm import Icd10Release, Note, release_for, validate
from revcycle.coding.guidelines import Revision, revise
from revcycle.kernel.findings import Finding, Severity

# ICD-10-CM guideline I.C.21.c.16, Z codes that may only be reported as secondary (abridged)
SECONDARY_ONLY_Z = (
    "Z14", "Z15", "Z16", "Z17", "Z18", "Z21", "Z22", "Z28.3", "Z33.1", "Z66", "Z67", "Z68", "Z77",
    "Z78", "Z79", "Z88", "Z89", "Z90", "Z91.0", "Z91.1", "Z91.4", "Z91.5", "Z91.8", "Z92", "Z93",
    "Z94", "Z95", "Z97", "Z98", "Z99",
)
MAX_LISTED = 6


def check(codes: Sequence[str], dos: date, age: int | None = None, sex: str | None = None) -> list[Finding]:
    release = release_for(dos)
    listed = [dotted(code) for code in codes if code.strip()]
    findings = list(validate(listed, dos, age=age, sex=sex))
    findings += _duplicates(listed)
    known = [code for code in dict.fromkeys(listed) if release.get(code) is not None]
    findings += _overlaps(known, release)
    findings += _first_listed(known, release)
    findings += _manifestations(known, release)
    findings += _additional_codes(known, release)
    findings += [_guideline_finding(revision) for revision in revise(known, release)]
    return findings


def _guideline_finding(revision: Revision) -> Finding:
    kind = "guideline_symptom" if revision.section == "I.B.5" else (
        "guideline_combination" if revision.new else "guideline_status")
    return Finding(kind, revision.fix(), Severity.ERROR, revision.old[0], revision.reason)


def _duplicates(listed: list[str]) -> list[Finding]:
    return [
        Finding("duplicate_code", f"{code} is listed {count} times", Severity.ERROR, code, f"report {code} once")
        for code, count in Counter(listed).items()
        if count > 1
    ]


def _overlaps(known: list[str], release: Icd10Release) -> list[Finding]:
    out: list[Finding] = []
    for code in known:
        found = release.get(code)
        title = found.title.lower() if found else ""
        siblings = [c for c in known if c != code and found and release.get(c) and release.get(c).parent == found.parent]
        if found and "unspecified" in title and siblings:
            out.append(Finding(
                "overlapping_codes",
                f"{code} ({found.title}) is the unspecified code beside the specific {', '.join(siblings)}",
                Severity.WARNING, code, f"drop {code}: {siblings[0]} is more specific",
            ))
        combined = [c for c in known if c != code and c[:3] == code[:3] and _is_combination(c, release)]
        if found and "without complications" in title and combined:
            out.append(Finding(
                "overlapping_codes",
                f"{code} ({found.title}) contradicts the combination code {combined[0]}",
                Severity.WARNING, code, f"drop {code}: {combined[0]} reports the condition with its complication",
            ))
    return out


def _is_combination(code: str, release: Icd10Release) -> bool:
    found = release.get(code)
    return found is not None and " with " in f" {found.title.lower()} " and "without" not in found.title.lower()


def _first_listed(known: list[str], release: Icd10Release) -> list[Finding]:
    if not known:
        return []
    first = known[0]
    key = undotted(first)
    if key[0] in "VWXY":
        return [Finding(
            "external_cause_first_listed", f"{first} is an external cause code and is never first-listed",
            Severity.ERROR, first, "list the injury or condition first; external cause codes are secondary",
        )]
    if any(key.startswith(undotted(prefix)) for prefix in SECONDARY_ONLY_Z):
        return [Finding(
            "secondary_only_z_code", f"{first} may only be reported as a secondary diagnosis",
            Severity.ERROR, first, "list the reason for the encounter first",
        )]
    return []


def _code_first_refs(code: str, release: Icd10Release) -> tuple[str, ...]:
    return tuple(ref for note in release.notes(code) if note.kind == "codeFirst" for ref in note.codes_referenced)


def _is_manifestation(code: str, release: Icd10Release) -> bool:
    """A code titled "... in (other) diseases classified elsewhere" that carries a "code first" note."""
    found = release.get(code)
    return found is not None and "classified elsewhere" in found.title.lower() and bool(_code_first_refs(code, release))


def _manifestations(known: list[str], release: Icd10Release) -> list[Finding]:
    out: list[Finding] = []
    for position, code in enumerate(known):
        if not _is_manifestation(code, release):
            continue
        refs = _code_first_refs(code, release)
        etiologies = [c for c in known if c != code and any(reference_contains(ref, c) for ref in refs)]
        if position == 0:
            out.append(Finding(
                "manifestation_first_listed", f"{code} is a manifestation code and may not be listed first",
                Severity.ERROR, code, "code first the underlying condition" + (f" ({etiologies[0]})" if etiologies else ""),
            ))
        later = [c for c in etiologies if known.index(c) > position]
        if later and position > 0:
            out.append(Finding(
                "etiology_after_manifestation", f"{later[0]} (the underlying condition) is listed after its manifestation {code}",
                Severity.ERROR, code, f"move {later[0]} before {code}",
            ))
        if not etiologies and refs:
            out.append(Finding(
                "etiology_missing", f"{code} needs its underlying condition coded first",
                Severity.WARNING, code, f"code first one of: {', '.join(refs[:MAX_LISTED])}",
            ))
    return out


def _additional_codes(known: list[str], release: Icd10Release) -> list[Finding]:
    """One reminder per group of "use additional code" notes (written at the code, or at an
    ancestor) none of whose codes is on the encounter."""
    out: list[Finding] = []
    for code in known:
        groups: dict[str, list[Note]] = {}
        for note in release.notes(code):
            if note.kind == "useAdditionalCode" and note.codes_referenced:
                groups.setdefault(note.inherited_from or code, []).append(note)
        for origin, notes in groups.items():
            broad = origin.startswith("Chapter") or "-" in origin  # chapter- or block-wide: a reminder only
            refs = list(dict.fromkeys(ref for n in notes for ref in n.codes_referenced))
            if any(reference_contains(ref, other) for ref in refs for other in known if other != code):
                continue
            wanted = "; ".join(n.text for n in notes[:MAX_LISTED])
            out.append(Finding(
                "use_additional_code", f"{code}: use an additional code ({wanted})",
                Severity.INFO if broad else Severity.WARNING,
                code,
                "add the code the note documents, if any: " + ", ".join(refs[:MAX_LISTED]),
            ))
    return out
