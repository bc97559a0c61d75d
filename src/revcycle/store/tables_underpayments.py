"""Tables for the underpayment queue (paid below the contract). On the shared `metadata`; migration 0008. Money is BigInteger cents.

- `payer_contracts`: the practice's copy of its contract with a payer (the JSON "contract" of a payer
  configuration, `payer.config_file.contract_to_dict`), one row per payer, replaced when reloaded.
- `remitted_lines`: one row per service line of a posted, non-reversal remitted claim (written by the
  posting of an 835): what was billed (the 835's SVC01, or SVC06 when the payer re-coded it; units from the
  matched claim line) and what the payer did with it.
- `underpayments`: the queue; a remitted line enters it at most once (unique `remitted_line_id`).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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

from revcycle.store.tables import id_column, metadata

payer_contracts = Table(
    "payer_contracts",
    metadata,
    id_column(),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False, unique=True),
    Column("terms", Text, nullable=False),  # JSON: rates, percent of charge, multiple-procedure rules
    Column("source", String(200), nullable=False, server_default=""),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

remitted_lines = Table(
    "remitted_lines",
    metadata,
    id_column(),
    Column("remittance_claim_id", Integer, ForeignKey("remittance_claims.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),  # the line's position in the remitted claim
    Column("claim_line_id", Integer, ForeignKey("claim_lines.id"), nullable=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False, index=True),
    Column("claim_control_number", String(38), nullable=False),
    Column("procedure_code", String(48), nullable=False),  # as billed
    Column("modifiers", String(11), nullable=False, server_default=""),
    Column("service_date", Date, nullable=False),
    Column("units", Integer, nullable=False),
    Column("charge_cents", BigInteger, nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("patient_cents", BigInteger, nullable=False),  # PR adjustments
    Column("contractual_cents", BigInteger, nullable=False),  # CO/PI/CR adjustments
    Column("reported_allowed_cents", BigInteger, nullable=True),  # AMT*B6 when the payer sent it
    UniqueConstraint("remittance_claim_id", "line_number", name="uq_remitted_lines_claim_line"),
)

underpayments = Table(
    "underpayments",
    metadata,
    id_column(),
    Column("remitted_line_id", Integer, ForeignKey("remitted_lines.id"), nullable=False, unique=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False, index=True),
    Column("expected_cents", BigInteger, nullable=False),
    Column("allowed_cents", BigInteger, nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("difference_cents", BigInteger, nullable=False),
    Column("tolerance", String(80), nullable=False, server_default=""),  # the tolerance it was found with
    Column("status", String(16), nullable=False, server_default="open", index=True),  # open|appealed|accepted
    Column("found_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
)
