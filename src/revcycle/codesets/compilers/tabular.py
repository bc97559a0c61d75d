"""Compile one ICD-10-CM Tabular List XML (CDC/CMS format) into the columnar store.

The store is two JSON objects on two lines (the code table, then the notes, parsed only when
notes are asked for) of parallel arrays, one row per `<diag>` in tabular order, so loading
is one `json.loads` with no per-code object construction:

    codes[i], titles[i], parents[i] (row index or -1), blocks[i] (index into `block_table`)
    block_table[b] = [block id, title, chapter index]; chapter_table[c] = [number, title]
    note_table[n] = [kind, text]                       (deduplicated)
    code_notes / block_notes / chapter_notes = {row: [note ids]}   (own notes only)
    seven_chr = {row: [[char, meaning], ...]}          (where the sevenChrDef is written)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Any

NOTE_KINDS = (
    "includes",
    "inclusionTerm",
    "excludes1",
    "excludes2",
    "codeFirst",
    "useAdditionalCode",
    "codeAlso",
    "notes",
    "sevenChrNote",
)
STORE_FORMAT = 1


class _Compiler:
    def __init__(self) -> None:
        self.codes: list[str] = []
        self.titles: list[str] = []
        self.parents: list[int] = []
        self.blocks: list[int] = []
        self.chapter_table: list[list[Any]] = []
        self.block_table: list[list[Any]] = []
        self.note_table: list[list[str]] = []
        self._note_ids: dict[tuple[str, str], int] = {}
        self.code_notes: dict[str, list[int]] = {}
        self.block_notes: dict[str, list[int]] = {}
        self.chapter_notes: dict[str, list[int]] = {}
        self.seven_chr: dict[str, list[list[str]]] = {}

    def note_id(self, kind: str, text: str) -> int:
        key = (kind, text)
        if key not in self._note_ids:
            self._note_ids[key] = len(self.note_table)
            self.note_table.append([kind, text])
        return self._note_ids[key]

    def own_notes(self, element: ET.Element) -> list[int]:
        ids: list[int] = []
        for child in element:
            if child.tag in NOTE_KINDS:
                ids.extend(self.note_id(child.tag, _text(note)) for note in child.findall("note"))
        return ids

    def chapter(self, element: ET.Element) -> None:
        chapter_index = len(self.chapter_table)
        self.chapter_table.append([_text(element.find("name")), _text(element.find("desc"))])
        _store_if_any(self.chapter_notes, chapter_index, self.own_notes(element))
        for section in element.findall("section"):
            self.section(section, chapter_index)

    def section(self, element: ET.Element, chapter_index: int) -> None:
        block_index = len(self.block_table)
        self.block_table.append([element.get("id", ""), _text(element.find("desc")), chapter_index])
        _store_if_any(self.block_notes, block_index, self.own_notes(element))
        for diag in element.findall("diag"):
            self.diag(diag, -1, block_index)

    def diag(self, element: ET.Element, parent: int, block_index: int) -> None:
        row = len(self.codes)
        self.codes.append(_text(element.find("name")))
        self.titles.append(_text(element.find("desc")))
        self.parents.append(parent)
        self.blocks.append(block_index)
        note_ids = self.own_notes(element)
        definition = element.find("sevenChrDef")
        if definition is not None:
            self.seven_chr[str(row)] = self.seven_chr_definitions(definition, note_ids)
        _store_if_any(self.code_notes, row, note_ids)
        for child in element.findall("diag"):
            self.diag(child, row, block_index)

    def seven_chr_definitions(self, definition: ET.Element, note_ids: list[int]) -> list[list[str]]:
        """`[[char, meaning], ...]`; a `<note>` after an extension widens it (kept as a note)."""
        pairs: list[list[str]] = []
        for child in definition:
            if child.tag == "extension":
                pairs.append([child.get("char", ""), _text(child)])
            elif child.tag == "note" and pairs:
                text = f"7th character {pairs[-1][0]} also covers: {_text(child)}"
                note_ids.append(self.note_id("sevenChrNote", text))
        return pairs

    def result(self, release: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        core = {
            "format": STORE_FORMAT,
            "release": release,
            "chapter_table": self.chapter_table,
            "block_table": self.block_table,
            "codes": self.codes,
            "titles": self.titles,
            "parents": self.parents,
            "blocks": self.blocks,
            "seven_chr": self.seven_chr,
        }
        notes = {
            "note_table": self.note_table,
            "code_notes": self.code_notes,
            "block_notes": self.block_notes,
            "chapter_notes": self.chapter_notes,
        }
        return core, notes


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _store_if_any(target: dict[str, list[int]], index: int, ids: list[int]) -> None:
    if ids:
        target[str(index)] = ids


def compile_tabular(source: Path | IO[bytes], release: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parse a Tabular List XML file (or open binary stream) into the columnar store: the code
    table and the notes, written as two JSON lines so that look-ups never parse the notes."""
    root = ET.parse(source).getroot()
    compiler = _Compiler()
    for chapter in root.findall("chapter"):
        compiler.chapter(chapter)
    return compiler.result(release)
