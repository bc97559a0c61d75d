"""ICD-10-PCS by date of service: which release is in force, look-up with the reason a code is not
valid, the seven named axes, the coder's builder, validation.

    release_for(dos) -> PcsRelease                 the release serving that date of service
    releases() -> list[ReleaseInfo]                every shipped release, oldest first
    pcs_code(code, dos) -> PcsLookup               titles, axes, valid or not and why
    build(prefix, dos) -> PcsBuildStep             the values allowed for the next character
    validate(codes, dos) -> list[Finding]          not_7_characters, invalid_axis_value, not_in_release

Releases come from `data/icd10pcs_releases.json` (FY2025, FY2026 October, FY2026 April update).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from revcycle.codesets.icd10_model import ReleaseInfo, manifest_infos, release_serving
from revcycle.codesets.icd10pcs_release import AXIS_NAMES, CODE_LENGTH, PcsAxis, PcsOption, PcsRelease
from revcycle.codesets.packaged_data import read_json
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding

__all__ = [
    "PcsAxis",
    "PcsBuildStep",
    "PcsLookup",
    "PcsOption",
    "PcsRelease",
    "build",
    "pcs_code",
    "release_for",
    "releases",
    "title",
    "validate",
]

RELEASES_MANIFEST = "icd10pcs_releases.json"
TITLES_FILE = "icd10pcs_titles.json.gz"


@cache
def _release_objects() -> tuple[PcsRelease, ...]:
    return tuple(PcsRelease(info) for info in manifest_infos(read_json(RELEASES_MANIFEST)["releases"]))


def releases() -> list[ReleaseInfo]:
    return [release.info for release in _release_objects()]


def release_for(dos: date) -> PcsRelease:
    return release_serving(_release_objects(), dos, "ICD-10-PCS")


@cache
def _titles() -> tuple[dict[str, str], frozenset[str]]:
    store = read_json(TITLES_FILE)
    return dict(zip(store["codes"], store["titles"], strict=True)), frozenset(store["composed"])


def title(code: str) -> str:
    """The CMS long title (April 2026 order file), or one composed from the axes for the 41 FY2025
    codes no order file held; "" for a code never valid."""
    return _titles()[0].get(normalized(code), "")


def title_composed(code: str) -> bool:
    return normalized(code) in _titles()[1]


def normalized(code: str) -> str:
    return code.strip().upper().replace(".", "").replace(" ", "")


@dataclass(frozen=True, slots=True)
class PcsLookup:
    code: str
    dos: date
    release: ReleaseInfo
    valid: bool
    title: str
    title_composed: bool
    axes: tuple[PcsAxis, ...]
    operation_definition: str
    findings: tuple[Finding, ...] = field(default=())
    valid_in: tuple[str, ...] = field(default=())  # the releases (names) in which the code is valid

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "dos": self.dos.isoformat(),
            "valid": self.valid,
            "title": self.title,
            "title_composed": self.title_composed,
            "release": {
                "name": self.release.name,
                "label": self.release.label,
                "served": self.release.describe(),
                "source": self.release.source,
            },
            "axes": [axis.to_dict() for axis in self.axes],
            "operation_definition": self.operation_definition,
            "findings": [finding.to_dict() for finding in self.findings],
            "valid_in": list(self.valid_in),
        }


def pcs_code(code: str, dos: date) -> PcsLookup:
    key = normalized(code)
    release = release_for(dos)
    findings = tuple(_findings(key, release))
    return PcsLookup(
        code=key,
        dos=dos,
        release=release.info,
        valid=not findings,
        title=title(key),
        title_composed=title_composed(key),
        axes=release.axes(key[:CODE_LENGTH]),
        operation_definition=release.operation_definition(key),
        findings=findings,
        valid_in=tuple(other.name for other in _release_objects() if other.is_valid(key)),
    )


def validate(codes: Sequence[str], dos: date) -> list[Finding]:
    release = release_for(dos)
    return [finding for code in codes for finding in _findings(normalized(code), release)]


def _findings(key: str, release: PcsRelease) -> list[Finding]:
    if len(key) != CODE_LENGTH or not key.isalnum():
        return [
            Finding(
                "not_7_characters",
                f"{key!r} is not an ICD-10-PCS code: a code is 7 letters or digits, this has {len(key)}",
                location=key,
                hint="build the code from its table: `revcycle codes pcs-build` with the first characters",
            )
        ]
    problem = release.problem(key)
    if problem is None:
        return []
    elsewhere = [other for other in _release_objects() if other is not release and other.is_valid(key)]
    if elsewhere:
        return [
            Finding(
                "not_in_release",
                f"{key} is not valid on the date of service in {release.info.label}: "
                f"it is valid in {', '.join(other.info.describe() for other in elsewhere)}",
                location=key,
                hint="use a code valid in the release for the date of service",
            )
        ]
    allowed = ", ".join(f"{option.value} {option.label}".strip() for option in problem.allowed[:12])
    more = f" (and {len(problem.allowed) - 12} more)" if len(problem.allowed) > 12 else ""
    where = f"table {key[:3]}" if problem.position > 3 else "the tables"
    if problem.position > 4:
        where += f" for {key[: problem.position - 1]}"
    return [
        Finding(
            "invalid_axis_value",
            f"{key}: character {problem.position} ({problem.title}) {problem.value!r} is not defined in "
            f"{where} in {release.info.label}; allowed: {allowed}{more}",
            location=key,
            hint=f"pick one of the allowed values for character {problem.position}",
        )
    ]


@dataclass(frozen=True, slots=True)
class PcsBuildStep:
    prefix: str
    release: ReleaseInfo
    chosen: tuple[PcsAxis, ...]  # the prefix's characters, named and labelled
    position: int  # the character chosen next (1..7); 8 when the prefix is a whole code
    axis_name: str
    axis_title: str
    options: tuple[PcsOption, ...]
    code_title: str = ""  # when the prefix is a whole valid code

    def to_dict(self) -> dict[str, object]:
        return {
            "prefix": self.prefix,
            "release": self.release.name,
            "chosen": [axis.to_dict() for axis in self.chosen],
            "position": self.position,
            "axis_name": self.axis_name,
            "axis_title": self.axis_title,
            "options": [option.to_dict() for option in self.options],
            "code_title": self.code_title,
        }


def build(prefix: str, dos: date) -> PcsBuildStep:
    """The allowed values for the character after `prefix`, the way a coder reads a PCS table row."""
    key = normalized(prefix)
    release = release_for(dos)
    if len(key) > CODE_LENGTH:
        raise RevcycleError(ErrorCode.VALIDATION, f"{key!r}: an ICD-10-PCS prefix is at most 7 characters")
    problem = release.problem(key.ljust(CODE_LENGTH, "?")) if key else None
    if problem is not None and problem.position <= len(key):
        allowed = ", ".join(f"{option.value} {option.label}".strip() for option in problem.allowed)
        raise RevcycleError(
            ErrorCode.VALIDATION,
            f"no ICD-10-PCS code starts with {key} in {release.info.label}: character "
            f"{problem.position} ({problem.title}) {problem.value!r} is not allowed after "
            f"{key[: problem.position - 1] or 'the start'}; allowed: {allowed}",
        )
    chosen = (
        release.axes(key)
        if len(key) >= 1 and release.table(key.ljust(3, "?")[:3])
        else _head_axes(release, key)
    )
    if len(key) == CODE_LENGTH:
        return PcsBuildStep(key, release.info, chosen, CODE_LENGTH + 1, "", "", (), title(key))
    table = release.table(key) if len(key) >= 3 else None
    axis_title = table["titles"][len(key) - 3] if table else ("Section", "Body System", "Operation")[len(key)]
    return PcsBuildStep(
        key, release.info, chosen, len(key) + 1, AXIS_NAMES[len(key)], axis_title, tuple(release.options(key))
    )


def _head_axes(release: PcsRelease, prefix: str) -> tuple[PcsAxis, ...]:
    """Named axes for a prefix shorter than a table (1-2 characters)."""
    axes: list[PcsAxis] = []
    for position in range(len(prefix)):
        label = next(
            (
                option.label
                for option in release.options(prefix[:position])
                if option.value == prefix[position]
            ),
            "",
        )
        axes.append(
            PcsAxis(
                position + 1,
                AXIS_NAMES[position],
                ("Section", "Body System")[position],
                prefix[position],
                label,
            )
        )
    return tuple(axes)
