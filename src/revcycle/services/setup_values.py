"""Reading a set-up file's values with their place: YAML nodes and CSV rows keep the line they came from,
so every refusal names `file:line: field`.

YAML scalars are read as the text written, never guessed by YAML (a payer id `00431` or a ZIP code is
not an octal number, `NO` is not false): each field says what it is (text, whole number, date, dollars,
yes/no) and is converted here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import yaml

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import round_cents
from revcycle.practice.organization import Address

T = TypeVar("T")
MAX_PROBLEMS_SHOWN = 20
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


@dataclass(frozen=True, slots=True)
class Located:
    """A value of the file (a dict of Located, a list of Located, a text, or None) and its 1-based line."""

    value: Any
    line: int


def read_yaml(text: str, source: str) -> Located:
    """The YAML document as Located values; VALIDATION naming the line when it is not YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise RevcycleError(ErrorCode.VALIDATION, f"{source}{line}: not valid YAML ({problem})") from error
    if node is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"{source}: the file is empty")
    return _located(node)


def _located(node: yaml.Node) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return Located({str(key.value): _located(value) for key, value in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(item) for item in node.value], line)
    text = str(node.value)
    is_null = node.tag == "tag:yaml.org,2002:null" or (
        node.style is None and text in ("", "~", "null", "Null")
    )
    return Located(None if is_null else text, line)


@dataclass
class Problems:
    """The refusals of one file, each located; `raise_if_any` stops the import with all of them."""

    source: str
    found: list[str] = field(default_factory=list)

    def add(self, line: int, where: str, message: str) -> None:
        self.found.append(f"{self.source}:{line}: {where}: {message}")

    def attempt(self, line: int, where: str, build: Callable[[], T]) -> T | None:
        """`build()`, or None with its refusal recorded at `line` / `where`."""
        try:
            return build()
        except RevcycleError as error:
            self.add(line, where, error.message)
            return None

    def raise_if_any(self) -> None:
        if not self.found:
            return
        shown = self.found[:MAX_PROBLEMS_SHOWN]
        more = len(self.found) - len(shown)
        tail = f"\n... and {more} more" if more else ""
        count = f"{len(self.found)} problem{'s' if len(self.found) > 1 else ''}"
        raise RevcycleError(ErrorCode.VALIDATION, f"{count}, nothing loaded:\n" + "\n".join(shown) + tail)


class Fields:
    """The fields of one YAML mapping (or CSV row), each read and converted with its line for the errors."""

    def __init__(self, located: Located, where: str) -> None:
        if not isinstance(located.value, dict):
            raise RevcycleError(ErrorCode.VALIDATION, f"{where} must be a mapping of fields")
        self.values: dict[str, Located] = located.value
        self.line = located.line
        self.where = where

    def line_of(self, key: str) -> int:
        return self.values[key].line if key in self.values else self.line

    def refuse_unknown(self, known: set[str]) -> None:
        unknown = sorted(set(self.values) - known)
        if unknown:
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"unknown field {unknown[0]!r}; expected some of {', '.join(sorted(known))}",
            )

    def text(self, key: str, default: str | None = None) -> str:
        found = self.values.get(key)
        if found is None or found.value is None or found.value == "":
            if default is None:
                raise RevcycleError(ErrorCode.VALIDATION, f"{key} is required")
            return default
        if not isinstance(found.value, str):
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be a value, not a list or a mapping")
        return found.value.strip()

    def whole(self, key: str, default: int) -> int:
        written = self.text(key, "")
        if written == "":
            return default
        if not written.isdecimal():
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be a whole number, got {written!r}")
        return int(written)

    def day(self, key: str, default: date | None = None) -> date | None:
        return parse_day(self.text(key, ""), key) or default

    def cents(self, key: str) -> int:
        return parse_dollars(self.text(key), key)

    def flag(self, key: str, default: bool) -> bool:
        written = self.text(key, "").lower()
        if written == "":
            return default
        if written not in _TRUE | _FALSE:
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be yes or no, got {written!r}")
        return written in _TRUE

    def items(self, key: str) -> Iterator[tuple[int, Located]]:
        """The entries of a list field (none when it is absent)."""
        found = self.values.get(key)
        if found is None or found.value is None:
            return iter(())
        if not isinstance(found.value, list):
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be a list")
        return iter(enumerate(found.value))

    def mapping(self, key: str) -> Fields | None:
        found = self.values.get(key)
        return None if found is None or found.value is None else Fields(found, f"{self.where}.{key}")

    def address(self, key: str, required: bool = True) -> Address | None:
        fields = self.mapping(key)
        if fields is None:
            if required:
                raise RevcycleError(ErrorCode.VALIDATION, f"{key} is required")
            return None
        fields.refuse_unknown({"line1", "line2", "city", "state", "zip"})
        return Address(fields.text("line1"), fields.text("city"), fields.text("state").upper(),
                       fields.text("zip").replace("-", ""), fields.text("line2", ""))  # fmt: skip


def parse_day(written: str, key: str) -> date | None:
    if not written:
        return None
    try:
        return date.fromisoformat(written)
    except ValueError as error:
        raise RevcycleError(
            ErrorCode.INVALID_DATE, f"{key} must be a date YYYY-MM-DD, got {written!r}"
        ) from error


def parse_dollars(written: str, key: str) -> int:
    """ "110", "110.00", "$1,250.50" -> cents; INVALID_AMOUNT for anything else (more than 2 decimals too)."""
    cleaned = written.strip().replace("$", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RevcycleError(
            ErrorCode.INVALID_AMOUNT, f"{key} must be dollars and cents, e.g. 110.00; got {written!r}"
        )
    return round_cents(amount)


def read_csv(text: str, required: set[str], optional: set[str]) -> Iterator[Located]:
    """The rows of a CSV with a header, each a Located mapping of its fields (line = its line in the file); a
    row the header cannot hold (more fields, or not CSV) is a Located None. VALIDATION (the header's line is 1)
    when a required column is missing or a column is unknown."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise RevcycleError(ErrorCode.VALIDATION, "the file is empty") from None
    except csv.Error as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"not CSV ({error})") from error
    missing, unknown = sorted(required - set(header)), sorted(set(header) - required - optional)
    if missing or unknown:
        what = f"missing column {missing[0]!r}" if missing else f"unknown column {unknown[0]!r}"
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{what}; the columns are {', '.join(sorted(required | optional))}"
        )
    return _rows(reader, header)


def _rows(reader: Any, header: list[str]) -> Iterator[Located]:
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield Located(None, reader.line_num)
                continue
            yield Located({name: Located(cell, reader.line_num) for name, cell in zip(header, row, strict=False)},
                          reader.line_num)  # fmt: skip
    except csv.Error:
        yield Located(None, reader.line_num)
