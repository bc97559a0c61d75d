"""The loop engine: place each segment of a transaction set into the guide's loop tree.

For each segment, in order, the engine looks for a place from the innermost open loop
outwards: a segment spec of that loop at or after the last matched item (a segment may repeat)
or a child loop whose start segment matches (a new loop instance). Qualifiers (NM101, HL03,
REF01 …) decide between same-id candidates; if no exact match exists anywhere, a lone candidate
with that id in the innermost loop takes the segment (its bad code is then reported by
validation). A segment that fits nowhere is reported where it stands (unrecognised id,
unexpected, or out of sequence when it matches an earlier item of the current loop) and kept
in the current loop, so no data is lost.
"""

from __future__ import annotations

import re

from revcycle.x12.errors import ProblemLog, X12Problem
from revcycle.x12.spec import LoopSpec, SegmentSpec, leading_code

SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}\Z")
MAX_CODE_LENGTH = 30  # longer than any qualifier code (999 CTX01-1 'SITUATIONAL TRIGGER' is 19)


class LoopNode:
    """One instance of a loop: its segments (element lists) in order and its child loops."""

    __slots__ = ("spec", "segments", "loops", "start")

    def __init__(self, spec: LoopSpec, start: int) -> None:
        self.spec = spec
        self.start = start  # file index of the loop's first segment
        self.segments: list[list[str]] = []
        self.loops: list[LoopNode] = []

    @property
    def id(self) -> str:
        return self.spec.id

    def first(self, segment_id: str, qualifier: str | None = None) -> list[str] | None:
        for segment in self.segments:
            if segment[0] == segment_id and (
                qualifier is None or (len(segment) > 1 and segment[1] == qualifier)
            ):
                return segment
        return None

    def all(self, segment_id: str) -> list[list[str]]:
        return [segment for segment in self.segments if segment[0] == segment_id]

    def children(self, loop_id: str) -> list[LoopNode]:
        return [loop for loop in self.loops if loop.spec.id == loop_id]

    def walk(self):  # noqa: ANN201 - generator over this node and every node below it
        yield self
        for loop in self.loops:
            yield from loop.walk()

    def to_dict(self) -> dict[str, object]:
        return {
            "loop": self.spec.id,
            "segments": self.segments,
            "loops": [loop.to_dict() for loop in self.loops],
        }


def build_loop_tree(
    segments: list[list[str]],
    start: int,
    end: int,
    spec: LoopSpec,
    log: ProblemLog,
    report_codes: bool = False,
) -> LoopNode:
    """Place segments[start:end+1] (ST … SE) into a tree rooted at `spec`. `report_codes`: report a segment
    placed where its first coded element (DTM01, NM101, CAS01 …) names no code of that place, e.g.
    a claim's DTM*050 among a service line's dates (loops out of order). Validation reports such codes
    itself; a reader that does not validate asks for them here, so a misplaced segment is never silent.

    Where a segment goes depends only on the innermost open loop, its last matched item, the
    segment id and its qualifier values (the ancestors' positions follow from the loop path),
    so each decision is computed once per guide and cached in a table of states: the usual
    segment costs a couple of dict look-ups.
    """
    guide = _guide(spec)
    root = LoopNode(spec, start)
    nodes = [root]
    state = guide.state_of(spec, -1)
    tables = guide.tables
    single = guide.single_positions
    for index in range(start, end + 1):
        segment = segments[index]
        segment_id = segment[0]
        decision = tables[state].get(segment_id)
        if decision.__class__ is dict:
            position = single[segment_id]
            decision = decision.get(segment[position] if position < len(segment) else "")
        if decision is None:
            decision = guide.decide(state, segment)
        if decision is False:
            _report_unplaced(guide.frames(state), nodes[-1], segment, index, start, guide.known_ids, log)
            nodes[-1].segments.append(segment)
            continue
        depth, state, loop_spec, coded = decision
        if report_codes and coded is not None:
            _check_code(
                segment, coded, index, start, loop_spec.id if loop_spec else nodes[depth].spec.id, log
            )
        if depth != len(nodes) - 1:
            del nodes[depth + 1 :]
        if loop_spec is None:
            nodes[depth].segments.append(segment)
        else:
            child = LoopNode(loop_spec, index)
            nodes[depth].loops.append(child)
            child.segments.append(segment)
            nodes.append(child)
    return root


class _Guide:
    """Decision tables for one guide spec: state = (loop spec, position of its last matched item)."""

    CACHE_LIMIT = 50_000

    def __init__(self, spec: LoopSpec) -> None:
        self.states: list[tuple[LoopSpec, int]] = []
        self.state_ids: dict[tuple[int, int], int] = {}
        self.tables: list[dict] = []
        self.parents: dict[int, tuple[LoopSpec, int]] = {}
        positions: dict[str, set[int]] = {}
        self.composite_ids: set[str] = set()  # ids whose qualifier is a composite's first component
        ids: set[str] = set()
        for loop in spec.walk():
            for position, item in enumerate(loop.items):
                segment = item if isinstance(item, SegmentSpec) else item.start
                if isinstance(item, LoopSpec):
                    self.parents[id(item)] = (loop, position)
                else:
                    ids.add(item.id)
                if segment.qualifier is not None:
                    positions.setdefault(segment.id, set()).add(segment.qualifier[0])
                    if segment.qualifier_in_composite:
                        self.composite_ids.add(segment.id)
        self.known_ids = frozenset(ids)
        self.placeable_ids = frozenset(ids | {loop.start.id for loop in spec.walk()})
        self.qualifier_positions = {key: tuple(sorted(value)) for key, value in positions.items()}
        self.single_positions = {
            key: value[0]
            for key, value in self.qualifier_positions.items()
            if len(value) == 1 and key not in self.composite_ids
        }
        self.multi: dict[tuple, tuple | bool] = {}

    def state_of(self, spec: LoopSpec, position: int) -> int:
        key = (id(spec), position)
        state = self.state_ids.get(key)
        if state is None:
            state = self.state_ids[key] = len(self.states)
            self.states.append((spec, position))
            self.tables.append({})
        return state

    def frames(self, state: int) -> list[tuple[LoopSpec, int]]:
        spec, position = self.states[state]
        frames = [(spec, position)]
        while id(spec) in self.parents:
            spec, position = self.parents[id(spec)]
            frames.append((spec, position))
        frames.reverse()
        return frames

    def decide(self, state: int, segment: list[str]) -> tuple | bool:
        """Compute (and cache) the decision for a segment in a state. Only what the guide names is cached:
        an id no loop knows, or a qualifier longer than any code, is decided afresh each time (it fits
        nowhere, or only as a lone candidate), so a file cannot grow the tables (bounded by the guide)."""
        segment_id = segment[0]
        if segment_id not in self.placeable_ids:
            return False
        positions = self.qualifier_positions.get(segment_id)
        table = self.tables[state]
        if positions is None:
            decision = table[segment_id] = self._compute(state, segment)
            return decision
        value = tuple(segment[p] if p < len(segment) else "" for p in positions)
        if segment_id in self.composite_ids:
            value = tuple(leading_code(part) for part in value)
        if any(len(part) > MAX_CODE_LENGTH for part in value):
            return self._compute(state, segment)
        if len(positions) > 1 or segment_id in self.composite_ids:
            key = (state, segment_id, value)
            if key not in self.multi:
                if len(self.multi) > self.CACHE_LIMIT:
                    self.multi.clear()
                self.multi[key] = self._compute(state, segment)
            return self.multi[key]
        by_value = table.setdefault(segment_id, {})
        if len(by_value) > self.CACHE_LIMIT:
            by_value.clear()
        decision = by_value[value[0]] = self._compute(state, segment)
        return decision

    def _compute(self, state: int, segment: list[str]) -> tuple | bool:
        frames = self.frames(state)
        found = _find(frames, segment, True) or _find(frames, segment, False)
        if found is None:
            return False
        depth, position, item = found
        coded = _first_coded(item if isinstance(item, SegmentSpec) else item.start)
        if isinstance(item, SegmentSpec):
            return depth, self.state_of(frames[depth][0], position), None, coded
        return depth, self.state_of(item, 0), item, coded


def _find(frames: list[tuple[LoopSpec, int]], segment: list[str], exact: bool) -> tuple | None:
    segment_id = segment[0]
    top = len(frames) - 1
    for depth in range(top, -1, -1):
        spec, last = frames[depth]
        candidates = spec.index.get(segment_id)
        if candidates is None or not (exact or (depth == top and len(candidates) == 1)):
            continue
        for position, item in candidates:
            if position < last or (position == 0 and depth > 0):
                continue
            start = item if isinstance(item, SegmentSpec) else item.start
            if exact and not start.matches(segment):
                continue
            return depth, position, item
    return None


def _first_coded(spec: SegmentSpec) -> tuple[int, frozenset[str]] | None:
    """The segment's first simple element with a code list (DTM01, NM101, CAS01 …) and its codes."""
    for position, element in enumerate(spec.elements, start=1):
        if element.codes and not element.is_composite:
            return position, element.codes
    return None


def _check_code(
    segment: list[str],
    coded: tuple[int, frozenset[str]],
    index: int,
    st_index: int,
    loop_id: str,
    log: ProblemLog,
) -> None:
    """A segment whose first coded element names no code of its place (it fit there by its id alone)."""
    position, codes = coded
    value = segment[position] if position < len(segment) else ""
    if value and value not in codes:
        message = f"{segment[0]}{position:02d} {value[:20]!r} is not a valid code here"
        where = {"loop_id": loop_id, "bad_value": value[:20]}
        log.add(X12Problem.in_set(message, "7", segment[0], index, st_index, element=position, **where))


_GUIDES: dict[int, tuple[LoopSpec, _Guide]] = {}


def _guide(spec: LoopSpec) -> _Guide:
    cached = _GUIDES.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _GUIDES[id(spec)] = (spec, _Guide(spec))
    return cached[1]


def _report_unplaced(
    frames: list[tuple[LoopSpec, int]],
    node: LoopNode,
    segment: list[str],
    index: int,
    st_index: int,
    known_ids: frozenset[str],
    log: ProblemLog,
) -> None:
    segment_id = segment[0]
    if not SEGMENT_ID.match(segment_id):
        code, message = "1", f"{segment_id!r} is not a valid segment id"
    elif segment_id not in known_ids:
        code, message = "6", f"segment {segment_id} is not part of this transaction set"
    elif segment_id in frames[-1][0].index:
        code, message = "7", f"segment {segment_id} is out of sequence in loop {node.spec.id}"
    else:
        code, message = "2", f"segment {segment_id} is not expected in loop {node.spec.id} here"
    log.add(X12Problem.in_set(message, code, segment_id, index, st_index, loop_id=node.spec.id))
