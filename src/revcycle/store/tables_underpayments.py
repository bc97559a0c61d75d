"""Tables for the underpayment queue (paid below the contract). On the shared `metadata`; migration 0008. Money is BigInteger cents."""

from __future__ import annotations

from revcycle.store.tables import metadata  # noqa: F401
