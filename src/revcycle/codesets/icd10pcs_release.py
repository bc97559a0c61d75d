"""One ICD-10-PCS release: its tables, read lazily from the compiled store.

A code is valid in a release when one row of its 3-character table allows each of its characters
4-7. The builder answers the coder's question "what may come next?" from the same rows, so the
look-up, the validation and the builder can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from revcycle.codesets.icd10_model import ReleaseInfo
from revcycle.codesets.packaged_data import read_json

AXIS_NAMES = ("section", "body_system", "root_operation", "body_part", "approach", "device", "qualifier")
CODE_LENGTH = 7


@dataclass(frozen=True, slots=True)
class PcsAxis:
    position: int  # 1..7
    name: str  # section | body_system | root_operation | body_part | approach | device | qualifier
    title: str  # the table's own name for the axis ("Body Part", "Body System / Region", "Type" ...)
    value: str
    label: str  # "" when no table held labels this value (a few April 2026 additions)

    def to_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "name": self.name,
            "title": self.title,
            "value": self.value,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class PcsOption:
    value: str
    label: str
    codes: int  # how many valid codes start with the prefix plus this value

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "label": self.label, "codes": self.codes}


@dataclass(frozen=True, slots=True)
class AxisProblem:
    """Why a 7-character code is not in the release's tables: the first character no row allows."""

    position: int
    title: str
    value: str
    allowed: tuple[PcsOption, ...]
    table_known: bool


class PcsRelease:
    def __init__(self, info: ReleaseInfo) -> None:
        self.info = info
        self.name = info.name
        self._head_cache: dict[str, tuple[PcsOption, ...]] = {}

    def __repr__(self) -> str:
        return f"PcsRelease({self.info.describe()!r})"

    @cached_property
    def _store(self) -> dict[str, Any]:
        """The release file, read (and decompressed, parsed) once for both its tables and its code count."""
        return read_json(self.info.file)

    @cached_property
    def _tables(self) -> dict[str, dict[str, Any]]:
        return {table["code"]: table for table in self._store["tables"]}

    @cached_property
    def code_count(self) -> int:
        return int(self._store["codes"])

    def table(self, prefix: str) -> dict[str, Any] | None:
        return self._tables.get(prefix[:3])

    def _rows_matching(self, code: str) -> Iterator[list[list[list[str]]]]:
        table = self.table(code)
        if table is None:
            return
        for row in table["rows"]:
            if all(any(label[0] == code[3 + axis] for label in row[axis]) for axis in range(len(code) - 3)):
                yield row

    def is_valid(self, code: str) -> bool:
        return len(code) == CODE_LENGTH and next(self._rows_matching(code), None) is not None

    def axes(self, code: str) -> tuple[PcsAxis, ...]:
        """The named axes of a code (or of a prefix), labelled from its table; characters the table
        does not hold come back with an empty label."""
        table = self.table(code)
        if table is None:
            return ()
        axes = [
            PcsAxis(
                position + 1,
                AXIS_NAMES[position],
                table["head_titles"][position],
                code[position],
                table["head"][position],
            )
            for position in range(min(3, len(code)))
        ]
        for axis in range(len(code) - 3):
            label = next(
                (label[1] for row in table["rows"] for label in row[axis] if label[0] == code[3 + axis]), ""
            )
            axes.append(PcsAxis(4 + axis, AXIS_NAMES[3 + axis], table["titles"][axis], code[3 + axis], label))
        return tuple(axes)

    def operation_definition(self, code: str) -> str:
        table = self.table(code)
        return str(table["definition"]) if table else ""

    def problem(self, code: str) -> AxisProblem | None:
        """None for a valid code; else the first character (from the 1st) no table or row allows."""
        if self.is_valid(code):
            return None
        for length in range(1, CODE_LENGTH + 1):
            prefix = code[:length]
            if not self.options(prefix[:-1]) or not any(
                option.value == prefix[-1] for option in self.options(prefix[:-1])
            ):
                table = self.table(code) if length > 3 else None
                title = (
                    table["titles"][length - 4]
                    if table
                    else ("Section", "Body System", "Operation")[length - 1]
                )
                return AxisProblem(
                    length, title, prefix[-1], tuple(self.options(prefix[:-1])), table is not None
                )
        return None

    # -- the builder --------------------------------------------------------------------------------
    def options(self, prefix: str) -> list[PcsOption]:
        """The values allowed after `prefix` (0 to 6 characters), with labels and code counts."""
        if len(prefix) < 3:
            return self._head_options(prefix)
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        axis = len(prefix) - 3
        for row in self._rows_matching(prefix):
            rest = 1
            for later in row[axis + 1 :]:
                rest *= len(later)
            for value, label in row[axis]:
                counts[value] = counts.get(value, 0) + rest
                labels.setdefault(value, label)
        return [
            PcsOption(value, labels[value], counts[value]) for value in sorted(counts, key=_character_order)
        ]

    def _head_options(self, prefix: str) -> list[PcsOption]:
        if (
            prefix not in self._head_cache
        ):  # at most 1 + 17 + 132 prefixes: sections, body systems, operations
            self._head_cache[prefix] = self._count_heads(prefix)
        return list(self._head_cache[prefix])

    def _count_heads(self, prefix: str) -> tuple[PcsOption, ...]:
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        position = len(prefix)
        for code, table in self._tables.items():
            if not code.startswith(prefix):
                continue
            size = sum(_row_size(row) for row in table["rows"])
            counts[code[position]] = counts.get(code[position], 0) + size
            labels.setdefault(code[position], table["head"][position])
        return [
            PcsOption(value, labels[value], counts[value]) for value in sorted(counts, key=_character_order)
        ]

    def codes_under(self, prefix: str) -> Iterator[str]:
        """Every valid code starting with a prefix of at least 3 characters, in table order."""
        table = self.table(prefix)
        if table is None:
            return
        for row in table["rows"]:
            for body in row[0]:
                for approach in row[1]:
                    for device in row[2]:
                        for qualifier in row[3]:
                            code = table["code"] + body[0] + approach[0] + device[0] + qualifier[0]
                            if code.startswith(prefix):
                                yield code


def _row_size(row: list[list[list[str]]]) -> int:
    size = 1
    for axis in row:
        size *= len(axis)
    return size


def _character_order(value: str) -> tuple[int, str]:
    """PCS order: digits before letters."""
    return (0 if value.isdecimal() else 1, value)
