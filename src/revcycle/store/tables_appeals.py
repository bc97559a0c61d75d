"""Tables for appeals (tracking an appeal from letter to outcome). On the shared `metadata`; migration 0006. Money is BigInteger cents."""

from __future__ import annotations

from revcycle.store.tables import metadata  # noqa: F401
