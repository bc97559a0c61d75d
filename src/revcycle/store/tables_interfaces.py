"""The interface inbox: every message an EHR sent (HL7 v2 over MLLP or a batch file, a FHIR Bundle), once. On the
shared `metadata`; migration 0015.

- `interface_messages`: one row per message, keyed by (channel, sender, control_id) — unique, so a message
  re-sent with the same control id (MSH-10, a Bundle's identifier) is recognised and never applied twice, even by
  two listeners at once. `status` is `applied` (its changes committed in the same transaction as the row),
  `failed` (nothing of it applied; `error` says why and where: the interface error queue) or `dismissed` (a
  failed message a user chose not to apply). `raw` keeps the text as received (a fixed copy replaces it, with
  `attempts` counting the tries and `user_id` the last user who replayed or dismissed it).
- `external_identifiers` (migration 0017): the sender's names for our records — a patient's identifier (an MRN,
  kind `patient`) or a visit's number (kind `visit`, with its encounter) under its assigning authority; unique
  (kind, assigner, identifier), so two messages registering the same MRN at once make one patient.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from revcycle.store.tables import id_column, metadata

interface_messages = Table(
    "interface_messages",
    metadata,
    id_column(),
    Column("channel", String(8), nullable=False),  # hl7 | fhir
    Column("sender", String(120), nullable=False),  # MSH-3^MSH-4 (application^facility), a Bundle's source
    Column("control_id", String(64), nullable=False),  # MSH-10, a Bundle's identifier (or its digest)
    Column("message_type", String(24), nullable=False),  # ADT^A04, DFT^P03, Bundle/transaction
    Column("digest", String(64), nullable=False),  # sha256 of the text as received
    Column("raw", Text, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("error", Text, nullable=False, server_default=""),
    Column("attempts", Integer, nullable=False, server_default="1"),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    UniqueConstraint(
        "channel", "sender", "control_id", name="uq_interface_messages_channel_sender_control_id"
    ),
    CheckConstraint("status IN ('applied', 'failed', 'dismissed')", name="status_known"),
    CheckConstraint("channel IN ('hl7', 'fhir')", name="channel_known"),
)

external_identifiers = Table(
    "external_identifiers",
    metadata,
    id_column(),
    Column("kind", String(8), nullable=False),  # patient | visit
    Column("assigner", String(120), nullable=False),  # the assigning authority (PID-3.4, a system URI)
    Column("identifier", String(80), nullable=False),  # an MRN, a visit number (with its date of service)
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint(
        "kind", "assigner", "identifier", name="uq_external_identifiers_kind_assigner_identifier"
    ),
    CheckConstraint("kind IN ('patient', 'visit')", name="kind_known"),
    CheckConstraint("(kind = 'visit') = (encounter_id IS NOT NULL)", name="visit_has_encounter"),
)
