"""Tables for payment plans and their installments. On the shared `metadata`; migration 0007. Money is BigInteger cents."""

from __future__ import annotations

from revcycle.store.tables import metadata  # noqa: F401
