"""An in-memory journal: the reference implementation of what a journal promises.

`store.ledger.JournalRepository` keeps the same promises in the database; the property tests run
the same random postings through both.
"""

from __future__ import annotations

from collections.abc import Iterator

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.entries import (
    Entry,
    Line,
    PostedEntry,
    ensure_mirrors,
    ensure_reversible,
    ensure_same_content,
)


class Journal:
    """Append-only: `post` is the only way in; nothing is ever changed or removed."""

    def __init__(self) -> None:
        self._entries: list[PostedEntry] = []
        self._by_key: dict[str, PostedEntry] = {}
        self._reversed_by: dict[int, int] = {}

    def post(self, entry: Entry) -> PostedEntry:
        """Append `entry`, or return the entry first posted with its key (same content) unchanged."""
        if (existing := self._by_key.get(entry.idempotency_key)) is not None:
            ensure_same_content(existing.entry, entry)
            return existing
        if entry.reverses_entry_id is not None:
            original = self.get(entry.reverses_entry_id)
            ensure_reversible(original, self._reversed_by.get(original.id))
            ensure_mirrors(original, entry)
        posted = PostedEntry(len(self._entries) + 1, entry)
        self._entries.append(posted)
        self._by_key[entry.idempotency_key] = posted
        if entry.reverses_entry_id is not None:
            self._reversed_by[entry.reverses_entry_id] = posted.id
        return posted

    def get(self, entry_id: int) -> PostedEntry:
        if not 1 <= entry_id <= len(self._entries):
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no journal entry {entry_id}")
        return self._entries[entry_id - 1]

    def reversal_of(self, entry_id: int) -> int | None:
        return self._reversed_by.get(entry_id)

    @property
    def entries(self) -> tuple[PostedEntry, ...]:
        return tuple(self._entries)

    def lines(self) -> Iterator[Line]:
        for posted in self._entries:
            yield from posted.lines
