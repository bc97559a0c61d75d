"""Value objects of the ICD-10-CM API: a release's identity, a code, a note."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

from revcycle.kernel.errors import ErrorCode, RevcycleError


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    name: str  # "FY2026"
    label: str  # "FY2026 (April 1 2026 update)"
    effective_from: date
    effective_through: date | None  # None: open-ended (serves every later date of service)
    source: str
    file: str

    def serves(self, dos: date) -> bool:
        return self.effective_from <= dos and (self.effective_through is None or dos <= self.effective_through)

    def staleness_note(self, dos: date) -> str | None:
        """For an open-ended release asked about a date past its fiscal year: say so."""
        fiscal_year_end = date(self.effective_from.year + 1, 9, 30)
        if self.effective_through is not None or dos <= fiscal_year_end:
            return None
        return (f"{self.name} is the newest ICD-10-CM release held; {dos.isoformat()} falls after its fiscal "
                f"year (ended {fiscal_year_end.isoformat()}): add the next release to be current")

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> ReleaseInfo:
        """One release of a releases manifest (`icd10cm_releases.json`, `icd10pcs_releases.json`)."""
        through = row["effective_through"]
        return cls(row["name"], row["label"], date.fromisoformat(row["effective_from"]),
                   date.fromisoformat(through) if through else None, row["source"], row["file"])  # fmt: skip

    def describe(self) -> str:
        """e.g. "FY2026 (April 1 2026 update), serves 2025-10-01 onward"."""
        if self.effective_through is None:
            return f"{self.label}, serves {self.effective_from.isoformat()} onward"
        return f"{self.label}, serves {self.effective_from.isoformat()}..{self.effective_through.isoformat()}"


@dataclass(frozen=True, slots=True)
class Note:
    """One Tabular List instruction that applies to a code.

    kind: includes, inclusionTerm, excludes1, excludes2, codeFirst, useAdditionalCode,
    codeAlso, notes, sevenChrNote, sevenChrDef, placeholder.
    inherited_from: None when written at the code itself; else the ancestor code, the block
    ("S50-S59") or the chapter ("Chapter 19") where it is written.
    codes_referenced: canonical references in the text ("S58", "P35-P39", "M97.4").
    """

    kind: str
    text: str
    codes_referenced: tuple[str, ...] = ()
    inherited_from: str | None = None


@dataclass(frozen=True, slots=True)
class Icd10Code:
    code: str  # dotted, e.g. "S52.521A"
    title: str
    billable: bool
    chapter: str  # chapter number as in the tabular, e.g. "19"
    block: str  # e.g. "S50-S59"
    parent: str | None
    children: tuple[str, ...]
    release: str = ""
    chapter_title: str = ""
    block_title: str = ""
    seven_chr_required: bool = False  # a leaf that needs a 7th character to be billable
    seven_chr_definitions: tuple[tuple[str, str], ...] = field(default=())
    seven_chr_defined_at: str | None = None  # code whose sevenChrDef applies
    placeholder_stem: str | None = None  # e.g. "S02.0XX": pad with X before the 7th character
    synthesized: bool = False  # a 7th-character code built from sevenChrDef (not a tabular row)


def manifest_infos(rows: Iterable[Mapping[str, str]]) -> list[ReleaseInfo]:
    """A releases manifest's rows as `ReleaseInfo`s, oldest first."""
    return sorted((ReleaseInfo.from_row(row) for row in rows), key=lambda info: info.effective_from)


class _Held(Protocol):
    info: ReleaseInfo


Held = TypeVar("Held", bound=_Held)


def release_serving(held: Sequence[Held], dos: date, system: str) -> Held:
    """The release of `held` serving the date of service; NO_RELEASE_FOR_DATE naming what is shipped."""
    for release in held:
        if release.info.serves(dos):
            return release
    served = ", ".join(release.info.describe() for release in held)
    raise RevcycleError(ErrorCode.NO_RELEASE_FOR_DATE,
                        f"no {system} release serves date of service {dos.isoformat()} (shipped: {served})")
