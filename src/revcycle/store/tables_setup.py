"""Tables of the practice's set-up (migration 0010), on the shared `metadata`. Money is BigInteger cents.

- `practice_profile`: the practice as patients and payers know it (name, phone, contact); one row.
- `referring_providers`: physicians outside the practice who refer patients (by NPI).
- `fee_schedules` and `fees`: what the practice charges per code and pricing modifier, every version kept;
  a version is unique per (schedule, code, modifier, first day): a re-import writes nothing twice.

The columns the set-up adds to existing tables (billing providers' phone and pay-to address, payers'
appeal window, claims address, phone, route and active flag, rendering providers' active flag) are in
`tables.py` beside the others.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from revcycle.store.tables import id_column, metadata

practice_profile = Table(
    "practice_profile",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    Column("phone", String(10), nullable=False, server_default=""),
    Column("contact_name", String(200), nullable=False, server_default=""),
    Column("email", String(120), nullable=False, server_default=""),
)

referring_providers = Table(
    "referring_providers",
    metadata,
    id_column(),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("npi", String(10), nullable=False, unique=True),
    Column("taxonomy", String(10), nullable=False, server_default=""),
)

fee_schedules = Table(
    "fee_schedules",
    metadata,
    id_column(),
    Column("name", String(80), nullable=False, unique=True),
)

fees = Table(
    "fees",
    metadata,
    id_column(),
    Column("fee_schedule_id", Integer, ForeignKey("fee_schedules.id"), nullable=False),
    Column("code", String(5), nullable=False),
    Column("modifier", String(2), nullable=False, server_default=""),
    Column("amount_cents", BigInteger, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    UniqueConstraint("fee_schedule_id", "code", "modifier", "effective_from", name="uq_fees_version"),
    CheckConstraint("amount_cents > 0", name="amount_positive"),
)
