"""Tables for appeals (tracking an appeal from letter to outcome). On the shared `metadata`; migration 0006.

- `appeals`: one row per appeal of a claim's denials: category argued, denial date,
  deadline, status (drafted, sent, won, partially_won, upheld, withdrawn), the biller's note, the
  dates it was sent and decided, what the payer paid when it decided (`recovered_cents`) and the
  remitted claim that decided it. Only `status` and the dates/outcome columns change.
- `appeal_denials`: the denials (table `denials`) an appeal covers.
- `payer_appeal_windows`: a payer's own appeal window in days per denial category (`*`: any category).
- `claim_acknowledgments`: each 277CA answer about a claim (accepted or not, the payer's status date
  STC02, its words, the payer claim number), append-only: the proof of submission a timely filing appeal
  cites (the claim's own status moves on with the 835).
Money is BigInteger cents.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text

from revcycle.store.tables import metadata

appeals = Table(
    "appeals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("claim_control_number", String(38), nullable=False, index=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("category", String(24), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("denied_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("denied_cents", BigInteger, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("sent_on", Date, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("recovered_cents", BigInteger, nullable=True),
    Column("decided_by_remittance_claim_id", Integer, ForeignKey("remittance_claims.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
)

appeal_denials = Table(
    "appeal_denials",
    metadata,
    Column("appeal_id", Integer, ForeignKey("appeals.id"), primary_key=True),
    Column("denial_id", Integer, ForeignKey("denials.id"), primary_key=True),
)

payer_appeal_windows = Table(
    "payer_appeal_windows",
    metadata,
    Column("payer_id", Integer, ForeignKey("payers.id"), primary_key=True),
    Column("category", String(24), primary_key=True),
    Column("days", Integer, nullable=False),
)

claim_acknowledgments = Table(
    "claim_acknowledgments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("accepted", Boolean, nullable=False),
    Column("status_date", Date, nullable=True),  # STC02: the day the payer's front end decided
    Column("words", String(500), nullable=False, server_default=""),
    Column("payer_claim_number", String(50), nullable=False, server_default=""),
    Column("received_at", DateTime(timezone=True), nullable=False),
)
