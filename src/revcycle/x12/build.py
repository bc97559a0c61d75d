"""Build a transaction body loop by loop; segments come out in guide order.

Typed writers add segments to `LoopOut` objects in whatever order is convenient; `flatten()`
sorts each loop's own segments by their position in the guide spec (same-id segments by their
qualifier, e.g. REF*EI before REF*G2 where the guide says so; equal positions keep insertion
order) and puts child loops after them, as every 5010 TR3 draws them.

    root = LoopOut(spec)                 # the ST_LOOP spec of the guide
    root.add(["BHT", "0019", "00", ...])
    provider = root.child("2000A")
    body = root.flatten()[1:-1]          # without ST and SE (the envelope writer adds them)
"""

from __future__ import annotations

from revcycle.x12.errors import X12Error
from revcycle.x12.spec import LoopSpec, SegmentSpec
from revcycle.x12.writer import Value


class LoopOut:
    __slots__ = ("spec", "segments", "children")

    def __init__(self, spec: LoopSpec) -> None:
        self.spec = spec
        self.segments: list[list[Value]] = []
        self.children: list[LoopOut] = []

    def add(self, values: list[Value]) -> LoopOut:
        self.segments.append(values)
        return self

    def add_all(self, segments: list[list[Value]] | list[list[str]]) -> LoopOut:
        self.segments.extend(list(segment) for segment in segments)
        return self

    def child(self, loop_id: str) -> LoopOut:
        spec = _child_specs(self.spec).get(loop_id)
        if spec is None:
            raise X12Error(f"loop {loop_id} is not a child of loop {self.spec.id}")
        loop = LoopOut(spec)
        self.children.append(loop)
        return loop

    def flatten(self) -> list[list[Value]]:
        out: list[list[Value]] = []
        self._flatten_into(out)
        return out

    def _flatten_into(self, out: list[list[Value]]) -> None:
        segments = self.segments
        if len(segments) > 1:
            fixed = _fixed_positions(self.spec)  # ids with one place in the loop need no qualifier look
            keys = [fixed.get(values[0]) for values in segments]  # type: ignore[call-overload]
            for index, key in enumerate(keys):
                if key is None:
                    keys[index] = self._position(segments[index])
            out.extend([segments[index] for index in sorted(range(len(segments)), key=keys.__getitem__)])
        else:
            out.extend(segments)
        children = self.children
        if len(children) > 1:
            rank = _loop_ranks(self.spec)
            children = sorted(children, key=lambda loop: rank[id(loop.spec)])
        for child in children:
            child._flatten_into(out)

    def _position(self, values: list[Value]) -> int:
        candidates = _segment_candidates(self.spec).get(str(values[0]))
        if not candidates:
            raise X12Error(f"segment {values[0]} has no place in loop {self.spec.id}")
        for position, item in candidates:
            if item.qualifier is None:
                return position
            at, codes = item.qualifier
            value = values[at] if at < len(values) else None
            if (value[0] if isinstance(value, tuple) else value) in codes:
                return position
        return candidates[0][0]


_CHILDREN: dict[int, tuple[LoopSpec, dict[str, LoopSpec]]] = {}
_RANKS: dict[int, tuple[LoopSpec, dict[int, int]]] = {}
_CANDIDATES: dict[int, tuple[LoopSpec, dict[str, list[tuple[int, SegmentSpec]]]]] = {}
_FIXED: dict[int, tuple[LoopSpec, dict[str, int]]] = {}


def _fixed_positions(spec: LoopSpec) -> dict[str, int]:
    """Segment ids with a single place in the loop: their position, whatever their qualifier."""
    cached = _FIXED.get(id(spec))
    if cached is None or cached[0] is not spec:
        table = {key: found[0][0] for key, found in _segment_candidates(spec).items() if len(found) == 1}
        cached = _FIXED[id(spec)] = (spec, table)
    return cached[1]


def _child_specs(spec: LoopSpec) -> dict[str, LoopSpec]:
    cached = _CHILDREN.get(id(spec))
    if cached is None or cached[0] is not spec:
        children = {item.id: item for item in reversed(spec.items) if isinstance(item, LoopSpec)}
        cached = _CHILDREN[id(spec)] = (spec, children)
    return cached[1]


def _loop_ranks(spec: LoopSpec) -> dict[int, int]:
    cached = _RANKS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _RANKS[id(spec)] = (spec, {id(item): rank for rank, item in enumerate(spec.items)})
    return cached[1]


def _segment_candidates(spec: LoopSpec) -> dict[str, list[tuple[int, SegmentSpec]]]:
    cached = _CANDIDATES.get(id(spec))
    if cached is None or cached[0] is not spec:
        table: dict[str, list[tuple[int, SegmentSpec]]] = {}
        for position, item in enumerate(spec.items):
            if isinstance(item, SegmentSpec):
                table.setdefault(item.id, []).append((position, item))
        cached = _CANDIDATES[id(spec)] = (spec, table)
    return cached[1]
