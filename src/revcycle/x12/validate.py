"""Guide validation of a loop tree: segment use, loop repeats, required items, element values.

Run after `build_loop_tree` (the reader's structural pass). Checks, each with its 999 code:
segments over their maximum use (IK304 5), loops over their repeat (4), required segments or
loops missing (3), segments marked not used (I4); elements: too many (IK403 3), required missing
(1), not used but present (I10), too short/long (4/5), invalid characters for numbers (6),
invalid codes (7), dates (8) and times (9). HL01 must count up from 1 and HL02 name an
earlier HL.
"""

from __future__ import annotations

import re
from datetime import date

from revcycle.x12.delimiters import Delimiters
from revcycle.x12.errors import ProblemLog, X12Problem
from revcycle.x12.loops import LoopNode
from revcycle.x12.spec import ElementSpec, LoopSpec, SegmentSpec

NUMBER = re.compile(r"-?\d+\Z")
DECIMAL = re.compile(r"-?(\d+\.?\d*|\.\d+)\Z")
TIME = re.compile(r"([01]\d|2[0-3])[0-5]\d(\d\d(\d{1,2})?)?\Z")


class TreeValidator:
    def __init__(
        self, segments: list[list[str]], st_index: int, delimiters: Delimiters, log: ProblemLog
    ) -> None:
        self.segments = segments
        self.st_index = st_index
        self.delimiters = delimiters
        self.log = log
        self.positions = {id(segment): index for index, segment in enumerate(segments[st_index:], st_index)}
        self.hl_ids: set[str] = set()

    def problem(
        self, segment: list[str], message: str, code: str, loop: str, **where: int | str | None
    ) -> None:
        index = self.positions.get(id(segment), self.st_index)
        self.log.add(
            X12Problem.in_set(message, code, segment[0], index, self.st_index, loop_id=loop, **where)
        )

    def validate(self, root: LoopNode) -> None:
        for node in root.walk():
            self.validate_node(node)

    def validate_node(self, node: LoopNode) -> None:
        spec = node.spec
        uses: dict[int, int] = {}
        for offset, segment in enumerate(node.segments):
            matched = _match(spec, segment, offset == 0)
            if matched is None:
                continue  # reported by the loop engine
            position, segment_spec = matched
            uses[position] = uses.get(position, 0) + 1
            if segment_spec.max_use and uses[position] == segment_spec.max_use + 1:
                message = f"{segment[0]} occurs more than {segment_spec.max_use} time(s) in loop {spec.id}"
                self.problem(segment, message, "5", spec.id)
            if segment_spec.usage == "N":
                self.problem(segment, f"{segment[0]} is not used in loop {spec.id}", "I4", spec.id)
            self.validate_elements(segment, segment_spec, spec.id)
            for rule in segment_spec.syntax:
                self.validate_syntax(segment, rule, spec.id)
            if segment[0] == "HL":
                self.validate_hl(segment, spec.id)
        loop_counts = self.validate_child_loops(node)
        self.report_missing(node, uses, loop_counts)

    def validate_child_loops(self, node: LoopNode) -> dict[int, int]:
        counts: dict[int, int] = {}
        for child in node.loops:
            counts[id(child.spec)] = count = counts.get(id(child.spec), 0) + 1
            if child.spec.repeat and count == child.spec.repeat + 1:
                message = f"loop {child.spec.id} occurs more than {child.spec.repeat} time(s) in loop {node.spec.id}"
                self.problem(child.segments[0], message, "4", child.spec.id)
        return counts

    def report_missing(self, node: LoopNode, uses: dict[int, int], loop_counts: dict[int, int]) -> None:
        anchor = node.segments[0]
        for position, item in enumerate(node.spec.items):
            if item.usage != "R":
                continue
            if isinstance(item, SegmentSpec) and position not in uses:
                message = f"required segment {item.id} ({item.name}) is missing from loop {node.spec.id}"
                self.problem(anchor, message, "3", node.spec.id)
            elif isinstance(item, LoopSpec) and id(item) not in loop_counts:
                message = f"required loop {item.id} ({item.name}) is missing from loop {node.spec.id}"
                self.problem(anchor, message, "3", node.spec.id)

    def validate_syntax(self, segment: list[str], rule: str, loop_id: str) -> None:
        """X12 relational conditions between elements of one segment (IK403 2 or 10)."""
        failure = check_syntax(segment, rule)
        if failure is not None:
            position, message, code = failure
            self.problem(segment, f"{rule}: {message}", code, loop_id, element=position)

    def validate_hl(self, segment: list[str], loop_id: str) -> None:
        number = segment[1] if len(segment) > 1 else ""
        parent = segment[2] if len(segment) > 2 else ""
        expected = str(len(self.hl_ids) + 1)
        if number != expected:
            self.problem(segment, f"HL01 is {number!r}, expected {expected}", "8", loop_id)
        if parent and parent not in self.hl_ids:
            message = f"HL02 {parent!r} names no earlier HL"
            self.problem(segment, message, "I12", loop_id, element=2, bad_value=parent)
        self.hl_ids.add(number)

    def validate_elements(self, segment: list[str], spec: SegmentSpec, loop_id: str) -> None:
        count = len(spec.elements)
        if len(segment) - 1 > count:
            message = f"{segment[0]} has {len(segment) - 1} elements, at most {count} allowed"
            self.problem(segment, message, "3", loop_id, element=count + 1)
        size = len(segment)
        for position, element_spec in enumerate(spec.elements, start=1):
            value = segment[position] if position < size else ""
            if not value and element_spec.usage != "R":
                continue
            if element_spec.components:
                self.validate_composite(segment, position, value, element_spec, loop_id)
            elif value and element_spec.usage != "N" and check_value(value, element_spec) is None:
                if not self.delimiters.repetition or self.delimiters.repetition not in value:
                    continue  # the usual case: a good simple value, nothing to report
                for repeat in value.split(self.delimiters.repetition):
                    self.validate_value(segment, position, None, repeat, element_spec, loop_id)
            elif element_spec.is_composite:
                self.validate_composite(segment, position, value, element_spec, loop_id)
            elif self.delimiters.repetition and self.delimiters.repetition in value:  # a repeating element
                for repeat in value.split(self.delimiters.repetition):
                    self.validate_value(segment, position, None, repeat, element_spec, loop_id)
            else:
                self.validate_value(segment, position, None, value, element_spec, loop_id)

    def validate_composite(
        self, segment: list[str], position: int, value: str, spec: ElementSpec, loop_id: str
    ) -> None:
        if not value:
            if spec.usage == "R":
                self.problem(segment, f"{spec.ref} is required", "1", loop_id, element=position)
            return
        if spec.usage == "N":
            self.problem(
                segment, f"{spec.ref} is not used", "I10", loop_id, element=position, bad_value=value
            )
            return
        for repeat in value.split(self.delimiters.repetition) if self.delimiters.repetition else [value]:
            components = repeat.split(self.delimiters.component)
            if len(components) > len(spec.components):
                message = f"{spec.ref} has {len(components)} components, at most {len(spec.components)}"
                self.problem(segment, message, "13", loop_id, element=position)
            for number, component_spec in enumerate(spec.components, start=1):
                part = components[number - 1] if number <= len(components) else ""
                self.validate_value(segment, position, number, part, component_spec, loop_id)

    def validate_value(
        self,
        segment: list[str],
        position: int,
        component: int | None,
        value: str,
        spec: ElementSpec,
        loop_id: str,
    ) -> None:
        where = {"element": position, "component": component, "element_ref": spec.element_number or None}
        if not value:
            if spec.usage == "R":
                self.problem(segment, f"{spec.ref} is required", "1", loop_id, **where)
            return
        if spec.usage == "N":
            self.problem(segment, f"{spec.ref} is not used", "I10", loop_id, bad_value=value, **where)
            return
        failure = check_value(value, spec)
        if failure is not None:
            code, message = failure
            shown = value if len(value) <= 40 else f"{value[:20]}…({len(value)} characters)"
            self.problem(
                segment, f"{spec.ref} {shown!r} {message}", code, loop_id, bad_value=value[:99], **where
            )


_RULES: dict[str, tuple[str, tuple[int, ...]]] = {}


def check_syntax(segment: list[str], rule: str) -> tuple[int, str, str] | None:
    """(element position, what is wrong, IK403 code) when `segment` breaks `rule`, else None."""
    parsed = _RULES.get(rule)
    if parsed is None:
        digits = rule[1:]
        parsed = _RULES[rule] = (rule[0], tuple(int(digits[i : i + 2]) for i in range(0, len(digits), 2)))
    kind, positions = parsed
    size = len(segment)
    present = [p < size and segment[p] != "" for p in positions]
    count = sum(present)
    broken = (
        (kind == "P" and 0 < count < len(positions))
        or (kind == "R" and count == 0)
        or (kind == "C" and present[0] and count < len(positions))
        or (kind == "L" and present[0] and count == 1)
        or (kind == "E" and count > 1)
    )
    return _describe(segment[0], kind, positions, present) if broken else None


def _describe(
    segment_id: str, kind: str, positions: tuple[int, ...], present: list[bool]
) -> tuple[int, str, str]:
    names = ", ".join(f"{segment_id}{p:02d}" for p in positions)
    first, rest = f"{segment_id}{positions[0]:02d}", ", ".join(f"{segment_id}{p:02d}" for p in positions[1:])
    missing = next((p for p, here in zip(positions, present, strict=True) if not here), positions[0])
    if kind == "P":
        return missing, f"if any of {names} is present, all are required", "2"
    if kind == "R":
        return positions[0], f"at least one of {names} is required", "2"
    if kind == "C":
        return missing, f"when {first} is present, {rest} are required", "2"
    if kind == "L":
        return positions[1], f"when {first} is present, at least one of {rest} is required", "2"
    second = [p for p, here in zip(positions, present, strict=True) if here][1]
    return second, f"only one of {names} may be present", "10"


def check_value(value: str, spec: ElementSpec) -> tuple[str, str] | None:
    """(IK403 code, what is wrong) for a non-empty value, or None when it is acceptable."""
    data_type = spec.data_type
    if data_type.startswith("N") and not NUMBER.match(value):
        return "6", "is not a whole number"
    if data_type == "R" and not DECIMAL.match(value):
        return "6", "is not a number"
    if data_type == "DT" and not _is_date(value):
        return "8", "is not a valid date (CCYYMMDD)"
    if data_type == "TM" and not TIME.match(value):
        return "9", "is not a valid time (HHMM)"
    if spec.codes is not None and value not in spec.codes:
        return "7", "is not a valid code here"
    length = (
        len(value.lstrip("-").replace(".", ""))
        if data_type in ("R",) or data_type.startswith("N")
        else len(value)
    )
    if spec.min_len and length < spec.min_len:
        return "4", f"is shorter than {spec.min_len} characters"
    if spec.max_len and length > spec.max_len:
        return "5", f"is longer than {spec.max_len} characters"
    return None


def _is_date(value: str) -> bool:
    if len(value) not in (6, 8) or not value.isdecimal():
        return False
    if len(value) == 6:
        value = "20" + value
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return False
    return True


def _match(spec: LoopSpec, segment: list[str], is_first: bool) -> tuple[int, SegmentSpec] | None:
    if is_first:
        return 0, spec.start
    candidates = [(position, item) for position, item in spec.index.get(segment[0], ()) if position > 0]
    segments = [(position, item) for position, item in candidates if isinstance(item, SegmentSpec)]
    for position, item in segments:
        if item.matches(segment):
            return position, item
    return segments[0] if len(segments) == 1 and len(candidates) == 1 else None
