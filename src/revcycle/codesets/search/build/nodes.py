"""Read the index sources into one tree shape: `IndexNode` (title, modifiers, code, see, cells).

- the flattened Alphabetic Index CSV (`RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code`,
  document order, Level 0 = main term);
- the official index XML (`ICD10CM.index`: mainTerm/term with title + <nemod>, code, see,
  seeAlso, and for the Drug and Neoplasm tables <cell col="N">).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.codesets.search.text import without_modifiers


@dataclass(eq=False)
class IndexNode:
    title: str
    modifiers: str = ""
    code: str = ""
    see: str = ""
    see_also: str = ""
    cells: dict[int, str] = field(default_factory=dict)
    children: list[IndexNode] = field(default_factory=list)
    parent: IndexNode | None = None

    def add(self, child: IndexNode) -> IndexNode:
        child.parent = self
        self.children.append(child)
        return child

    def chain(self) -> list[IndexNode]:
        """Nodes from the main term down to this node."""
        node: IndexNode | None = self
        chain: list[IndexNode] = []
        while node is not None and node.parent is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def titles(self) -> list[str]:
        """Titles from the main term down to this node."""
        return [node.title for node in self.chain()]

    def levels(self) -> list[str]:
        """Each level's essential wording: title plus any text the flattened index put after
        a modifier ("gravitational (G) forces or states" -> "gravitational forces or states")."""
        return [without_modifiers(f"{node.title} {node.modifiers}") for node in self.chain()]

    def modifier_text(self) -> str:
        node: IndexNode | None = self
        texts: list[str] = []
        while node is not None:
            texts.append(node.modifiers)
            node = node.parent
        return " ".join(text for text in texts if text)


def read_alphabetic_csv(path: Path) -> IndexNode:
    """The flattened Alphabetic Index as a tree under an untitled root."""
    root = IndexNode(title="")
    stack: list[IndexNode] = [root]
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            level = int(row["Level"])
            del stack[level + 1 :]
            node = IndexNode(
                title=row["Term"].strip(),
                modifiers=row["NonEssModif"].strip(),
                code=row["Code"].strip(),
                see=row["See"].strip(),
                see_also=row["SeeAlso"].strip(),
            )
            stack[-1].add(node)
            stack.append(node)
    return root


def _flat(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _title_and_modifiers(element: ET.Element | None) -> tuple[str, str]:
    if element is None:
        return "", ""
    modifiers: list[str] = []
    essential = [element.text or ""]
    for child in element:
        (modifiers if child.tag == "nemod" else essential).append(_flat(child))
        essential.append(child.tail or "")
    return " ".join(" ".join(essential).split()), " ".join(modifiers)


def _xml_node(element: ET.Element) -> IndexNode:
    title, modifiers = _title_and_modifiers(element.find("title"))
    node = IndexNode(
        title=title,
        modifiers=modifiers,
        code=_flat(element.find("code")),
        see=_flat(element.find("see")),
        see_also=_flat(element.find("seeAlso")),
        cells={int(cell.get("col", "0")): _flat(cell) for cell in element.findall("cell")},
    )
    for term in element.findall("term"):
        node.add(_xml_node(term))
    return node


def read_index_xml(path: Path) -> tuple[IndexNode, dict[int, str]]:
    """An index XML file as a tree under an untitled root, plus its column headings (tables)."""
    document = ET.parse(path).getroot()
    headings = {int(head.get("col", "0")): _flat(head) for head in document.iter("head")}
    root = IndexNode(title="")
    for letter in document.findall("letter"):
        for main_term in letter.findall("mainTerm"):
            root.add(_xml_node(main_term))
    return root, headings
