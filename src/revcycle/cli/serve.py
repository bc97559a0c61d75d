"""`revcycle serve [--host 127.0.0.1] [--port 8000] [--as-of YYYY-MM-DD]` — the web pages and the REST API
with uvicorn.

The database is `--database-url`, else `$REVCYCLE_DATABASE_URL`, else the local SQLite file; run
`revcycle db upgrade` first. Set `REVCYCLE_SECRET_KEY` so tokens survive a restart. `--as-of` starts the
app's clock on that day (it then runs on): every "today" of the app (deadlines, aging, timely filing, the
date in the page header) is counted from it — `revcycle demo` serves its practice on its last day so.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from revcycle.cli.db import DatabaseOption
from revcycle.kernel.clock import Clock, ShiftedClock, SystemClock, parse_date
from revcycle.services.database import open_engine

if TYPE_CHECKING:
    from fastapi import FastAPI

    from revcycle.clearinghouse.protocol import Clearinghouse

AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="start the app's clock on this day YYYY-MM-DD (default: today)")
]
app = typer.Typer(name="serve", help="Serve the web pages and the REST API (OpenAPI docs at /api/docs).")


@app.callback(invoke_without_command=True)
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    database: DatabaseOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Serve the web pages and the API with uvicorn until interrupted."""
    serve_app(host, port, database, clock=_clock_from(as_of))


def _clock_from(as_of: str | None) -> Clock:
    """The system clock, or one that starts on `as_of` at the present time of day and runs on."""
    if as_of is None:
        return SystemClock()
    day = parse_date(as_of)
    return ShiftedClock(datetime.combine(day, datetime.now(UTC).time(), tzinfo=UTC))


def served_app(
    database: str | None, partner: Clearinghouse | None = None, clock: Clock | None = None
) -> FastAPI:
    """The app `serve` runs: pages and API on `database`, submitting to `partner`, on `clock`."""
    from revcycle.web.app import create_web_app  # the web stack loads only for this command

    return create_web_app(open_engine(database), clock, partner=partner)


def serve_app(
    host: str,
    port: int,
    database: str | None,
    partner: Clearinghouse | None = None,
    clock: Clock | None = None,
) -> None:
    """`serve`, with the clearinghouse the pages and API submit to (default: $REVCYCLE_PARTNER) and the
    app's clock (default: the system's)."""
    import uvicorn

    web = served_app(database, partner, clock)
    shown = (clock or SystemClock()).today().isoformat()
    typer.echo(f"revcycle on http://{host}:{port}/ (API docs at /api/docs), today is {shown}")
    uvicorn.run(web, host=host, port=port, log_level="info")
