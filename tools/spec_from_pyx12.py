"""Generate a guide spec (JSON, see `spec.py`) from one of pyx12's XML maps.

    python tools/spec_from_pyx12.py MAP_DIR/835.5010.X221.A1.xml OUT.json

Reads only XML (stdlib); pyx12 itself is not imported. The spec starts at the ST_LOOP (the
envelope is handled by `envelope.py`); pyx12's wrapper loops (HEADER/DETAIL/FOOTER) are
flattened into their parent, element types and lengths come from the map's `dataele.xml`.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _repeat(text: str | None) -> int:
    text = (text or "1").strip()
    return 0 if text.startswith(">") else int(text)


def _data_elements(map_dir: Path) -> dict[str, tuple[str, int, int]]:
    root = ET.parse(map_dir / "dataele.xml").getroot()
    return {
        node.get("ele_num", ""): (
            node.get("data_type", "AN"),
            int(node.get("min_len", "0")),
            int(node.get("max_len", "0")),
        )
        for node in root.iter("data_ele")
    }


def _element(node: ET.Element, dictionary: dict[str, tuple[str, int, int]]) -> list:
    number = (node.findtext("data_ele") or "").strip()
    data_type, min_len, max_len = dictionary.get(number, ("AN", 0, 0))
    codes = [code.text or "" for code in node.findall("valid_codes/code")]
    return [
        node.get("xid"),
        node.findtext("usage", "S").strip(),
        data_type,
        min_len,
        max_len,
        codes or None,
        number,
    ]


def _segment(node: ET.Element, dictionary: dict[str, tuple[str, int, int]]) -> dict:
    elements: list = []
    for child in node:
        if child.tag == "element":
            elements.append(_element(child, dictionary))
        elif child.tag == "composite":
            components = [_element(item, dictionary) for item in child.findall("element")]
            elements.append(
                {
                    "composite": child.get("xid"),
                    "usage": child.findtext("usage", "S").strip(),
                    "components": components,
                }
            )
    segment = {
        "seg": node.get("xid"),
        "name": (node.findtext("name") or "").strip(),
        "usage": node.findtext("usage", "S").strip(),
        "max": _repeat(node.findtext("max_use")),
        "elements": elements,
    }
    syntax = [(rule.text or "").strip() for rule in node.findall("syntax") if (rule.text or "").strip()]
    if syntax:
        segment["syntax"] = syntax  # X12 relational conditions: P0304, R0203, C0102, L050607, E0102
    return segment


def _items(node: ET.Element, dictionary: dict[str, tuple[str, int, int]]) -> list:
    items: list = []
    for child in node:
        if child.tag == "segment":
            items.append(_segment(child, dictionary))
        elif child.tag == "loop" and child.get("type") == "wrapper":
            items.extend(_items(child, dictionary))
        elif child.tag == "loop":
            items.append(_loop(child, dictionary))
    return items


def _loop(node: ET.Element, dictionary: dict[str, tuple[str, int, int]]) -> dict:
    return {
        "loop": node.get("xid"),
        "name": (node.findtext("name") or "").strip(),
        "usage": node.findtext("usage", "S").strip(),
        "repeat": _repeat(node.findtext("repeat")),
        "items": _items(node, dictionary),
    }


def spec_from_map(map_file: Path) -> dict:
    dictionary = _data_elements(map_file.parent)
    root = ET.parse(map_file).getroot()
    st_loop = next(node for node in root.iter("loop") if node.get("xid") == "ST_LOOP")
    spec = _loop(st_loop, dictionary)
    spec["source"] = f"pyx12 map {map_file.name}"
    return spec


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    spec = spec_from_map(Path(argv[0]))
    out = Path(argv[1])
    if out.exists():  # keep hand-made errata additions across regeneration
        previous = json.loads(out.read_text(encoding="utf-8"))
        for key in ("code_additions", "code_additions_reason"):
            if key in previous:
                spec[key] = previous[key]
    out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
