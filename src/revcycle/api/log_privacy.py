"""No PHI in the server log: the filters `create_app` puts on the loggers a request can reach.

- The access log (`uvicorn.access`, `'%s - "%s %s HTTP/%s" %d'`): the path is logged without its query
  string (`/api/patients?last_name=Diaz` is logged as `/api/patients?[query withheld]`). Path
  segments are ids, never names.
- Exceptions (`uvicorn.error`'s "Exception in ASGI application", the API's 500 handler, SQLAlchemy):
  the traceback's frames are kept, the exception's message is not — a database error's message can
  quote the row (PostgreSQL's `DETAIL: Key (member_id)=(...)`), a ValueError the value it refused.
  The engine itself is made with `hide_parameters=True` (`store.database.make_engine`), so SQLAlchemy
  never renders a statement's parameters into an error either.
"""

from __future__ import annotations

import logging
import traceback

ACCESS_LOGGER = "uvicorn.access"
EXCEPTION_LOGGERS = (
    "uvicorn.error",
    "uvicorn",
    "revcycle.api",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "fastapi",
)
WITHHELD_QUERY = "?[query withheld]"


def without_query(path: str) -> str:
    """A request target without its query string (marked as withheld when there was one)."""
    bare, mark, _query = path.partition("?")
    return bare + WITHHELD_QUERY if mark else bare


class AccessLogWithoutQuery(logging.Filter):
    """uvicorn's access record is (client, method, full path, HTTP version, status): the path loses its query."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], without_query(args[2]), *args[3:])
        if isinstance(record.msg, str) and "?" in record.msg and not args:
            record.msg = without_query(record.msg)
        return True


class ExceptionMessagesWithheld(logging.Filter):
    """A logged exception keeps its type and frames; its message (which may quote patient data) is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            frames = "".join(traceback.format_tb(trace))
            record.exc_text = f"Traceback (most recent call last):\n{frames}{kind.__name__}: [message withheld: may hold PHI]"
            record.exc_info = None
        return True


_ACCESS_FILTER = AccessLogWithoutQuery()
_EXCEPTION_FILTER = ExceptionMessagesWithheld()


def install_log_filters() -> None:
    """Put the filters on the access log and the loggers that log exceptions (once; idempotent)."""
    access = logging.getLogger(ACCESS_LOGGER)
    if _ACCESS_FILTER not in access.filters:
        access.addFilter(_ACCESS_FILTER)
    for name in EXCEPTION_LOGGERS:
        logger = logging.getLogger(name)
        if _EXCEPTION_FILTER not in logger.filters:
            logger.addFilter(_EXCEPTION_FILTER)
