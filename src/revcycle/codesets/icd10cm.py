"""ICD-10-CM by date of service: which release is in force, look-up, notes, validation.

    release_for(dos) -> Icd10Release        the release serving that date of service
    releases() -> list[ReleaseInfo]         every shipped release, oldest first
    validate(codes, dos, age=None, sex=None) -> list[Finding]

Releases come from the data manifest `data/icd10cm_releases.json`: adding the next one is a
data drop plus a manifest row (see docs.md), not code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from revcycle.codesets.icd10_model import Icd10Code, Note, ReleaseInfo
from revcycle.codesets.icd10_registry import all_releases, release_for, release_named, releases
from revcycle.codesets.icd10_release import Icd10Release
from revcycle.codesets.icd10_validation import validate_codes
from revcycle.kernel.findings import Finding

__all__ = [
    "Icd10Code",
    "Icd10Release",
    "Note",
    "ReleaseInfo",
    "all_releases",
    "release_for",
    "release_named",
    "releases",
    "validate",
]


def validate(codes: Sequence[str], dos: date, age: int | None = None, sex: str | None = None) -> list[Finding]:
    """One finding per problem with each code, and with the codes taken together (Excludes1,
    age and sex edits). Finding.code is one of: not_in_release, not_billable,
    missing_7th_character, invalid_7th_character, missing_placeholder, unknown_code,
    excludes1_conflict, age_conflict, sex_conflict. Finding.location is the code concerned."""
    return validate_codes(codes, dos, age=age, sex=sex)
