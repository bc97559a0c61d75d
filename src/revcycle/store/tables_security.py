"""Tables for sign-in: server-side sessions and the failed-sign-in counters. On the shared `metadata`; migration 0014.

- `user_sessions`: one row per web session or API bearer token. Only the SHA-256 digest of the token is
  stored (a stolen table signs nobody in). A row is good until it is revoked (sign-out, a manager),
  idle too long (`last_seen_at`) or too old (`created_at`); the password fingerprint voids it when the
  password changes.
- `sign_in_throttle`: failed sign-ins counted per account (`scope` 'user', key: a digest of the name
  typed, so a password typed into the name field is not kept) and per client address (`scope`
  'address'); `blocked_until` is the backoff or the lockout. One row per (scope, key).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from revcycle.store.tables import id_column, metadata

user_sessions = Table(
    "user_sessions",
    metadata,
    id_column(),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(8), nullable=False),  # 'web' (the cookie) or 'api' (a bearer token)
    Column("password_fingerprint", String(16), nullable=False),
    Column("address", String(64), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_user_sessions_user_id", "user_id"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    id_column(),
    Column("scope", String(8), nullable=False),  # 'user' or 'address'
    Column("key", String(64), nullable=False),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("blocked_until", DateTime(timezone=True), nullable=True),
    UniqueConstraint("scope", "key", name="uq_sign_in_throttle_scope_key"),
)
