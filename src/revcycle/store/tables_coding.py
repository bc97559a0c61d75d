"""Coding tables: the coder's decisions on an encounter's code suggestions (append-only audit).

On the shared `metadata` (imported by `revcycle.store`, so Alembic's comparison always sees them).
- `coding_decisions`: one row per decision (accept, reject, edit, add); never updated or deleted
  (triggers refuse UPDATE/DELETE, like the journal). The latest decision on a suggestion wins.
  `suggested_code` is empty for an add; `final_code` is empty for a reject. `code_system` is
  `icd10cm`, `cpt` or `hcpcs`. `decided_at` comes from the unit of work's clock.
- `coding_finalizations`: one row each time an encounter's code set was finalized (who, when, the
  diagnosis and procedure codes written onto the encounter, and whether a manager forced it).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table

from revcycle.store.tables import id_column, metadata

CODING_APPEND_ONLY_TABLES = ("coding_decisions", "coding_finalizations")


coding_decisions = Table(
    "coding_decisions",
    metadata,
    id_column(),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=False, index=True),
    Column("code_system", String(8), nullable=False),
    Column("suggested_code", String(10), nullable=False, server_default=""),
    Column("action", String(8), nullable=False),
    Column("final_code", String(10), nullable=False, server_default=""),
    Column("coder_user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(500), nullable=False, server_default=""),
)

coding_finalizations = Table(
    "coding_finalizations",
    metadata,
    id_column(),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=False, index=True),
    Column("diagnosis_codes", String(120), nullable=False),
    Column("procedure_codes", String(200), nullable=False, server_default=""),
    Column("forced", Boolean, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("finalized_at", DateTime(timezone=True), nullable=False),
)
