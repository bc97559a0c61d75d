"""Code references written inside Tabular List notes, and whether a code falls within one.

Notes name codes the way coders write them: `M97.4` (that code and its subcodes),
`S58.-` / `O09.0-` (a category or subcategory and everything under it) and `P35-P39`
(a range of categories, inclusive). `references_in` returns them canonically — dotted code
without the trailing dash, or `FIRST-LAST` — and `reference_contains` answers "is code X
covered by this reference?".
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CODE = r"[A-Z](?:\d[0-9A-Z]|[A-Z]\d)(?:\.[0-9A-Z]{1,4})?"  # QA0 (FY2026) has a letter second
_REFERENCE = re.compile(rf"(?<![A-Za-z0-9])({_CODE})(?:\.-|-)?(?:\s*-\s*({_CODE}))?(?![A-Za-z0-9])")


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
        first, last = match.group(1), match.group(2)
        if last:
            reference = f"{first}-{last}"
        elif is_known_code(undotted(first)):
            reference = first
        else:
            continue
        if reference not in found:
            found.append(reference)
    return tuple(found)


def reference_contains(reference: str, code: str) -> bool:
    key = undotted(code)
    if "-" in reference:
        first, last = (undotted(part) for part in reference.split("-", 1))
        return key[: len(first)] >= first and key[: len(last)] <= last
    return key.startswith(undotted(reference))
