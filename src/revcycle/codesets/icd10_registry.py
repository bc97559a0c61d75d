"""The shipped ICD-10-CM releases, read from the data manifest `data/icd10cm_releases.json`."""

from __future__ import annotations

from datetime import date
from functools import cache

from revcycle.codesets.icd10_model import ReleaseInfo, manifest_infos, release_serving
from revcycle.codesets.icd10_release import Icd10Release
from revcycle.codesets.packaged_data import read_json
from revcycle.kernel.errors import ErrorCode, RevcycleError

RELEASES_MANIFEST = "icd10cm_releases.json"


@cache
def _release_objects() -> tuple[Icd10Release, ...]:
    return tuple(Icd10Release(info) for info in manifest_infos(read_json(RELEASES_MANIFEST)["releases"]))


def releases() -> list[ReleaseInfo]:
    return [release.info for release in _release_objects()]


def all_releases() -> tuple[Icd10Release, ...]:
    return _release_objects()


def release_for(dos: date) -> Icd10Release:
    return release_serving(_release_objects(), dos, "ICD-10-CM")


def release_named(name: str) -> Icd10Release:
    for release in _release_objects():
        if release.name.upper() == name.upper():
            return release
    raise RevcycleError(ErrorCode.NOT_FOUND, f"no ICD-10-CM release named {name!r}")

