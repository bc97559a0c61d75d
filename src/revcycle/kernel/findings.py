"""Findings: bad user data comes back as values, never as exceptions.

A `Finding` is what a validation, a coding rule or a scrubber edit reports: a stable
machine-readable `code` (e.g. `not_billable`, `excludes1_conflict`), a severity, a message
for people, where it concerns (`location`: a code, a field, a line) and a fix hint.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    location: str = ""
    hint: str = ""

    def to_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.severity is Severity.ERROR for finding in findings)
