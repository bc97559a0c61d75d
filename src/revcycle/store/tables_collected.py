"""The files exchanged with clearinghouses, once each. On the shared `metadata`; migration 0016.

- `collected_files`: every file collected from a partner's inbound folder (999, TA1, 277CA, 835), keyed by
  (partner, digest) — unique, so a file seen again (a crash after the commit and before the archive, or the same
  bytes dropped twice under another name) is recognised and changes nothing. The row is written in the same
  transaction that applies the file, so a file is recorded if and only if its effects are committed; it is
  archived at the partner only after that commit. `digest` is `services.remittances.file_digest` (sha256 of the
  bytes without line breaks); `kind` what was in it (999, ta1, 277ca, 835, other).
- `outbound_files`: the 837 text of each interchange we submitted (one per `clearinghouse_batches` row), kept
  so an upload that failed after the batch committed can be sent again byte for byte (`delivered_at` empty until
  the partner has the file whole; `delivered_to` where it went, in words — never a secret).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from revcycle.store.tables import id_column, metadata

collected_files = Table(
    "collected_files",
    metadata,
    id_column(),
    Column("partner", String(80), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("kind", String(8), nullable=False),  # 999 | ta1 | 277ca | 835 | other
    Column("collected_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("partner", "digest", name="uq_collected_files_partner_digest"),
)

outbound_files = Table(
    "outbound_files",
    metadata,
    id_column(),
    Column("batch_id", Integer, ForeignKey("clearinghouse_batches.id"), nullable=False, unique=True),
    Column("partner", String(80), nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("delivered_to", String(500), nullable=False, server_default=""),
)
