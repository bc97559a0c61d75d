"""Many journal entries in one go, for use cases that post hundreds of entries in one transaction
(an 835 remittance): the journal's promises, with a constant number of statements per batch.

Same rules as `JournalRepository.record`, applied to the batch:
- every account of every entry is locked first, in one deterministic order (`lock_accounts`);
- a key already in the journal with the same fingerprint is a replay (nothing written); with another
  fingerprint it raises IDEMPOTENCY_CONFLICT; keys are checked under the locks;
- reversals go through `record` one by one (they need their original's checks);
- running totals are rewritten once per account from the values read under its lock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import insert, select, update

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.entries import Entry
from revcycle.store.repositories.journal import JournalRepository
from revcycle.store.tables import journal_entries, journal_lines, ledger_accounts

DIMENSIONS = ("patient_id", "payer_id", "claim_id", "service_line_id")
CHUNK = 500


class BatchJournal(JournalRepository):
    def record_many(
        self, entries: list[Entry], posted_at: datetime, user_id: int | None = None
    ) -> list[tuple[int, bool]]:
        """(entry id, created) per entry, in order."""
        locked = self.lock_accounts([line.account for entry in entries for line in entry.lines])
        known = self._known_keys(entries)
        results: dict[str, tuple[int, bool]] = {}
        fresh: dict[str, Entry] = {}
        for entry in entries:
            key = entry.idempotency_key
            earlier = known.get(key) or (
                (0, fresh[key].fingerprint(), fresh[key].kind.value) if key in fresh else None
            )
            if earlier is not None:
                if earlier[1] != entry.fingerprint():
                    raise RevcycleError(ErrorCode.IDEMPOTENCY_CONFLICT,
                                        f"idempotency key {key!r} was already used for a different {earlier[2]} entry")  # fmt: skip
                if key in known:
                    results[key] = (earlier[0], False)
            elif entry.reverses_entry_id is not None:
                posted, created = self.record(entry, posted_at, user_id)
                results[key] = (posted.id, created)
            else:
                fresh[key] = entry
        batch = list(fresh.values())
        for start in range(0, len(batch), CHUNK):
            results |= self._insert(batch[start : start + CHUNK], posted_at, user_id, locked)
        self._rewrite_totals(batch, locked)
        return [results[entry.idempotency_key] for entry in entries]

    def _known_keys(self, entries: list[Entry]) -> dict[str, tuple[int, str, str]]:
        keys = sorted({entry.idempotency_key for entry in entries})
        found: dict[str, tuple[int, str, str]] = {}
        columns = (
            journal_entries.c.idempotency_key,
            journal_entries.c.id,
            journal_entries.c.fingerprint,
            journal_entries.c.kind,
        )
        for start in range(0, len(keys), CHUNK):
            query = select(*columns).where(journal_entries.c.idempotency_key.in_(keys[start : start + CHUNK]))
            found |= {row[0]: (row[1], row[2], row[3]) for row in self._connection.execute(query)}
        return found

    def _insert(
        self, entries: list[Entry], posted_at: datetime, user_id: int | None, locked: dict
    ) -> dict[str, tuple[int, bool]]:
        rows = [
            {"idempotency_key": e.idempotency_key, "fingerprint": e.fingerprint(), "kind": e.kind.value,
             "effective_date": e.effective_date, "memo": e.memo, "reverses_entry_id": None, "posted_at": posted_at,
             "posted_by_user_id": user_id}
            for e in entries
        ]  # fmt: skip
        statement = insert(journal_entries).returning(journal_entries.c.id, sort_by_parameter_order=True)
        ids = [row[0] for row in self._connection.execute(statement, rows)]
        lines = [
            {"entry_id": entry_id, "line_number": number, "account_id": locked[line.account.code][0],
             "amount_cents": line.amount_cents, **{name: getattr(line, name) for name in DIMENSIONS}}
            for entry_id, entry in zip(ids, entries, strict=True)
            for number, line in enumerate(entry.lines, start=1)
        ]  # fmt: skip
        self._connection.execute(insert(journal_lines), lines)
        return {entry.idempotency_key: (entry_id, True) for entry_id, entry in zip(ids, entries, strict=True)}

    def _rewrite_totals(self, entries: list[Entry], locked: dict) -> None:
        deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for entry in entries:
            for line in entry.lines:
                deltas[line.account.code][0] += line.amount_cents
                deltas[line.account.code][1] += 1
        current = self._current_totals(sorted(deltas))
        for code in sorted(deltas):
            account_id = locked[code][0]
            balance, count = current[code]
            values = {"balance_cents": balance + deltas[code][0], "line_count": count + deltas[code][1]}
            self._connection.execute(
                update(ledger_accounts).where(ledger_accounts.c.id == account_id).values(values)
            )

    def _current_totals(self, codes: list[str]) -> dict[str, tuple[int, int]]:
        """Read again under the locks we hold: a reversal posted through `record` may have moved them."""
        found: dict[str, tuple[int, int]] = {}
        columns = (ledger_accounts.c.code, ledger_accounts.c.balance_cents, ledger_accounts.c.line_count)
        for start in range(0, len(codes), CHUNK):
            query = select(*columns).where(ledger_accounts.c.code.in_(codes[start : start + CHUNK]))
            found |= {row[0]: (row[1], row[2]) for row in self._connection.execute(query)}
        return found
