"""The shipped ICD-10-CM releases, read from the data manifest `data/icd10cm_releases.json`."""

from __future__ import annotations

from datetime import date
from functools import cache

from revcycle.codesets.icd10_model import ReleaseInfo
from revcycle.codesets.icd10_release import Icd10Release
from revcycle.codesets.packaged_data import read_json
from revcycle.kernel.errors import ErrorCode, RevcycleError

RELEASES_MANIFEST = "icd10cm_releases.json"


@cache
def _release_objects() -> tuple[Icd10Release, ...]:
    rows = read_json(RELEASES_MANIFEST)["releases"]
    infos = [
        ReleaseInfo(
            name=row["name"],
            label=row["label"],
            effective_from=date.fromisoformat(row["effective_from"]),
            effective_through=date.fromisoformat(row["effective_through"]) if row["effective_through"] else None,
            source=row["source"],
            file=row["file"],
        )
        for row in rows
    ]
    return tuple(Icd10Release(info) for info in sorted(infos, key=lambda info: info.effective_from))


def releases() -> list[ReleaseInfo]:
    return [release.info for release in _release_objects()]


def all_releases() -> tuple[Icd10Release, ...]:
    return _release_objects()


def release_for(dos: date) -> Icd10Release:
    for release in _release_objects():
        if release.info.serves(dos):
            return release
    served = ", ".join(release.info.describe() for release in _release_objects())
    raise RevcycleError(
        ErrorCode.NO_RELEASE_FOR_DATE,
        f"no ICD-10-CM release serves date of service {dos.isoformat()} (shipped: {served})",
    )


def release_named(name: str) -> Icd10Release:
    for release in _release_objects():
        if release.name.upper() == name.upper():
            return release
    raise RevcycleError(ErrorCode.NOT_FOUND, f"no ICD-10-CM release named {name!r}")

