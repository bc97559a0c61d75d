"""One function per compiled artefact. Each `compile_*` returns {file name: uncompressed bytes};
`build_*` writes them into the package data directory (gzip when the name ends in .gz)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from revcycle.codesets.compilers.flat_lists import compile_hcpcs, compile_pos
from revcycle.codesets.compilers.icd10pcs import compile_icd10pcs
from revcycle.codesets.compilers.ioce import compile_ioce_ptp
from revcycle.codesets.compilers.mce import compile_mce_age_sex
from revcycle.codesets.compilers.sources import compact_json_bytes, open_source, write_gzip
from revcycle.codesets.compilers.tabular import compile_tabular
from revcycle.codesets.packaged_data import DATA_DIR, read_json

RELEASES_MANIFEST = "icd10cm_releases.json"
SEVENTH_EXCEPTIONS = "icd10cm_seventh_character_exceptions.json"
MCE_FILE = "mce_dx_age_sex.json.gz"
HCPCS_FILE = "hcpcs_level2.csv.gz"
POS_FILE = "place_of_service.csv"


def seventh_character_exclusions(codes: list[str], rules: list[dict[str, Any]]) -> dict[str, str]:
    """{row: excluded 7th characters} for the rows the prose rules name."""
    exclusions: dict[str, str] = {}
    for row, code in enumerate(codes):
        key = code.replace(".", "")
        for rule in rules:
            if key.startswith(rule["category"]) and len(key) == 6 and key[5] in rule["sixth_characters"]:
                exclusions[str(row)] = "".join(rule["excluded_seventh_characters"])
    return exclusions


def compile_icd10cm_release(release: dict[str, str]) -> dict[str, bytes]:
    with open_source(release["source_ref"]) as stream:
        core, notes = compile_tabular(stream, {key: release[key] for key in ("name", "label", "source")})
    rules = read_json(SEVENTH_EXCEPTIONS)["rules"]
    core["seven_chr_exclusions"] = seventh_character_exclusions(core["codes"], rules)
    return {release["file"]: compact_json_bytes(core) + b"\n" + compact_json_bytes(notes)}


def compile_icd10cm() -> dict[str, bytes]:
    compiled: dict[str, bytes] = {}
    for release in read_json(RELEASES_MANIFEST)["releases"]:
        compiled.update(compile_icd10cm_release(release))
    return compiled


def compile_mce() -> dict[str, bytes]:
    return {MCE_FILE: compact_json_bytes(compile_mce_age_sex())}


def compile_hcpcs_file() -> dict[str, bytes]:
    return {HCPCS_FILE: compile_hcpcs().encode("utf-8")}


def compile_pos_file() -> dict[str, bytes]:
    return {POS_FILE: compile_pos().encode("utf-8")}


def write_compiled(compiled: dict[str, bytes]) -> list[Path]:
    written: list[Path] = []
    for name, content in compiled.items():
        target = DATA_DIR / name
        if name.endswith(".gz"):
            write_gzip(target, content)
        else:
            target.write_bytes(content)
        written.append(target)
    return written


COMPILE_STEPS: dict[str, Callable[[], dict[str, bytes]]] = {
    "hcpcs": compile_hcpcs_file,
    "icd10cm": compile_icd10cm,
    "icd10pcs": compile_icd10pcs,
    "ioce": compile_ioce_ptp,
    "mce": compile_mce,
    "pos": compile_pos_file,
}
