"""Compile the ICD-10-PCS code tables (CMS tables XML, order file, addenda) into the shipped store.

A release is its tables: one per 3-character prefix (section, body system, root operation), each
with its rows of allowed values for characters 4-7. The valid codes are every combination a row
allows, so the tables are the release (the CMS order file of the same release is the check).

Three releases are compiled:
- FY2025 (2024-10-01..2025-09-30) from `icd10pcs_tables_2025.xml`;
- FY2026 October (2025-10-01..2026-03-31) from `icd10pcs_tables_2026.xml`;
- FY2026 April update (2026-04-01 on): the October tables with the April addenda applied (80 codes
  added, 2 deleted). No April tables XML is public, so an added code becomes a row of its own (rows
  of the same table and characters 4-6 merged), its axis labels found where the same value is
  labelled in the tables (the same table, then the body system, then the section); a deleted code
  is cut out of its row exactly (the row split into at most four). The result is checked against
  the April order file code for code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import IO, Any

Labelled = list[list[str]]  # [[value, label], ...]
Row = list[Labelled]  # the four axes (characters 4-7) of one table row
AXIS_TITLES_DEFAULT = ["Body Part", "Approach", "Device", "Qualifier"]
UNLABELLED = ""  # a value of an April 2026 code that no table held labels (the code's title names it)


def _axis_labels(axis: ET.Element) -> Labelled:
    return [[label.get("code", ""), (label.text or "").strip()] for label in axis.findall("label")]


def _table(element: ET.Element) -> dict[str, Any]:
    head = {int(axis.get("pos", "0")): axis for axis in element.findall("axis")}
    code = "".join(_axis_labels(head[pos])[0][0] for pos in (1, 2, 3))
    rows: list[Row] = []
    titles: list[str] = list(AXIS_TITLES_DEFAULT)
    for row in element.findall("pcsRow"):
        axes = sorted(row.findall("axis"), key=lambda axis: int(axis.get("pos", "0")))
        rows.append([_axis_labels(axis) for axis in axes])
        titles = [(axis.findtext("title") or "").strip() for axis in axes]
    return {
        "code": code,
        "head": [_axis_labels(head[pos])[0][1] for pos in (1, 2, 3)],
        "head_titles": [(head[pos].findtext("title") or "").strip() for pos in (1, 2, 3)],
        "definition": (head[3].findtext("definition") or "").strip(),
        "titles": titles,
        "rows": rows,
    }


def read_tables(stream: IO[bytes]) -> list[dict[str, Any]]:
    root = ET.parse(stream).getroot()
    return [_table(element) for element in root.findall("pcsTable")]


def expand_row(prefix: str, row: Row) -> Iterable[str]:
    for body in row[0]:
        for approach in row[1]:
            for device in row[2]:
                for qualifier in row[3]:
                    yield prefix + body[0] + approach[0] + device[0] + qualifier[0]


def expand(tables: list[dict[str, Any]]) -> set[str]:
    return {code for table in tables for row in table["rows"] for code in expand_row(table["code"], row)}


# --- the April 2026 update: addenda applied to the October tables ---------------------------------


def read_addenda(stream: IO[bytes]) -> dict[str, list[tuple[str, str]]]:
    """{"add"|"delete"|"revise": [(code, long title)]} from the CMS order addenda."""
    changes: dict[str, list[tuple[str, str]]] = {"add": [], "delete": [], "revise": []}
    kinds = {"Add:": "add", "Delete:": "delete", "Revise to:": "revise"}
    for raw in stream.read().decode("latin-1").splitlines():
        kind = next((name for marker, name in kinds.items() if raw.startswith(marker)), None)
        if kind is None:
            continue
        code = raw[13:20].strip()
        changes[kind].append((code, raw[82:].strip()))
    return changes


def _split_without(row: Row, code: str) -> list[Row]:
    """The row minus one of its codes, as at most four rows (exact: no code gained or lost besides it)."""
    pieces: list[Row] = []
    for position in range(4):
        value = code[3 + position]
        rest = [label for label in row[position] if label[0] != value]
        if rest:
            fixed = [[label for label in row[axis] if label[0] == code[3 + axis]] for axis in range(position)]
            pieces.append([*fixed, rest, *row[position + 1 :]])
    return pieces


def _delete(table: dict[str, Any], code: str) -> None:
    rows: list[Row] = []
    for row in table["rows"]:
        if code in set(expand_row(table["code"], row)):
            rows.extend(_split_without(row, code))
        else:
            rows.append(row)
    table["rows"] = rows


class LabelFinder:
    """Where an axis value of an added code is labelled: the same table, its body system, its section."""

    def __init__(self, tables: list[dict[str, Any]]) -> None:
        self._labels: dict[tuple[str, int, str], str] = {}
        self._titles: dict[str, list[str]] = {}
        self._heads: dict[tuple[int, str], str] = {}
        self.unlabelled: list[str] = []  # "code:character" of values no table labels
        for table in tables:
            code = table["code"]
            self._titles.setdefault(code[:1], table["titles"])
            for position, (value, label) in enumerate(zip(code, table["head"], strict=True)):
                scope = code[:1] if position == 2 else code[:position]
                self._heads.setdefault((position, scope + value), label)
            for row in table["rows"]:
                for axis, labels in enumerate(row):
                    for value, label in labels:
                        for scope in (code, code[:2], code[:1]):
                            self._labels.setdefault((scope, axis, value), label)

    def label(self, code: str, axis: int) -> str:
        value = code[3 + axis]
        for scope in (code[:3], code[:2], code[:1]):
            if (scope, axis, value) in self._labels:
                return self._labels[(scope, axis, value)]
        self.unlabelled.append(f"{code}:{4 + axis}")
        return UNLABELLED

    def head(self, code: str, header_title: str) -> list[str]:
        """Section, body system and operation labels of a new table; the body system read from the
        CMS header title ("New Technology, Ear, Nose, Sinus, Insertion") when no table names it."""
        section = self._heads[(0, code[0])]
        operation = self._heads.get((2, code[0] + code[2])) or header_title.rsplit(", ", 1)[1]
        body = self._heads.get((1, code[:2])) or header_title[len(section) + 2 : -len(operation) - 2]
        return [section, body, operation]

    def titles(self, code: str) -> list[str]:
        return list(self._titles.get(code[:1], AXIS_TITLES_DEFAULT))


def _merge_added(codes: list[str], finder: LabelFinder) -> list[Row]:
    """Rows for added codes: codes sharing characters 4-6 become one row with their qualifiers."""
    by_stem: dict[str, list[str]] = {}
    for code in sorted(codes):
        by_stem.setdefault(code[:6], []).append(code)
    rows: list[Row] = []
    for members in by_stem.values():
        first = members[0]
        axes = [[[first[3 + axis], finder.label(first, axis)]] for axis in range(3)]
        rows.append([*axes, [[code[6], finder.label(code, 3)] for code in members]])
    return rows


def apply_addenda(
    tables: list[dict[str, Any]], changes: dict[str, list[tuple[str, str]]]
) -> list[dict[str, Any]]:
    """A deep copy of the tables with the additions and deletions applied."""
    updated = [{**table, "rows": [list(row) for row in table["rows"]]} for table in tables]
    by_code = {table["code"]: table for table in updated}
    finder = LabelFinder(tables)
    for code, _title in changes["delete"]:
        _delete(by_code[code[:3]], code)
    headers = {code: title for code, title in changes["add"] if len(code) == 3}
    added = [code for code, _title in changes["add"] if len(code) == 7]
    for prefix in sorted({code[:3] for code in added}):
        members = [code for code in added if code[:3] == prefix]
        table = by_code.get(prefix)
        if table is None:
            table = {
                "code": prefix,
                "head": finder.head(prefix, headers[prefix]),
                "definition": "",
                "head_titles": ["Section", "Body System", "Operation"],
                "titles": finder.titles(prefix),
                "rows": [],
            }
            by_code[prefix] = table
            updated.append(table)
        table["rows"].extend(_merge_added(members, finder))
    return sorted(updated, key=lambda table: table["code"])
