"""Read models for the pages and lists people look at (the coder queue, a claim's latest scrub, links by
claim number): set-based queries that return plain values, so the web, the API and the CLI never write SQL.

Bound to the unit of work: `uow.views`.
"""

from __future__ import annotations

from sqlalchemy import Connection


class ViewRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
