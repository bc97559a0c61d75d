"""Charge entry and the coder queue's tables (migration 0012), on the shared `metadata`.

- `coding_assignments`: who works an encounter in the coder queue; one row per encounter (the primary key
  makes "assigned once" a database fact), replaced when it is reassigned. Each change is in the audit log.
- `coding_sequences`: the coder's diagnosis order and each coded line's pointers, one row each time they are
  set (only ever inserted; the latest row is in force). `line_pointers` is `1:1,2;2:3` (line: pointers).
- `coding_confidences`: the auto-coder's top diagnosis confidence (per mille, 0..1000) for an encounter, kept
  when its note is read for suggestions, so the queue can filter and sort by it without re-reading notes.
Service lines and claim lines carry the drug columns (`tables.drug_columns`) and the fee override reason.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Table

from revcycle.store.tables import id_column, metadata

coding_assignments = Table(
    "coding_assignments",
    metadata,
    Column("encounter_id", Integer, ForeignKey("encounters.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("assigned_by_user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
)

coding_sequences = Table(
    "coding_sequences",
    metadata,
    id_column(),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=False, index=True),
    Column("diagnosis_codes", String(120), nullable=False),
    Column("line_pointers", String(400), nullable=False, server_default=""),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

coding_confidences = Table(
    "coding_confidences",
    metadata,
    Column("encounter_id", Integer, ForeignKey("encounters.id"), primary_key=True),
    Column("top_confidence_permille", Integer, nullable=False),
    Column("suggested_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("top_confidence_permille BETWEEN 0 AND 1000", name="permille"),
)
