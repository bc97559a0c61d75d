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
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import IO

from revcycle.codesets.search.entries import Entry

RELEASES_FILE = Path(__file__).resolve().parents[2] / "data" / "icd10cm_releases.json"


def _opener(corpus: Path, source_ref: str) -> Callable[[], IO[bytes]]:
    kind, _, reference = source_ref.partition(":")
    if kind == "corpus":
        path = corpus / reference
        return (lambda: gzip.open(path)) if path.suffix == ".gz" else (lambda: path.open("rb"))
    if kind == "package":
        package, _, inner = reference.partition(":")
        return lambda: resources.files(package).joinpath(inner).open("rb")
    raise ValueError(f"unknown source_ref kind {kind!r} in {RELEASES_FILE}")


def release_sources(corpus: Path) -> list[tuple[str, Callable[[], IO[bytes]]]]:
    """(release name, opener of its Tabular List XML) for every release in the release table."""
    table = json.loads(RELEASES_FILE.read_text(encoding="utf-8"))
    return [(release["name"], _opener(corpus, release["source_ref"])) for release in table["releases"]]


def _flat(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def tabular_entries(sources: list[tuple[str, Callable[[], IO[bytes]]]], stats: Counter[str]) -> list[Entry]:
    seen: set[tuple[str, str, str]] = set()
    entries: list[Entry] = []
    for name, open_source in sources:
        with open_source() as stream:
            root = ET.parse(stream).getroot()
        for diag in root.iter("diag"):
            code = _flat(diag.find("name"))
            wordings = [("tabular_title", _flat(diag.find("desc")))]
            wordings += [("inclusion_term", _flat(note)) for note in diag.findall("inclusionTerm/note")]
            for kind, text in wordings:
                if text and (kind, code, text) not in seen:
                    seen.add((kind, code, text))
                    entries.append(Entry(code, text, kind, text))
                    stats[f"{kind} ({name} first)"] += 1
    return entries
