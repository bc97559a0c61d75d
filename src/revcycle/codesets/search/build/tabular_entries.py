"""Tabular List titles and inclusion terms of every shipped release -> entries.

The releases are the ones listed in `revcycle/codesets/data/icd10cm_releases.json` (the
code-set package's release table), so adding a release there adds its wording here on the
next build. An entry appears once per (source, code, wording) across releases; whether its
code may be offered is decided at query time by the release in force.
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import IO

from revcycle.codesets.search.entries import Entry

RELEASES_FILE = Path(__file__).resolve().parents[2] / "data" / "icd10cm_releases.json"


def release_sources(corpus: Path) -> list[tuple[str, Path | IO[bytes]]]:
    """(release name, opened source) for every release in the release table."""
    table = json.loads(RELEASES_FILE.read_text(encoding="utf-8"))
    sources: list[tuple[str, Path | IO[bytes]]] = []
    for release in table["releases"]:
        kind, _, reference = release["source_ref"].partition(":")
        if kind == "corpus":
            path = corpus / reference
            sources.append((release["name"], gzip.open(path) if path.suffix == ".gz" else path))
        elif kind == "package":
            package, _, inner = reference.partition(":")
            sources.append((release["name"], resources.files(package).joinpath(inner).open("rb")))
        else:
            raise ValueError(f"unknown source_ref kind {kind!r} in {RELEASES_FILE}")
    return sources


def _flat(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def tabular_entries(sources: list[tuple[str, Path | IO[bytes]]], stats: Counter[str]) -> list[Entry]:
    seen: set[tuple[str, str, str]] = set()
    entries: list[Entry] = []
    for name, source in sources:
        for diag in ET.parse(source).getroot().iter("diag"):
            code = _flat(diag.find("name"))
            wordings = [("tabular_title", _flat(diag.find("desc")))]
            wordings += [("inclusion_term", _flat(note)) for note in diag.findall("inclusionTerm/note")]
            for kind, text in wordings:
                if text and (kind, code, text) not in seen:
                    seen.add((kind, code, text))
                    entries.append(Entry(code, text, kind, text))
                    stats[f"{kind} ({name} first)"] += 1
    return entries
