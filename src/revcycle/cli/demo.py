"""`revcycle demo [--encounters N] [--seed S] [--out DIR] [--no-serve]` — the revenue cycle, end to end,
on a fresh SQLite database (synthetic data), then the app served on http://127.0.0.1:8000."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revcycle.cli.serve import serve

app = typer.Typer(name="demo", help="Run the revenue cycle on a synthetic practice (SQLite).",
                  invoke_without_command=True)


@app.callback()
def demo(
    encounters: Annotated[int, typer.Option("--encounters", min=1, help="encounters to generate")] = 60,
    seed: Annotated[int, typer.Option("--seed", help="same seed, same practice, same amounts")] = 7,
    out: Annotated[Path, typer.Option("--out", help="where every file of the run goes")] = Path("demo-out"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="stop after the run (CI)")] = False,
) -> None:
    """Code → claims → scrub → 837P → payer simulator (999/277CA/835) → posting → statements → AR, KPIs."""
    from revcycle.demo.cycle import DEMO_PASSWORD, run_cycle  # loaded for this command only

    run_cycle(out, encounters=encounters, seed=seed)
    if not no_serve:
        typer.echo(f"log in as biller / {DEMO_PASSWORD} (Ctrl-C stops the server)")
        serve(host="127.0.0.1", port=8000, database=f"sqlite:///{(out / 'revcycle-demo.db').resolve()}")
