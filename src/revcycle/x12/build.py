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
        for item in self.spec.items:
            if isinstance(item, LoopSpec) and item.id == loop_id:
                loop = LoopOut(item)
                self.children.append(loop)
                return loop
        raise X12Error(f"loop {loop_id} is not a child of loop {self.spec.id}")

    def flatten(self) -> list[list[Value]]:
        ranked = sorted(enumerate(self.segments), key=lambda pair: (self._position(pair[1]), pair[0]))
        out = [segment for _, segment in ranked]
        loop_rank = {id(item): rank for rank, item in enumerate(self.spec.items)}
        for child in sorted(self.children, key=lambda loop: loop_rank[id(loop.spec)]):
            out += child.flatten()
        return out

    def _position(self, values: list[Value]) -> int:
        candidates = [
            (p, item) for p, item in self.spec.index.get(str(values[0]), ()) if isinstance(item, SegmentSpec)
        ]
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
