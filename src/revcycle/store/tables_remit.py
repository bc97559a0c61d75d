"""Tables of the claim's way back: remittances posted, their claims (matched to `claims` by CLP01, their
lines to `claim_lines` by REF*6R), the exception queue, denials, X12 control numbers and clearinghouse batches.

On the shared `metadata` (imported by `revcycle.store` so Alembic's comparison always sees them).
Money is BigInteger cents. `remittances.digest` is unique: the same 835 is posted once; `payment_identities`
is unique per payer + TRN02 + TRN03 + amount: the same payment is posted once, in any envelope.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from revcycle.store.tables import id_column, metadata

remittances = Table(
    "remittances",
    metadata,
    id_column(),
    Column("digest", String(64), nullable=False, unique=True),
    Column("payer_code", String(80), nullable=False),
    Column("trace_number", String(50), nullable=False),
    Column("payment_date", Date, nullable=True),
    Column("total_paid_cents", BigInteger, nullable=False),
    Column("claim_count", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # posted | rejected
    Column("detail", String(500), nullable=False, server_default=""),
    Column("source", String(200), nullable=False, server_default=""),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_remittances_payer_trace", "payer_code", "trace_number"),
)

# A payment's identity (0014): the payer, TRN02 (check or EFT trace), TRN03 (originating company) and the
# amount paid. Posting claims the identity first, in the posting transaction; the unique constraint makes
# the database refuse a second post of the same payment however it is enveloped and however the posts overlap.
payment_identities = Table(
    "payment_identities",
    metadata,
    id_column(),
    Column("payer_code", String(80), nullable=False),
    Column("trace_number", String(50), nullable=False),
    Column("trace_originator", String(50), nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("remittance_id", Integer, ForeignKey("remittances.id"), nullable=True, index=True),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint(
        "payer_code", "trace_number", "trace_originator", "paid_cents", name="uq_payment_identities_payment"
    ),
)

remittance_claims = Table(
    "remittance_claims",
    metadata,
    id_column(),
    Column("remittance_id", Integer, ForeignKey("remittances.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("claim_control_number", String(38), nullable=False, index=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=True, index=True),  # None: no claim of ours
    Column("status_code", String(2), nullable=False),  # CLP02
    Column("payer_claim_number", String(50), nullable=False, server_default=""),
    Column("charge_cents", BigInteger, nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("outcome", String(16), nullable=False),  # posted | exception
    Column(
        "entry_ids", Text, nullable=False, server_default=""
    ),  # journal entries it posted, comma-separated
    Column("reverses_id", Integer, ForeignKey("remittance_claims.id"), nullable=True, unique=True),
)

remit_exceptions = Table(
    "remit_exceptions",
    metadata,
    id_column(),
    Column("remittance_id", Integer, ForeignKey("remittances.id"), nullable=False, index=True),
    Column("claim_control_number", String(38), nullable=False, server_default=""),
    Column("reason", String(40), nullable=False),  # unbalanced_remittance, unmatched_claim, …
    Column("message", String(500), nullable=False),
    Column("amount_cents", BigInteger, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
)

denials = Table(
    "denials",
    metadata,
    id_column(),
    Column("remittance_claim_id", Integer, ForeignKey("remittance_claims.id"), nullable=False, index=True),
    Column("claim_line_id", Integer, ForeignKey("claim_lines.id"), nullable=True),
    Column("claim_control_number", String(38), nullable=False),
    Column("procedure_code", String(48), nullable=False),  # CPT/HCPCS, or an NDC (N4)
    Column("group_code", String(2), nullable=False),
    Column("carc", String(5), nullable=False),
    Column("rarcs", String(60), nullable=False, server_default=""),
    Column("amount_cents", BigInteger, nullable=False),
    Column("category", String(24), nullable=False, index=True),
    Column("denied_on", Date, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
)

x12_control_numbers = Table(
    "x12_control_numbers",
    metadata,
    Column("partner", String(80), primary_key=True),
    Column("last_interchange", Integer, nullable=False, server_default="0"),  # ISA13 and GS06 share it
)

clearinghouse_batches = Table(
    "clearinghouse_batches",
    metadata,
    id_column(),
    Column("partner", String(80), nullable=False),
    Column("interchange_control_number", Integer, nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("claim_count", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # submitted | accepted | rejected | partial
    Column("status_detail", String(500), nullable=False, server_default=""),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("partner", "interchange_control_number", name="uq_clearinghouse_batches_partner_isa13"),
)
