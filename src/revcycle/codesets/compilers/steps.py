"""One function per compiled artefact; each returns the paths it wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from revcycle.codesets.compilers.flat_lists import compile_hcpcs, compile_pos
from revcycle.codesets.compilers.mce import compile_mce_age_sex
from revcycle.codesets.compilers.sources import compact_json_bytes, open_source, write_gzip
from revcycle.codesets.compilers.tabular import compile_tabular
from revcycle.codesets.packaged_data import DATA_DIR, read_json

RELEASES_MANIFEST = "icd10cm_releases.json"
MCE_FILE = "mce_dx_age_sex.json.gz"
HCPCS_FILE = "hcpcs_level2.csv.gz"
POS_FILE = "place_of_service.csv"


SEVENTH_EXCEPTIONS = "icd10cm_seventh_character_exceptions.json"


def seventh_character_exclusions(codes: list[str], rules: list[dict[str, Any]]) -> dict[str, str]:
    """{row: excluded 7th characters} for the rows the prose rules name."""
    exclusions: dict[str, str] = {}
    for row, code in enumerate(codes):
        key = code.replace(".", "")
        for rule in rules:
            if key.startswith(rule["category"]) and len(key) == 6 and key[5] in rule["sixth_characters"]:
                exclusions[str(row)] = "".join(rule["excluded_seventh_characters"])
    return exclusions


def build_icd10cm_release(release: dict[str, str]) -> Path:
    with open_source(release["source_ref"]) as stream:
        store = compile_tabular(stream, {key: release[key] for key in ("name", "label", "source")})
    rules = read_json(SEVENTH_EXCEPTIONS)["rules"]
    store["seven_chr_exclusions"] = seventh_character_exclusions(store["codes"], rules)
    target = DATA_DIR / release["file"]
    write_gzip(target, compact_json_bytes(store))
    return target


def build_icd10cm() -> list[Path]:
    return [build_icd10cm_release(release) for release in read_json(RELEASES_MANIFEST)["releases"]]


def build_mce() -> list[Path]:
    target = DATA_DIR / MCE_FILE
    write_gzip(target, compact_json_bytes(compile_mce_age_sex()))
    return [target]


def build_hcpcs() -> list[Path]:
    target = DATA_DIR / HCPCS_FILE
    write_gzip(target, compile_hcpcs().encode("utf-8"))
    return [target]


def build_pos() -> list[Path]:
    target = DATA_DIR / POS_FILE
    target.write_text(compile_pos(), encoding="utf-8")
    return [target]


BUILD_STEPS: dict[str, Callable[[], list[Path]]] = {
    "hcpcs": build_hcpcs,
    "icd10cm": build_icd10cm,
    "mce": build_mce,
    "pos": build_pos,
}
