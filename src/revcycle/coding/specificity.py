"""From an indexed code to a billable one, and what documentation would make it more specific.

- A code needing a 7th character gets one: placeholder X up to the 6th position, then `A`
  (initial encounter, active treatment) by default, with a prompt to confirm the episode of care.
- A header (not billable) resolves to its single billable descendant, or to its unspecified
  descendant with a prompt naming what documentation would select a sibling.
- An unspecified billable code gets a prompt naming the axis its siblings differ by:
  laterality, type, acuity, or (otherwise) site/type in general.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.codesets.icd10cm import Icd10Code, Icd10Release

DEFAULT_EPISODE = "A"
AXES = (
    ("laterality (right, left, bilateral)", ("right", "left", "bilateral")),
    ("type (type 1, type 2, other specified)", ("type 1", "type 2")),
    ("acuity (acute, chronic, acute on chronic)", ("acute", "chronic")),
    ("episode (single, recurrent) and severity", ("recurrent", "single episode")),
    ("with or without complication", ("with ", "without ")),
)


@dataclass(frozen=True, slots=True)
class Resolved:
    code: str
    title: str
    prompts: tuple[str, ...]
    built: str = ""  # how the code was completed (7th character, placeholder, descendant)


def dotted(undotted: str) -> str:
    return undotted if len(undotted) <= 3 else f"{undotted[:3]}.{undotted[3:]}"


def resolve_billable(code: str, release: Icd10Release, episode: str = DEFAULT_EPISODE) -> Resolved | None:
    """The billable code a coder would report for `code` on this release, or None."""
    found = release.get(code)
    if found is None and len(code.replace(".", "")) == 6:  # a 7th-character stem with its placeholders
        full = release.get(f"{code}{episode}")
        if full is None or not full.billable:
            return None
        meanings = dict(full.seven_chr_definitions)
        prompt = f"episode of care: {episode} ({meanings.get(episode, '')}) assumed; confirm or document another"
        return Resolved(full.code, full.title, (prompt,), f"7th character {episode} ({meanings.get(episode, '')})")
    if found is None:
        return None
    if found.billable:
        return Resolved(found.code, found.title, tuple(specificity_prompts(found, release)))
    if found.seven_chr_required and found.placeholder_stem:
        return _with_seventh(found, release, episode)
    descendants = release.billable_descendants(found.code)
    if not descendants:
        return None
    chosen = descendants[0] if len(descendants) == 1 else _unspecified_of(descendants, release)
    if chosen is None:
        return None
    resolved = resolve_billable(chosen, release, episode)
    if resolved is None:
        return None
    built = f"{found.code} is a header; {resolved.code} is its {'only' if len(descendants) == 1 else 'unspecified'} billable code"
    return Resolved(resolved.code, resolved.title, resolved.prompts, built)


def _with_seventh(found: Icd10Code, release: Icd10Release, episode: str) -> Resolved | None:
    meanings = dict(found.seven_chr_definitions)
    char = episode if episode in meanings else next(iter(meanings), "")
    full = release.get(dotted(f"{found.placeholder_stem}{char}"))
    if full is None or not full.billable:
        return None
    padded = len(found.placeholder_stem or "") > len(found.code.replace(".", ""))
    built = f"7th character {char} ({meanings.get(char, '')})" + (" after placeholder X" if padded else "")
    others = [f"{c} {m}" for c, m in found.seven_chr_definitions if c != char]
    listed = ", ".join(others[:2]) + (f", or one of {len(others) - 2} more" if len(others) > 2 else "")
    prompt = f"episode of care: {char} ({meanings.get(char, '')}) assumed; confirm, or document for {listed}"
    return Resolved(full.code, full.title, (prompt, *specificity_prompts(found, release)), built)


def _unspecified_of(codes: list[str], release: Icd10Release) -> str | None:
    for code in codes:
        found = release.get(code)
        if found is not None and "unspecified" in found.title.lower():
            return code
    return None


def specificity_prompts(found: Icd10Code, release: Icd10Release) -> list[str]:
    """What documentation would allow a more specific code than an unspecified one."""
    if "unspecified" not in found.title.lower() or not found.parent:
        return []
    parent = release.get(found.parent)
    siblings = [release.get(code) for code in (parent.children if parent else ())]
    others = [s for s in siblings if s is not None and s.code != found.code]
    if not others:
        return []
    titles = " | ".join(s.title.lower() for s in others)
    own = found.title.lower()
    axes = [name for name, words in AXES if any(word in titles and word not in own for word in words)]
    examples = ", ".join(f"{s.code} {s.title}" for s in others[:3])
    wanted = " and ".join(axes) if axes else "the specific site or type"
    return [f"{found.code} is unspecified: documenting {wanted} would allow a more specific code (e.g. {examples})"]
