"""Code references written inside Tabular List notes, and whether a code falls within one.

Notes name codes the way coders write them: `M97.4` (that code and its subcodes),
`S58.-` / `O09.0-` (a category or subcategory and everything under it), `P35-P39` (a range
of categories, inclusive), sometimes narrowed by a qualifier: `E08-E13 with .21`,
`B27.- with fifth character 2`, `S06.0X- with seventh character A`, `I69. with final
characters -23`. `references_in` returns them canonically — dotted code without the
trailing dash, `FIRST-LAST`, plus ` with <qualifier>` as written — and `reference_contains`
answers "is code X covered by this reference?". A qualifier we cannot read covers nothing:
an edit must not fire on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CODE = r"[A-Z](?:\d[0-9A-Z]|[A-Z]\d)(?:\.[0-9A-Z]{1,4})?"  # QA0 (FY2026) has a letter second
_REFERENCE = re.compile(
    rf"(?<![A-Za-z0-9])({_CODE})(?:\.-|-|\.)?(?:\s*-\s*({_CODE})(?:\.-|-)?)?(?![A-Za-z0-9])"
    r"(?:\s+with\s+([^),;]+))?"
)
_SUFFIX = re.compile(r"\.([0-9A-Z]+)-?(?:\s*-\s*\.([0-9A-Z]+)-?)?")
_POSITION = re.compile(r"(fifth|sixth|seventh|5th|6th|7th)[- ]characters?\s+\.?([0-9A-Z])")
_FINAL = re.compile(r"final characters?\s+-?([0-9A-Z]+)")
_FIFTH_TO_SIXTH = re.compile(r"fifth to sixth characters?\s+([0-9A-Z]{2})")
_POSITIONS = {"fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "seventh": 6, "7th": 6}


def undotted(code: str) -> str:
    return code.strip().upper().replace(".", "")


def dotted(code: str) -> str:
    key = code if code.isalnum() and code.isupper() else undotted(code)
    return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"


def references_in(text: str, is_known_code: Callable[[str], bool]) -> tuple[str, ...]:
    """Canonical references found in `text`; a lone code counts only if `is_known_code` says so
    (this drops look-alikes such as the B12 of "vitamin B12")."""
    found: list[str] = []
    for match in _REFERENCE.finditer(text):
        first, last, qualifier = match.group(1), match.group(2), match.group(3)
        if last:
            reference = f"{first}-{last}"
        elif is_known_code(undotted(first)):
            reference = first
        else:
            continue
        if qualifier:
            reference = f"{reference} with {qualifier.strip()}"
        if reference not in found:
            found.append(reference)
    return tuple(found)


def reference_contains(reference: str, code: str) -> bool:
    key = undotted(code)
    target, _with, qualifier = reference.partition(" with ")
    if "-" in target:
        first, last = (undotted(part) for part in target.split("-", 1))
        inside = key[: len(first)] >= first and key[: len(last)] <= last
    else:
        inside = key.startswith(undotted(target))
    return inside and (not qualifier or _qualifier_holds(qualifier, key))


def _qualifier_holds(qualifier: str, key: str) -> bool:
    suffix = _SUFFIX.fullmatch(qualifier)
    if suffix:
        low, high = suffix.group(1), suffix.group(2) or suffix.group(1)
        tail = key[3:]
        return tail[: len(low)] >= low and tail[: len(high)] <= high
    position = _POSITION.fullmatch(qualifier)
    if position:
        index = _POSITIONS[position.group(1)]
        return len(key) > index and key[index] == position.group(2)
    final = _FINAL.fullmatch(qualifier)
    if final:
        return key.endswith(final.group(1))
    fifth_to_sixth = _FIFTH_TO_SIXTH.fullmatch(qualifier)
    if fifth_to_sixth:
        return key[4:6] == fifth_to_sixth.group(1)
    return False
