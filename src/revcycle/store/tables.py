"""The database schema as SQLAlchemy Core tables (the migrations in `migrations/` create it).

Money is `BigInteger` cents (`*_cents`); the journal tables and the audit log are append-only
(triggers reject UPDATE and DELETE on both SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
    true,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
APPEND_ONLY_TABLES = ("journal_entries", "journal_lines", "audit_log")


def _address(prefix: str = "", required: bool = True) -> list[Column]:
    nullable = not required
    return [
        Column(f"{prefix}address_line1", String(200), nullable=nullable),
        Column(f"{prefix}address_line2", String(200), nullable=False, server_default=""),
        Column(f"{prefix}city", String(100), nullable=nullable),
        Column(f"{prefix}state", String(2), nullable=nullable),
        Column(f"{prefix}zip_code", String(9), nullable=nullable),
    ]


def _person(prefix: str) -> list[Column]:
    """Another person on a row (a patient's guarantor, a coverage's subscriber): optional name, birth date
    and address columns, each named with `prefix` (`repositories.rows.person_columns` fills them)."""
    return [
        Column(f"{prefix}first_name", String(100), nullable=True),
        Column(f"{prefix}last_name", String(100), nullable=True),
        Column(f"{prefix}birth_date", Date, nullable=True),
        *_address(prefix, required=False),
    ]


def drug_columns() -> tuple[Column, ...]:
    """The drug a service line bills (charge entry, 0012): NDC 11 digits, CTP05 unit, CTP04 quantity."""
    return (
        Column("ndc", String(11), nullable=True),
        Column("ndc_unit", String(2), nullable=True),
        Column("ndc_quantity", Numeric(10, 3), nullable=True),
    )


def id_column() -> Column:
    return Column("id", Integer, primary_key=True, autoincrement=True)


users = Table(
    "users",
    metadata,
    id_column(),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    id_column(),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("entity_type", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("detail", String(500), nullable=False, server_default=""),
    Index("ix_audit_log_entity", "entity_type", "entity_id"),
)

billing_providers = Table(
    "billing_providers",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("npi", String(10), nullable=False, unique=True),
    Column("tin", String(9), nullable=False),
    Column("taxonomy", String(10), nullable=False),
    *_address(),
    Column("phone", String(10), nullable=False, server_default=""),  # migration 0010
    *_address("pay_to_", required=False),  # migration 0010: loop 2010AB when payments go elsewhere
)

rendering_providers = Table(
    "rendering_providers",
    metadata,
    id_column(),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("npi", String(10), nullable=False, unique=True),
    Column("taxonomy", String(10), nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),  # migration 0010
)

facilities = Table(
    "facilities",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("place_of_service", String(2), nullable=False),
    Column("npi", String(10), nullable=True),
    *_address(),
    Index("uq_facilities_name", "name", unique=True),  # migration 0010: the set-up file's key
)

payers = Table(
    "payers",
    metadata,
    id_column(),
    Column("payer_code", String(80), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("claim_filing_indicator", String(2), nullable=False),
    Column("timely_filing_days", Integer, nullable=False),
    # migration 0010: where paper claims go, the clearinghouse route, still in use
    *_address("claims_", required=False),
    Column("phone", String(10), nullable=False, server_default=""),
    Column("route", String(40), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=true()),
)

plans = Table(
    "plans",
    metadata,
    id_column(),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("plan_type", String(40), nullable=False, server_default=""),
    Index("uq_plans_payer_name", "payer_id", "name", unique=True),  # migration 0010
)

patients = Table(
    "patients",
    metadata,
    id_column(),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("sex", String(1), nullable=False),
    *_address(),
    Column("guarantor_relationship", String(16), nullable=False),
    *_person("guarantor_"),
    # migration 0011 (front desk): contact, the account number, search keys, merged-into
    Column("phone", String(10), nullable=False, server_default=""),
    Column("email", String(120), nullable=False, server_default=""),
    Column("account_number", String(8), nullable=True, unique=True),
    Column("last_name_key", String(100), nullable=False, server_default="", index=True),
    Column("first_name_key", String(100), nullable=False, server_default=""),
    Column("merged_into_id", Integer, ForeignKey("patients.id"), nullable=True, index=True),
    Column("merged_at", DateTime(timezone=True), nullable=True),
)

coverages = Table(
    "coverages",
    metadata,
    id_column(),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=False),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=True),
    Column("member_id", String(80), nullable=False),
    Column("group_number", String(80), nullable=False, server_default=""),
    Column("coverage_order", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    Column("relationship_to_subscriber", String(16), nullable=False),
    *_person("subscriber_"),
    # migration 0011: a merged duplicate's coverage linked to the survivor's same policy
    Column("merged_into_id", Integer, ForeignKey("coverages.id"), nullable=True),
    # migration 0011: one open-ended coverage per order and patient (dated overlaps: checked under the patient's lock)
    Index("uq_coverages_open_order", "patient_id", "coverage_order", unique=True,
          sqlite_where=text("effective_to IS NULL AND merged_into_id IS NULL"),
          postgresql_where=text("effective_to IS NULL AND merged_into_id IS NULL")),
)

encounters = Table(
    "encounters",
    metadata,
    id_column(),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("date_of_service", Date, nullable=False),
    Column("place_of_service", String(2), nullable=False),
    Column("billing_provider_id", Integer, ForeignKey("billing_providers.id"), nullable=False),
    Column("rendering_provider_id", Integer, ForeignKey("rendering_providers.id"), nullable=False),
    Column("facility_id", Integer, ForeignKey("facilities.id"), nullable=True),
    Column("coverage_id", Integer, ForeignKey("coverages.id"), nullable=True),
    Column("diagnosis_codes", String(120), nullable=False),
    Column("note_text", Text, nullable=False, server_default=""),
)

service_lines = Table(
    "service_lines",
    metadata,
    id_column(),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),
    Column("procedure_code", String(5), nullable=False),
    Column("modifiers", String(11), nullable=False, server_default=""),
    Column("diagnosis_pointers", String(11), nullable=False),
    Column("units", Integer, nullable=False),
    Column("charge_cents", BigInteger, nullable=False),
    *drug_columns(),  # charge entry (0012): the NDC a drug line bills
    Column("fee_override_reason", String(200), nullable=False, server_default=""),  # charge entry (0012)
    UniqueConstraint("encounter_id", "line_number", name="uq_service_lines_encounter_line"),
    CheckConstraint("charge_cents > 0", name="charge_positive"),
)

ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    id_column(),
    Column("code", String(80), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=True),
    # running total kept under the account's row lock; always equals the sum of its journal lines
    Column("balance_cents", BigInteger, nullable=False, server_default="0"),
    Column("line_count", Integer, nullable=False, server_default="0"),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    id_column(),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("fingerprint", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("memo", String(500), nullable=False, server_default=""),
    Column("reverses_entry_id", Integer, ForeignKey("journal_entries.id"), nullable=True, unique=True),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    Column("posted_by_user_id", Integer, ForeignKey("users.id"), nullable=True),
)

journal_lines = Table(
    "journal_lines",
    metadata,
    id_column(),
    Column("entry_id", Integer, ForeignKey("journal_entries.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), nullable=False, index=True),
    Column("amount_cents", BigInteger, nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=True, index=True),
    Column("payer_id", Integer, ForeignKey("payers.id"), nullable=True, index=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=True, index=True),  # FK since 0014
    Column("service_line_id", Integer, nullable=True, index=True),
    UniqueConstraint("entry_id", "line_number", name="uq_journal_lines_entry_line"),
    CheckConstraint("amount_cents <> 0", name="amount_nonzero"),
)
