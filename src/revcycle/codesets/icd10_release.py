"""One ICD-10-CM release, read lazily from its compiled columnar store.

Invariants
- Rows are the Tabular List's `<diag>` elements; 7th-character codes are never rows: they are
  synthesized from the nearest sevenChrDef (own or inherited) plus placeholder-X padding.
- A code is billable when it is a leaf that needs no 7th character, or a synthesized
  7th-character code.
- Notes are reported own first, then up the hierarchy (parents, block, chapter), each with
  `inherited_from`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from revcycle.codesets.code_refs import dotted, references_in, undotted
from revcycle.codesets.icd10_model import Icd10Code, Note, ReleaseInfo
from revcycle.codesets.packaged_data import read_bytes

SEVENTH_CHARACTER_LENGTH = 7
CODE_CACHE_LIMIT = 250_000


class Icd10Release:
    def __init__(self, info: ReleaseInfo) -> None:
        self.info = info
        self.name = info.name
        self.effective_from = info.effective_from
        self.effective_through = info.effective_through

    def __repr__(self) -> str:
        return f"Icd10Release({self.info.describe()!r})"

    # -- the store, loaded on first use ------------------------------------------------
    @cached_property
    def _sections(self) -> tuple[bytes, bytes]:
        """The store is two JSON documents on two lines: the code table, then the notes."""
        core, _newline, notes = read_bytes(self.info.file).partition(b"\n")
        return core, notes

    @cached_property
    def _store(self) -> dict[str, Any]:
        return json.loads(self._sections[0])

    @cached_property
    def _notes(self) -> dict[str, Any]:
        """Parsed on the first notes() call: look-up and single-code validation never need it."""
        notes = json.loads(self._sections[1])
        self._sections = (b"", b"")
        return notes

    @cached_property
    def _rows(self) -> dict[str, int]:
        codes = self._store["codes"]
        return dict(zip([code.replace(".", "") for code in codes], range(len(codes)), strict=True))

    # Rows are in tabular (pre-)order: a row's descendants follow it, ancestors precede it.
    def _is_leaf(self, row: int) -> bool:
        parents = self._store["parents"]
        return row + 1 >= len(parents) or parents[row + 1] != row

    def _descendant_rows(self, row: int) -> Iterator[int]:
        parents = self._store["parents"]
        following = row + 1
        while following < len(parents):
            ancestor = parents[following]
            while ancestor > row:
                ancestor = parents[ancestor]
            if ancestor != row:
                return
            yield following
            following += 1

    def _child_rows(self, row: int) -> list[int]:
        parents = self._store["parents"]
        return [descendant for descendant in self._descendant_rows(row) if parents[descendant] == row]

    def load(self) -> Icd10Release:
        """Force loading now (the benchmark and start-up warmers use it)."""
        _ = self._rows
        return self

    # -- rows ----------------------------------------------------------------------------
    def _row(self, code: str) -> int | None:
        return self._rows.get(undotted(code))

    def _ancestors(self, row: int) -> Iterator[int]:
        parent = self._store["parents"][row]
        while parent >= 0:
            yield parent
            parent = self._store["parents"][parent]

    def _seven_chr_row(self, row: int) -> int | None:
        """The row whose sevenChrDef applies (itself or the nearest ancestor), memoized."""
        memo = self._seven_chr_memo
        if row not in memo:
            parent = self._store["parents"][row]
            memo[row] = row if str(row) in self._store["seven_chr"] else (
                self._seven_chr_row(parent) if parent >= 0 else None)
        return memo[row]

    @cached_property
    def _seven_chr_memo(self) -> dict[int, int | None]:
        return {}

    def _needs_seventh(self, row: int) -> bool:
        return self._is_leaf(row) and self._seven_chr_row(row) is not None

    def _is_billable_row(self, row: int) -> bool:
        return self._is_leaf(row) and self._seven_chr_row(row) is None

    # -- public API ------------------------------------------------------------------------
    def codes(self) -> Iterable[str]:
        """Every dotted code in the tabular (headers and leaves; no synthesized 7th characters)."""
        return iter(self._store["codes"])

    def get(self, code: str) -> Icd10Code | None:
        cache = self._code_cache
        if code in cache:  # as typed, then normalized
            return cache[code]
        if len(cache) > CODE_CACHE_LIMIT:  # arbitrary input must not grow it without bound
            cache.clear()
        key = undotted(code)
        if key not in cache:
            row = self._rows.get(key)
            cache[key] = self._code_at(row) if row is not None else self._synthesized(key)
        cache[code] = cache[key]
        return cache[key]

    @cached_property
    def _code_cache(self) -> dict[str, Icd10Code | None]:
        """Answers already built (codes are immutable; a coder's working set is small)."""
        return {}

    def is_billable(self, code: str) -> bool:
        found = self.get(code)
        return found is not None and found.billable

    def billable_code(self, code: str) -> str | None:
        """The dotted code when it is billable in this release, else None (no objects built)."""
        key = undotted(code)
        row = self._rows.get(key)
        if row is not None:
            return self._store["codes"][row] if self._is_billable_row(row) else None
        if len(key) != SEVENTH_CHARACTER_LENGTH:
            return None
        stem = key[:6]
        base = self._rows.get(stem)
        if base is None:
            base = self._rows.get(stem.rstrip("X"))
        if base is None or not self._is_leaf(base) or self._placeholder_stem(base) != stem:
            return None
        allowed = self._seven_chr_definitions(base)[1]
        return dotted(key) if any(char == key[6] for char, _meaning in allowed) else None

    def billable_codes(self) -> Iterator[str]:
        """Every billable code, 7th-character codes included (dotted, tabular order)."""
        for row, code in enumerate(self._store["codes"]):
            if self._is_billable_row(row):
                yield code
            elif self._needs_seventh(row):
                stem = self._placeholder_stem(row)
                for char, _meaning in self._seven_chr_definitions(row)[1]:
                    yield dotted(stem + char)

    def billable_descendants(self, code: str) -> list[str]:
        """Billable codes under a header, in tabular order (7th-character codes not expanded)."""
        return [self._store["codes"][row] for row in self._leaf_rows(code) if self._is_billable_row(row)]

    def seventh_character_descendants(self, code: str) -> list[str]:
        """Leaves under a header that need a 7th character (e.g. S52.52 -> S52.521, ...)."""
        return [self._store["codes"][row] for row in self._leaf_rows(code) if self._needs_seventh(row)]

    def _leaf_rows(self, code: str) -> list[int]:
        row = self._row(code)
        if row is None:
            return []
        return [descendant for descendant in self._descendant_rows(row) if self._is_leaf(descendant)]

    def notes(self, code: str) -> list[Note]:
        found = self.get(code)
        if found is None:
            return []
        row = self._rows[undotted(found.parent if found.synthesized and found.parent else found.code)]
        notes = [
            Note(kind, text, refs, None if at == found.code else at)
            for kind, text, refs, at in self._hierarchy_notes(row)
        ]
        return notes + self._seven_chr_notes(found)

    # -- building answers ----------------------------------------------------------------
    def _code_at(self, row: int) -> Icd10Code:
        store = self._store
        block_id, block_title, chapter_index = store["block_table"][store["blocks"][row]]
        chapter, chapter_title = store["chapter_table"][chapter_index]
        parent = store["parents"][row]
        defined_at, definitions = self._seven_chr_definitions(row)
        is_leaf = self._is_leaf(row)
        needs_seventh = is_leaf and defined_at is not None
        return Icd10Code(
            code=store["codes"][row],
            title=store["titles"][row],
            billable=is_leaf and defined_at is None,
            chapter=chapter,
            block=block_id,
            parent=store["codes"][parent] if parent >= 0 else None,
            children=tuple(store["codes"][child] for child in self._child_rows(row)),
            release=self.name,
            chapter_title=chapter_title,
            block_title=block_title,
            seven_chr_required=needs_seventh,
            seven_chr_definitions=definitions,
            seven_chr_defined_at=defined_at,
            placeholder_stem=self._placeholder_stem(row) if needs_seventh else None,
        )

    def _seven_chr_definitions(self, row: int) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        defined = self._seven_chr_row(row)
        if defined is None:
            return None, ()
        pairs = self._store["seven_chr"][str(defined)]
        excluded = self._store["seven_chr_exclusions"].get(str(row), "")
        allowed = tuple((char, meaning) for char, meaning in pairs if char not in excluded)
        return self._store["codes"][defined], allowed

    def _placeholder_stem(self, row: int) -> str:
        """Undotted 6-character stem: the code padded with X (e.g. S020 -> S020XX)."""
        return self._store["codes"][row].replace(".", "").ljust(SEVENTH_CHARACTER_LENGTH - 1, "X")

    def _synthesized(self, key: str) -> Icd10Code | None:
        if len(key) != SEVENTH_CHARACTER_LENGTH:
            return None
        stem, char = key[:6], key[6]
        base_key = stem if stem in self._rows else stem.rstrip("X")
        base = self.get(base_key) if base_key in self._rows else None
        if base is None or base.placeholder_stem != stem:
            return None
        meaning = dict(base.seven_chr_definitions).get(char)
        if meaning is None:
            return None
        return Icd10Code(
            code=dotted(key),
            title=f"{base.title}, {meaning}",
            billable=True,
            chapter=base.chapter,
            block=base.block,
            parent=base.code,
            children=(),
            release=self.name,
            chapter_title=base.chapter_title,
            block_title=base.block_title,
            seven_chr_definitions=base.seven_chr_definitions,
            seven_chr_defined_at=base.seven_chr_defined_at,
            synthesized=True,
        )

    def _hierarchy_notes(self, row: int) -> Iterator[tuple[str, str, tuple[str, ...], str]]:
        """(kind, text, references, where written) for the row, its ancestors, block, chapter."""
        store, notes = self._store, self._notes
        for at in (row, *self._ancestors(row)):
            yield from self._note_rows(notes["code_notes"].get(str(at), ()), store["codes"][at])
        block_index = store["blocks"][row]
        block_id, _title, chapter_index = store["block_table"][block_index]
        yield from self._note_rows(notes["block_notes"].get(str(block_index), ()), block_id)
        chapter_name = f"Chapter {store['chapter_table'][chapter_index][0]}"
        yield from self._note_rows(notes["chapter_notes"].get(str(chapter_index), ()), chapter_name)

    def _note_rows(self, note_ids: Iterable[int], where: str) -> Iterator[tuple[str, str, tuple[str, ...], str]]:
        for note_id in note_ids:
            kind, text = self._notes["note_table"][note_id]
            yield kind, text, self._references(note_id), where

    def _references(self, note_id: int) -> tuple[str, ...]:
        cache = self._reference_cache
        if note_id not in cache:
            cache[note_id] = references_in(self._notes["note_table"][note_id][1], self._rows.__contains__)
        return cache[note_id]

    @cached_property
    def _reference_cache(self) -> dict[int, tuple[str, ...]]:
        return {}

    def _seven_chr_notes(self, found: Icd10Code) -> list[Note]:
        if not found.seven_chr_definitions:
            return []
        listed = "; ".join(f"{char} = {meaning}" for char, meaning in found.seven_chr_definitions)
        at = None if found.seven_chr_defined_at == found.code else found.seven_chr_defined_at
        notes = [Note("sevenChrDef", listed, (), at)]
        if found.placeholder_stem and found.placeholder_stem != undotted(found.code):
            rule = (
                f"{found.code} has fewer than 6 characters: pad with placeholder X to "
                f"{dotted(found.placeholder_stem)} before the 7th character (e.g. "
                f"{dotted(found.placeholder_stem + found.seven_chr_definitions[0][0])})"
            )
            notes.append(Note("placeholder", rule))
        return notes
