"""`revcycle demo` — run the demo on the embedded default (SQLite)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revcycle.demo.tour import run_tour

app = typer.Typer(name="demo", help="Run the demo (synthetic data, SQLite).", invoke_without_command=True)


@app.callback()
def demo(out: Annotated[Path, typer.Option("--out", help="where the demo writes its files")] = Path("demo-out")) -> None:
    """Code-set search and validation by DOS, an E/M level, the ledger story on a fresh SQLite file."""
    run_tour(out)
