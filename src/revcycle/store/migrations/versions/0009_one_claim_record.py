"""one claim record: submitted claims fold into claims and their lines into claim_lines

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00

Before, a claim sent to a payer was stored twice: in `claims` (the claim's JSON snapshot, its lines
inside) and in `submitted_claims` / `submitted_claim_lines` (what the 835 was matched on, linked back by a
`claim_reference` string). Now:
- `claim_lines` holds every claim's lines (out of the JSON snapshot, whose "format" becomes 2), with the
  REF*6R control number each line was sent with;
- `claims.submitted_at` / `claims.submission_batch_id` say when the claim last went out and in which
  clearinghouse interchange;
- the way back points at them: `remittance_claims.claim_id`, `denials.claim_line_id`,
  `remitted_lines.claim_line_id`, `claim_acknowledgments.claim_id`, `claim_status_checks.claim_id`,
  `appeals.claim_id` (now required);
- `submitted_claims` and `submitted_claim_lines` are dropped.
Every submitted claim must name the claim it was sent for (`claim_reference`); if one does not, the
upgrade stops and says which, and nothing changes. Balances are untouched: the journal is not rewritten
(its `claim_id` already named the `claims` row).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# the way back, each (table, old column, new column, the table the new column points at)
REPOINTED = (
    ("remittance_claims", "submitted_claim_id", "claim_id", "claims"),
    ("claim_acknowledgments", "submitted_claim_id", "claim_id", "claims"),
    ("claim_status_checks", "submitted_claim_id", "claim_id", "claims"),
    ("denials", "submitted_claim_line_id", "claim_line_id", "claim_lines"),
    ("remitted_lines", "submitted_claim_line_id", "claim_line_id", "claim_lines"),
)
CLAIM_LINES = sa.Table(  # the columns this migration writes, typed (dates on SQLite and PostgreSQL alike)
    "claim_lines", sa.MetaData(), sa.Column("id", sa.Integer(), primary_key=True), sa.Column("claim_id", sa.Integer()),
    sa.Column("line_number", sa.Integer()), sa.Column("control_number", sa.String(50)),
    sa.Column("procedure_code", sa.String(48)), sa.Column("modifiers", sa.String(11)),
    sa.Column("diagnosis_pointers", sa.String(11)), sa.Column("units", sa.Integer()),
    sa.Column("charge_cents", sa.BigInteger()), sa.Column("service_date", sa.Date()),
    sa.Column("service_date_to", sa.Date()), sa.Column("place_of_service", sa.String(2)),
    sa.Column("charge_source", sa.String(16)), sa.Column("service_line_id", sa.Integer()),
)  # fmt: skip
REQUIRED = ("claim_acknowledgments", "claim_status_checks")  # their old column was NOT NULL
INDEXED_OLD = ("claim_acknowledgments", "claim_status_checks")  # their old column had an index (appeals': below)
INDEXED_NEW = ("remittance_claims", "claim_acknowledgments", "claim_status_checks")


def upgrade() -> None:
    bind = op.get_bind()
    _create_claim_lines()
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submission_batch_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_claims_submission_batch_id"), ["submission_batch_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_claims_submission_batch_id_clearinghouse_batches"),
                                 "clearinghouse_batches", ["submission_batch_id"], ["id"])  # fmt: skip
    for table, _old, new, _target in REPOINTED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(new, sa.Integer(), nullable=True))
    _move_rows(bind)
    for table, old, new, target in REPOINTED:
        _repoint(table, old, new, target)
    with op.batch_alter_table("appeals") as batch:
        batch.drop_index(batch.f("ix_appeals_submitted_claim_id"))
        batch.drop_constraint(batch.f("fk_appeals_submitted_claim_id_submitted_claims"), type_="foreignkey")
        batch.drop_column("submitted_claim_id")
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=False)
        batch.create_index(batch.f("ix_appeals_claim_id"), ["claim_id"], unique=False)
    with op.batch_alter_table("submitted_claim_lines") as batch:
        batch.drop_index(batch.f("ix_submitted_claim_lines_submitted_claim_id"))
    op.drop_table("submitted_claim_lines")
    op.drop_table("submitted_claims")


def _create_claim_lines() -> None:
    op.create_table(
        "claim_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("control_number", sa.String(length=50), nullable=False),
        sa.Column("procedure_code", sa.String(length=48), nullable=False),
        sa.Column("modifiers", sa.String(length=11), server_default="", nullable=False),
        sa.Column("diagnosis_pointers", sa.String(length=11), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("charge_cents", sa.BigInteger(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("service_date_to", sa.Date(), nullable=True),
        sa.Column("place_of_service", sa.String(length=2), server_default="", nullable=False),
        sa.Column("charge_source", sa.String(length=16), server_default="encounter", nullable=False),
        sa.Column("service_line_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_lines_claim_id_claims")),
        sa.ForeignKeyConstraint(["service_line_id"], ["service_lines.id"],
                                name=op.f("fk_claim_lines_service_line_id_service_lines")),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_lines")),
        sa.UniqueConstraint("claim_id", "line_number", name="uq_claim_lines_claim_line"),
    )
    op.create_index(op.f("ix_claim_lines_claim_id"), "claim_lines", ["claim_id"], unique=False)


def _repoint(table: str, old: str, new: str, target: str) -> None:
    """Drop the old column (its index and foreign key first), constrain the new one."""
    old_target = "submitted_claims" if old == "submitted_claim_id" else "submitted_claim_lines"
    with op.batch_alter_table(table) as batch:
        if table in INDEXED_OLD:
            batch.drop_index(batch.f(f"ix_{table}_{old}"))
        batch.drop_constraint(batch.f(f"fk_{table}_{old}_{old_target}"), type_="foreignkey")
        batch.drop_column(old)
        if table in REQUIRED:
            batch.alter_column(new, existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(batch.f(f"fk_{table}_{new}_{target}"), target, [new], ["id"])
        if table in INDEXED_NEW:
            batch.create_index(batch.f(f"ix_{table}_{new}"), [new], unique=False)


def _move_rows(bind: sa.Connection) -> None:
    claim_of = _claim_of_submission(bind)
    submitted_by_claim = {claim_of[row.id]: row for row in bind.execute(sa.text(
        "SELECT id, submitted_at, batch_id FROM submitted_claims"))}  # fmt: skip
    sent_lines: dict[tuple[int, int], tuple[int, str]] = {}  # (claim id, line number) -> (old line id, REF*6R)
    for row in bind.execute(sa.text("SELECT id, submitted_claim_id, line_number, control_number FROM submitted_claim_lines")):
        sent_lines[(claim_of[row.submitted_claim_id], row.line_number)] = (row.id, row.control_number)
    line_of: dict[int, int] = {}  # old submitted line id -> claim_lines id
    last_submitted = dict(bind.execute(sa.text(
        "SELECT claim_id, MAX(changed_at) FROM claim_status_changes WHERE status = 'submitted' GROUP BY claim_id")).all())  # fmt: skip
    claims = bind.execute(sa.text("SELECT id, claim_number, document FROM claims ORDER BY id")).all()
    for claim_id, number, document in claims:
        header = json.loads(document)
        lines = header.pop("lines")
        header.pop("total_charge_cents", None)
        header["format"] = 2
        for line in lines:
            old = sent_lines.get((claim_id, line["line_number"]))
            new_id = _insert_line(bind, claim_id, line, old[1] if old else f"{number}-{line['line_number']}")
            if old:
                line_of[old[0]] = new_id
        sent = submitted_by_claim.get(claim_id)
        bind.execute(sa.text("UPDATE claims SET document = :document, submitted_at = :at, submission_batch_id = :batch "
                             "WHERE id = :id"),
                     {"document": json.dumps(header, sort_keys=True), "id": claim_id,
                      "at": sent.submitted_at if sent else last_submitted.get(claim_id),
                      "batch": sent.batch_id if sent else None})  # fmt: skip
    for table, old, new, _target in REPOINTED:
        mapping = claim_of if new == "claim_id" else line_of
        _fill(bind, table, old, new, mapping)
    _fill(bind, "appeals", "submitted_claim_id", "claim_id", claim_of)


def _claim_of_submission(bind: sa.Connection) -> dict[int, int]:
    """submitted claim id -> claims id (its `claim_reference`); stops the upgrade if one has none."""
    claim_ids = {row[0] for row in bind.execute(sa.text("SELECT id FROM claims"))}
    found, orphans = {}, []
    for row in bind.execute(sa.text("SELECT id, claim_control_number, claim_reference FROM submitted_claims")):
        reference = (row.claim_reference or "").strip()
        if reference.isdigit() and int(reference) in claim_ids:
            found[row.id] = int(reference)
        else:
            orphans.append(row.claim_control_number)
    if orphans:
        raise RuntimeError(
            f"migration 0009: {len(orphans)} submitted claim(s) name no stored claim "
            f"({', '.join(sorted(orphans)[:10])}); nothing was changed. Each was registered outside the "
            "claims package; store the claim (or remove the submission) and upgrade again."
        )
    return found


def _insert_line(bind: sa.Connection, claim_id: int, line: dict, control_number: str) -> int:
    values = {
        "claim_id": claim_id, "line_number": line["line_number"], "control_number": control_number[:50],
        "procedure_code": line["procedure_code"], "modifiers": ",".join(line["modifiers"]),
        "diagnosis_pointers": ",".join(str(p) for p in line["diagnosis_pointers"]), "units": line["units"],
        "charge_cents": line["charge_cents"], "service_date": _day(line["service_date"]),
        "service_date_to": _day(line.get("service_date_to")), "place_of_service": line.get("place_of_service", ""),
        "charge_source": line.get("charge_source", "encounter"), "service_line_id": line.get("service_line_id"),
    }  # fmt: skip
    return int(bind.execute(sa.insert(CLAIM_LINES).values(values).returning(CLAIM_LINES.c.id)).scalar_one())


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _fill(bind: sa.Connection, table: str, old: str, new: str, mapping: dict[int, int]) -> None:
    pairs = defaultdict(list)
    for row_id, old_id in bind.execute(sa.text(f"SELECT id, {old} FROM {table} WHERE {old} IS NOT NULL")):  # noqa: S608
        if old_id in mapping:
            pairs[mapping[old_id]].append(row_id)
    for new_id, row_ids in pairs.items():
        bind.execute(sa.text(f"UPDATE {table} SET {new} = :new WHERE id IN :ids")  # noqa: S608
                     .bindparams(sa.bindparam("ids", expanding=True)), {"new": new_id, "ids": row_ids})
