"""`revcycle serve [--host 127.0.0.1] [--port 8000]` — the web pages and the REST API with uvicorn.

The database is `--database-url`, else `$REVCYCLE_DATABASE_URL`, else the local SQLite file; run
`revcycle db upgrade` first. Set `REVCYCLE_SECRET_KEY` so tokens survive a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from revcycle.cli.db import DatabaseOption
from revcycle.services.database import open_engine

if TYPE_CHECKING:
    from revcycle.clearinghouse.protocol import Clearinghouse

app = typer.Typer(name="serve", help="Serve the web pages and the REST API (OpenAPI docs at /api/docs).")


@app.callback(invoke_without_command=True)
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    database: DatabaseOption = None,
) -> None:
    """Serve the web pages and the API with uvicorn until interrupted."""
    serve_app(host, port, database)


def serve_app(
    host: str, port: int, database: str | None, partner: Clearinghouse | None = None
) -> None:
    """`serve`, with the clearinghouse the pages and API submit to (default: $REVCYCLE_PARTNER)."""
    import uvicorn  # the web stack loads only for this command, not for every `revcycle` start

    from revcycle.web.app import create_web_app

    web = create_web_app(open_engine(database), partner=partner)
    typer.echo(f"revcycle on http://{host}:{port}/ (API docs at /api/docs)")
    uvicorn.run(web, host=host, port=port, log_level="info")
