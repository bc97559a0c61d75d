"""Follow-up tables: eligibility checks (270/271) and claim status inquiries (276/277).

On the shared `metadata` (imported by `revcycle.store`, so Alembic's comparison always sees them).
- `eligibility_checks`: one row per member answered, with the encounter it was asked for when there
  is one; `benefits` is the plain `Benefits` as JSON (cents); `active` is NULL when the payer
  rejected the inquiry (AAA; the reasons are in `rejections`). Append-only: a new check is a new row,
  the latest one per encounter is the one the scrubber uses.
- `claim_status_checks`: one row per 277 claim answer to a 276 we sent about a claim.
- `payer_followup_settings`: per payer, how many days without an answer before a 276 is sent.
Money is BigInteger cents.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text

from revcycle.store.tables import id_column, metadata

eligibility_checks = Table(
    "eligibility_checks",
    metadata,
    id_column(),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("coverage_id", Integer, ForeignKey("coverages.id"), nullable=False),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=True, index=True),
    Column("date_of_service", Date, nullable=False),
    Column("active", Boolean, nullable=True),
    Column("plan_name", String(80), nullable=False, server_default=""),
    Column("rejections", String(500), nullable=False, server_default=""),  # plain words, "; "-joined
    Column("member_id_changed_to", String(80), nullable=False, server_default=""),
    Column("name_changed_to", String(120), nullable=False, server_default=""),
    Column("benefits", Text, nullable=False),  # the Benefits as JSON
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
)

claim_status_checks = Table(
    "claim_status_checks",
    metadata,
    id_column(),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("category", String(3), nullable=False),
    Column("status_codes", String(60), nullable=False, server_default=""),  # "F1:65 F1:1"
    Column("words", String(500), nullable=False, server_default=""),
    Column("payer_claim_number", String(50), nullable=False, server_default=""),
    Column("adjudicated_on", Date, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("paid_cents", BigInteger, nullable=True),
    Column("check_number", String(50), nullable=False, server_default=""),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
)

payer_followup_settings = Table(
    "payer_followup_settings",
    metadata,
    Column("payer_id", Integer, ForeignKey("payers.id"), primary_key=True),
    Column("claim_status_after_days", Integer, nullable=False),
)
