"""Declarative guide specifications: loops, segments and elements in guide order.

A guide is a tree of `LoopSpec`; each loop lists its items (segments and child loops) in guide
order, and its first item is the segment that starts it. A segment spec names its id, usage
(R required, S situational, N not used), maximum use and elements. When several segments with
the same id sit in one loop (NM1*85 / NM1*87, HL*..*20 / HL*..*22), their `qualifier` (the first
element with a code list, e.g. NM101 or HL03) tells them apart.

Specs are stored as JSON in each guide's folder (`guides/<folder>/data/spec_<key>.json`), generated
from pyx12's maps with `python tools/spec_from_pyx12.py` (a build-time tool of the repository, not
of the package) or written by hand in the same shape:

    {"loop": "2100", "name": "...", "usage": "R", "repeat": 0, "items": [segment | loop, ...]}
    {"seg": "CLP", "name": "...", "usage": "R", "max": 1, "elements": [element, ...]}
    element:   ["CLP01", usage, type, min_len, max_len, [codes] or null, data_element_ref]
    composite: {"composite": "SVC01", "usage": "R", "components": [element, ...]}
    optional "syntax": ["P0304", "R0203"] on a segment: X12 relational conditions (P paired,
    R at least one, C if first then all, L if first then at least one more, E at most one)

`repeat`/`max` 0 means unbounded (">1" in the guide). A top-level `code_additions` object adds
codes the generated lists miss (TR3 errata), each with the reason in `code_additions_reason`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ElementSpec:
    ref: str  # "CLP04"
    usage: str
    data_type: str  # AN, ID, N0, N2, R, DT, TM, B
    min_len: int
    max_len: int
    codes: frozenset[str] | None
    element_number: str = ""  # data element dictionary number, e.g. "782"
    components: tuple[ElementSpec, ...] = ()

    @property
    def is_composite(self) -> bool:
        return bool(self.components)


@dataclass(slots=True)
class SegmentSpec:
    id: str
    name: str
    usage: str
    max_use: int  # 0: unbounded
    elements: tuple[ElementSpec, ...]
    qualifier: tuple[int, frozenset[str]] | None = None  # (element position, codes)
    syntax: tuple[str, ...] = ()  # X12 relational conditions, e.g. "P0304", "R0203", "L050607"
    qualifier_in_composite: bool = False  # the qualifier is the first component (HI01-1 BK/BF/BH…)

    def matches(self, segment: list[str]) -> bool:
        if self.qualifier is None:
            return True
        position, codes = self.qualifier
        if position >= len(segment):
            return False
        value = segment[position]
        return (leading_code(value) if self.qualifier_in_composite else value) in codes


def leading_code(value: str) -> str:
    """The first component of a composite, whatever the separator (codes are letters, digits and
    spaces: the 999 CTX01-1 code is 'SITUATIONAL TRIGGER')."""
    for index, char in enumerate(value):
        if not (char.isalnum() or char == " "):
            return value[:index]
    return value


@dataclass(slots=True)
class LoopSpec:
    id: str
    name: str
    usage: str
    repeat: int  # 0: unbounded
    items: list[SegmentSpec | LoopSpec] = field(default_factory=list)
    # seg id -> [(item index, spec)] for segments and child loops (by their start segment)
    index: dict[str, list[tuple[int, SegmentSpec | LoopSpec]]] = field(default_factory=dict)

    @property
    def start(self) -> SegmentSpec:
        first = self.items[0]
        return first if isinstance(first, SegmentSpec) else first.start

    def build_index(self) -> None:
        self.index = {}
        for position, item in enumerate(self.items):
            key = item.id if isinstance(item, SegmentSpec) else item.start.id
            self.index.setdefault(key, []).append((position, item))
            if isinstance(item, LoopSpec):
                item.build_index()

    def walk(self):  # noqa: ANN201 - a generator of every loop spec below and including this one
        yield self
        for item in self.items:
            if isinstance(item, LoopSpec):
                yield from item.walk()


def _element(raw: list, additions: dict[str, list[str]]) -> ElementSpec:
    ref, usage, data_type, min_len, max_len, codes, number = raw
    if codes and ref in additions:
        codes = [*codes, *additions[ref]]
    return ElementSpec(ref, usage, data_type, min_len, max_len, frozenset(codes) if codes else None, number)


def _composite(raw: dict, additions: dict[str, list[str]]) -> ElementSpec:
    components = tuple(_element(item, additions) for item in raw["components"])
    return ElementSpec(raw["composite"], raw["usage"], "composite", 0, 0, None, "", components)


def _segment(raw: dict, additions: dict[str, list[str]]) -> SegmentSpec:
    elements = tuple(
        _composite(item, additions) if isinstance(item, dict) else _element(item, additions)
        for item in raw["elements"]
    )
    return SegmentSpec(
        raw["seg"],
        raw.get("name", ""),
        raw["usage"],
        raw["max"],
        elements,
        None,
        tuple(raw.get("syntax", ())),
    )


def _loop(raw: dict, additions: dict[str, list[str]]) -> LoopSpec:
    items: list[SegmentSpec | LoopSpec] = [
        _loop(item, additions) if "loop" in item else _segment(item, additions) for item in raw["items"]
    ]
    return LoopSpec(raw["loop"], raw.get("name", ""), raw["usage"], raw["repeat"], items)


def _assign_qualifiers(loop: LoopSpec) -> None:
    """Give a qualifier to same-id segments (and loop starts) that share a loop."""
    by_id: dict[str, list[SegmentSpec]] = {}
    for item in loop.items:
        segment = item if isinstance(item, SegmentSpec) else item.start
        by_id.setdefault(segment.id, []).append(segment)
        if isinstance(item, LoopSpec):
            _assign_qualifiers(item)
    for segments in by_id.values():
        if len(segments) > 1:
            for segment in segments:
                segment.qualifier = _first_coded_element(segment)
                if segment.qualifier is None:
                    segment.qualifier = _first_coded_component(segment)
                    segment.qualifier_in_composite = segment.qualifier is not None


def _first_coded_element(segment: SegmentSpec) -> tuple[int, frozenset[str]] | None:
    for position, element in enumerate(segment.elements, start=1):
        if element.codes and not element.is_composite:
            return position, element.codes
    return None


def _first_coded_component(segment: SegmentSpec) -> tuple[int, frozenset[str]] | None:
    for position, element in enumerate(segment.elements, start=1):
        if element.is_composite and element.components[0].codes:
            return position, element.components[0].codes
    return None


def load_spec(raw: dict) -> LoopSpec:
    """Build a spec; `code_additions` ({"PWK02": ["AD"]}) extends generated code lists (errata)."""
    root = _loop(raw, raw.get("code_additions", {}))
    _assign_qualifiers(root)
    root.build_index()
    return root


@cache
def load_spec_file(path: str) -> LoopSpec:
    return load_spec(json.loads(Path(path).read_text(encoding="utf-8")))
