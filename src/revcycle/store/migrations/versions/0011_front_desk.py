"""front desk: patient edits and merges, coverage order and end dates, check-in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 18:50:00

Patients get a phone and e-mail, an account number (seven digits of the id and a Luhn check digit,
given to every existing patient here), accent-free name keys for search, and `merged_into_id` /
`merged_at` for a duplicate merged into a survivor. Coverages get `merged_into_id` (a duplicate's policy
linked to the survivor's same one) and a partial unique index: one open-ended coverage per patient and
order. `check_ins`: one row per visit checked in, keyed for idempotency, with the copay collected.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from revcycle.practice.patient_search import account_number_for, name_key

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OPEN_ORDER = "effective_to IS NULL AND merged_into_id IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=10), server_default="", nullable=False))
        batch.add_column(sa.Column("email", sa.String(length=120), server_default="", nullable=False))
        batch.add_column(sa.Column("account_number", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("last_name_key", sa.String(length=100), server_default="", nullable=False))
        batch.add_column(
            sa.Column("first_name_key", sa.String(length=100), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("merged_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(op.f("uq_patients_account_number"), ["account_number"])
        batch.create_index(op.f("ix_patients_last_name_key"), ["last_name_key"])
        batch.create_index(op.f("ix_patients_merged_into_id"), ["merged_into_id"])
        batch.create_foreign_key(
            op.f("fk_patients_merged_into_id_patients"), "patients", ["merged_into_id"], ["id"]
        )
    _fill_patient_keys()
    with op.batch_alter_table("coverages") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_coverages_merged_into_id_coverages"), "coverages", ["merged_into_id"], ["id"]
        )
    op.create_index("uq_coverages_open_order", "coverages", ["patient_id", "coverage_order"], unique=True,
                    sqlite_where=sa.text(OPEN_ORDER), postgresql_where=sa.text(OPEN_ORDER))  # fmt: skip
    _create_check_ins()


def _fill_patient_keys() -> None:
    """Every existing patient's account number and name keys (as `PatientRepository.add` writes them)."""
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, first_name, last_name FROM patients ORDER BY id")).all()
    statement = sa.text(
        "UPDATE patients SET account_number = :account, first_name_key = :first, last_name_key = :last "
        "WHERE id = :id"
    )
    values = [
        {"id": row.id, "account": account_number_for(row.id), "first": name_key(row.first_name),
         "last": name_key(row.last_name)}
        for row in rows
    ]  # fmt: skip
    if values:
        connection.execute(statement, values)


def _create_check_ins() -> None:
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("copay_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("copay_method", sa.String(length=8), server_default="", nullable=False),
        sa.Column("copay_reference", sa.String(length=80), server_default="", nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("copay_cents >= 0", name=op.f("ck_check_ins_copay_not_negative")),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_check_ins_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_check_ins_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_check_ins_journal_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_check_ins_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_check_ins_idempotency_key")),
        sa.UniqueConstraint("encounter_id", name=op.f("uq_check_ins_encounter_id")),
    )
    op.create_index(op.f("ix_check_ins_patient_id"), "check_ins", ["patient_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_check_ins_patient_id"), table_name="check_ins")
    op.drop_table("check_ins")
    op.drop_index("uq_coverages_open_order", table_name="coverages")
    with op.batch_alter_table("coverages") as batch:
        batch.drop_constraint(op.f("fk_coverages_merged_into_id_coverages"), type_="foreignkey")
        batch.drop_column("merged_into_id")
    with op.batch_alter_table("patients") as batch:
        batch.drop_constraint(op.f("fk_patients_merged_into_id_patients"), type_="foreignkey")
        batch.drop_index(op.f("ix_patients_merged_into_id"))
        batch.drop_index(op.f("ix_patients_last_name_key"))
        batch.drop_constraint(op.f("uq_patients_account_number"), type_="unique")
        for column in (
            "merged_at",
            "merged_into_id",
            "first_name_key",
            "last_name_key",
            "account_number",
            "email",
            "phone",
        ):
            batch.drop_column(column)
