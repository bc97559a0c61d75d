"""The journal in the database: append-only entries and lines, accounts with running totals.

`post` keeps `ledger.Journal`'s promises (idempotency, reversal once, mirroring) and adds the
database's: the accounts an entry touches are locked in a deterministic order (ids ascending,
`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions are `BEGIN IMMEDIATE`, so writers
serialise), then each account's running total is read and rewritten under its lock. There is
no method that updates or deletes an entry or a line; triggers refuse it too.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.accounts import RECEIVABLE_KINDS, AccountKind, AccountRef
from revcycle.ledger.balances import Receivable
from revcycle.ledger.entries import (
    Entry,
    EntryKind,
    Line,
    PostedEntry,
    ensure_mirrors,
    ensure_reversible,
)
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import journal_entries, journal_lines, ledger_accounts

_DIMENSIONS = ("patient_id", "payer_id", "claim_id", "service_line_id")


class JournalRepository(Repository):
    # --- writing ---------------------------------------------------------------------------
    def post(self, entry: Entry, posted_at: datetime, posted_by_user_id: int | None = None) -> PostedEntry:
        """Append `entry`; the same key with the same content returns the first entry and writes nothing."""
        return self.record(entry, posted_at, posted_by_user_id)[0]

    def record(
        self, entry: Entry, posted_at: datetime, posted_by_user_id: int | None = None
    ) -> tuple[PostedEntry, bool]:
        """Like `post`, also saying whether this call wrote the entry (False: an idempotent replay)."""
        locked = self.lock_accounts([line.account for line in entry.lines])
        if (existing := self._replay(entry)) is not None:  # checked under the locks: no race with a twin
            return existing, False
        if entry.reverses_entry_id is not None:
            original = self.get(entry.reverses_entry_id)
            ensure_reversible(original, self.reversal_of(original.id))
            ensure_mirrors(original, entry)
        entry_id = self._insert_entry(entry, posted_at, posted_by_user_id)
        if entry_id is None:  # the key was taken by a concurrent transaction that touched other accounts
            return self._replay(entry), False  # type: ignore[return-value]  # raises IDEMPOTENCY_CONFLICT
        self._insert_lines(entry_id, entry, locked)
        self._update_running_totals(entry, locked)
        return PostedEntry(entry_id, entry, posted_at, posted_by_user_id), True

    def _replay(self, entry: Entry) -> PostedEntry | None:
        query = select(journal_entries.c.id, journal_entries.c.fingerprint, journal_entries.c.kind)
        row = self._connection.execute(
            query.where(journal_entries.c.idempotency_key == entry.idempotency_key)
        ).first()
        if row is None:
            return None
        if row.fingerprint != entry.fingerprint():
            raise RevcycleError(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                f"idempotency key {entry.idempotency_key!r} was already used for a different {row.kind} entry",
            )
        return self.get(row.id)

    def lock_accounts(self, refs: list[AccountRef]) -> dict[str, tuple[int, int, int]]:
        """Create missing accounts, then lock all of them by ascending id: code -> (id, balance, lines).

        `post` calls it for one entry's accounts. A use case that posts several entries in one
        transaction (a remittance) calls it first with every account it will touch, so that two
        such transactions always lock in the same order and cannot deadlock."""
        codes = sorted({ref.code for ref in refs})
        known = set(
            self._connection.scalars(select(ledger_accounts.c.code).where(ledger_accounts.c.code.in_(codes)))
        )
        missing = sorted((ref for ref in set(refs) if ref.code not in known), key=lambda ref: ref.code)
        if missing:
            dialect_insert = (
                postgresql.insert if self._connection.dialect.name == "postgresql" else sqlite.insert
            )
            rows = [
                {"code": r.code, "kind": r.kind.value, "patient_id": r.patient_id, "payer_id": r.payer_id}
                for r in missing
            ]
            self._connection.execute(
                dialect_insert(ledger_accounts).on_conflict_do_nothing(index_elements=["code"]), rows
            )
        query = (
            select(
                ledger_accounts.c.id,
                ledger_accounts.c.code,
                ledger_accounts.c.balance_cents,
                ledger_accounts.c.line_count,
            )
            .where(ledger_accounts.c.code.in_(codes))
            .order_by(ledger_accounts.c.id)
            .with_for_update()
        )
        return {
            row.code: (row.id, row.balance_cents, row.line_count) for row in self._connection.execute(query)
        }

    def _insert_entry(self, entry: Entry, posted_at: datetime, posted_by_user_id: int | None) -> int | None:
        values = {
            "idempotency_key": entry.idempotency_key,
            "fingerprint": entry.fingerprint(),
            "kind": entry.kind.value,
            "effective_date": entry.effective_date,
            "memo": entry.memo,
            "reverses_entry_id": entry.reverses_entry_id,
            "posted_at": posted_at,
            "posted_by_user_id": posted_by_user_id,
        }
        dialect_insert = postgresql.insert if self._connection.dialect.name == "postgresql" else sqlite.insert
        statement = (
            dialect_insert(journal_entries)
            .values(values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(journal_entries.c.id)
        )
        return self._connection.scalar(statement)

    def _insert_lines(self, entry_id: int, entry: Entry, locked: dict[str, tuple[int, int, int]]) -> None:
        rows = [
            {
                "entry_id": entry_id,
                "line_number": number,
                "account_id": locked[line.account.code][0],
                "amount_cents": line.amount_cents,
                **{name: getattr(line, name) for name in _DIMENSIONS},
            }
            for number, line in enumerate(entry.lines, start=1)
        ]
        self._connection.execute(insert(journal_lines), rows)

    def _update_running_totals(self, entry: Entry, locked: dict[str, tuple[int, int, int]]) -> None:
        deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for line in entry.lines:
            deltas[line.account.code][0] += line.amount_cents
            deltas[line.account.code][1] += 1
        for code in sorted(deltas):
            account_id, balance, count = locked[code]
            amount, lines = deltas[code]
            values = {"balance_cents": balance + amount, "line_count": count + lines}
            self._connection.execute(
                update(ledger_accounts).where(ledger_accounts.c.id == account_id).values(values)
            )

    # --- reading ---------------------------------------------------------------------------
    def get(self, entry_id: int) -> PostedEntry:
        entries = self._load(journal_entries.c.id == entry_id)
        if not entries:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no journal entry {entry_id}")
        return entries[0]

    def get_by_key(self, idempotency_key: str) -> PostedEntry | None:
        entries = self._load(journal_entries.c.idempotency_key == idempotency_key)
        return entries[0] if entries else None

    def entries(self, patient_id: int | None = None) -> list[PostedEntry]:
        """All entries in posting order, or those with a line for `patient_id`."""
        if patient_id is None:
            return self._load(None)
        touching = select(journal_lines.c.entry_id).where(journal_lines.c.patient_id == patient_id)
        return self._load(journal_entries.c.id.in_(touching))

    def reversal_of(self, entry_id: int) -> int | None:
        query = select(journal_entries.c.id).where(journal_entries.c.reverses_entry_id == entry_id)
        return self._connection.scalar(query)

    def _load(self, condition) -> list[PostedEntry]:  # type: ignore[no-untyped-def]
        entry_query = select(journal_entries).order_by(journal_entries.c.id)
        line_query = (
            select(journal_lines, ledger_accounts.c.code)
            .join(ledger_accounts, ledger_accounts.c.id == journal_lines.c.account_id)
            .order_by(journal_lines.c.entry_id, journal_lines.c.line_number)
        )
        if condition is not None:
            entry_query = entry_query.where(condition)
            line_query = line_query.where(
                journal_lines.c.entry_id.in_(select(journal_entries.c.id).where(condition))
            )
        lines: dict[int, list[Line]] = defaultdict(list)
        for row in self._connection.execute(line_query):
            dims = {name: getattr(row, name) for name in _DIMENSIONS}
            lines[row.entry_id].append(Line(AccountRef.from_code(row.code), row.amount_cents, **dims))
        return [_posted(row, tuple(lines[row.id])) for row in self._connection.execute(entry_query)]

    def trial_balance(self) -> dict[str, int]:
        """Balance per account code, summed from the lines (never from the running totals)."""
        query = (
            select(ledger_accounts.c.code, func.sum(journal_lines.c.amount_cents))
            .join(journal_lines, journal_lines.c.account_id == ledger_accounts.c.id)
            .group_by(ledger_accounts.c.code)
            .order_by(ledger_accounts.c.code)
        )
        return {code: int(total) for code, total in self._connection.execute(query)}

    def receivable(self, **filters: int | None) -> Receivable:
        """What is owed, summed from the receivable lines whose dimensions match every filter given."""
        kinds = [kind.value for kind in RECEIVABLE_KINDS]
        query = (
            select(ledger_accounts.c.kind, func.sum(journal_lines.c.amount_cents))
            .join(journal_lines, journal_lines.c.account_id == ledger_accounts.c.id)
            .where(ledger_accounts.c.kind.in_(kinds))
            .group_by(ledger_accounts.c.kind)
        )
        for name, value in filters.items():
            if name not in _DIMENSIONS:
                raise RevcycleError(ErrorCode.VALIDATION, f"not a ledger dimension: {name}")
            if value is not None:
                query = query.where(journal_lines.c[name] == value)
        sums = {AccountKind(kind): int(total) for kind, total in self._connection.execute(query)}
        return Receivable(
            insurance_cents=sums.get(AccountKind.INSURANCE_AR, 0),
            patient_cents=sums.get(AccountKind.PATIENT_AR, 0),
            unapplied_cents=sums.get(AccountKind.UNAPPLIED_CASH, 0),
        )

    def running_totals(self) -> dict[str, tuple[int, int]]:
        """Per account code: (running balance, line count) as kept under the row locks."""
        query = select(ledger_accounts.c.code, ledger_accounts.c.balance_cents, ledger_accounts.c.line_count)
        return {
            code: (balance, count)
            for code, balance, count in self._connection.execute(query.order_by(ledger_accounts.c.code))
        }

    def unbalanced_entries(self) -> dict[int, int]:
        """Entry id -> sum of its lines, for every entry whose lines do not sum to zero (never, unless
        someone wrote to the tables around the repository)."""
        query = (
            select(journal_lines.c.entry_id, func.sum(journal_lines.c.amount_cents))
            .group_by(journal_lines.c.entry_id)
            .having(func.sum(journal_lines.c.amount_cents) != 0)
            .order_by(journal_lines.c.entry_id)
        )
        return {entry_id: int(total) for entry_id, total in self._connection.execute(query)}

    def running_total_drift(self) -> dict[str, tuple[int, int]]:
        """Account code -> (running total, sum of its lines) wherever the two differ."""
        sums = self.trial_balance()
        return {
            code: (balance, sums.get(code, 0))
            for code, (balance, _) in self.running_totals().items()
            if balance != sums.get(code, 0)
        }

    def row_counts(self) -> tuple[int, int]:
        entries = self._connection.scalar(select(func.count()).select_from(journal_entries))
        lines = self._connection.scalar(select(func.count()).select_from(journal_lines))
        return int(entries or 0), int(lines or 0)


def _posted(row, lines: tuple[Line, ...]) -> PostedEntry:  # type: ignore[no-untyped-def]
    entry = Entry(
        row.idempotency_key, EntryKind(row.kind), row.effective_date, lines, row.memo, row.reverses_entry_id
    )
    return PostedEntry(row.id, entry, row.posted_at, row.posted_by_user_id)
