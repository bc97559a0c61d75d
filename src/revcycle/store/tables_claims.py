"""Claims tables: each claim version as an immutable record with its lines, its status changes, scrub batches.

On the shared `metadata` (imported by `revcycle.store`, so Alembic's comparison always sees them).
- `claims`: one row per claim version (a corrected or void claim is a new row linked by
  `original_claim_number`); `document` is the claim's header as JSON (`claims.serialize`, lines left
  out), written once; only `status` (and `updated_at`) change, each change appended to
  `claim_status_changes`; `submitted_at` / `submission_batch_id` say when it last went out and in which
  clearinghouse interchange (none for an 837P exported to a file).
- `claim_lines`: the claim's service lines, written with it; `control_number` is the REF*6R sent with the
  line (`Claim.line_control_number`), which the payer's 835 echoes. Remitted lines, denials and
  underpayments point at the line they paid or denied.
- `claim_batches`: one scrub run (its clean-claim rate); `claim_batch_claims` the claims in it with
  each one's result; `exported_at` / `file_name` once the batch's ready claims went out as an 837P.
Money is BigInteger cents.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from revcycle.store.tables import drug_columns, id_column, metadata

claims = Table(
    "claims",
    metadata,
    id_column(),
    Column("claim_number", String(38), nullable=False, unique=True),  # patient control number, CLM01
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=True, index=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=True),
    Column("version", Integer, nullable=False),
    Column("frequency", String(1), nullable=False),
    Column("original_claim_number", String(38), nullable=True),
    Column("payer_claim_control_number", String(50), nullable=False, server_default=""),
    Column("status", String(16), nullable=False, index=True),
    Column("first_service_date", Date, nullable=False),
    Column("total_charge_cents", BigInteger, nullable=False),
    Column("document", Text, nullable=False),
    Column("kind", String(13), nullable=False, server_default="professional"),  # professional | institutional
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=True),
    Column("submission_batch_id", Integer, ForeignKey("clearinghouse_batches.id"), nullable=True, index=True),
)

claim_lines = Table(
    "claim_lines",
    metadata,
    id_column(),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),
    Column("control_number", String(50), nullable=False),  # REF*6R
    Column("procedure_code", String(48), nullable=False),
    Column("modifiers", String(11), nullable=False, server_default=""),
    Column("diagnosis_pointers", String(11), nullable=False),
    Column("units", Integer, nullable=False),
    Column("charge_cents", BigInteger, nullable=False),
    Column("service_date", Date, nullable=False),
    Column("service_date_to", Date, nullable=True),
    Column("place_of_service", String(2), nullable=False, server_default=""),
    Column("charge_source", String(16), nullable=False, server_default="encounter"),
    Column("service_line_id", Integer, ForeignKey("service_lines.id"), nullable=True),
    *drug_columns(),  # LIN*N4 / CTP of the 2410 loop (charge entry, 0012)
    Column("revenue_code", String(4), nullable=False, server_default=""),  # institutional: SV201 (0018)
    Column("non_covered_cents", BigInteger, nullable=False, server_default="0"),  # institutional: SV207
    UniqueConstraint("claim_id", "line_number", name="uq_claim_lines_claim_line"),
)

claim_status_changes = Table(
    "claim_status_changes",
    metadata,
    id_column(),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("note", String(500), nullable=False, server_default=""),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
)

claim_batches = Table(
    "claim_batches",
    metadata,
    id_column(),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claim_count", Integer, nullable=False),
    Column("clean_claims", Integer, nullable=False),
    Column("clean_claim_rate", String(6), nullable=False),  # percent with one decimal, e.g. "92.5"
    Column("exported_at", DateTime(timezone=True), nullable=True),
    Column("file_name", String(300), nullable=False, server_default=""),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
)

claim_batch_claims = Table(
    "claim_batch_claims",
    metadata,
    id_column(),
    Column("batch_id", Integer, ForeignKey("claim_batches.id"), nullable=False, index=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False, index=True),
    Column("clean", Boolean, nullable=False),
    Column("findings", Text, nullable=False),  # JSON list of findings
)
