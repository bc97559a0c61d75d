"""`revcycle demo [--encounters N] [--seed S] [--out DIR] [--no-serve]` — the revenue cycle, end to end,
on a fresh database (synthetic data), then the app served on http://127.0.0.1:8000.

The database is a SQLite file in `--out`, or `$REVCYCLE_DATABASE_URL` when set (PostgreSQL: the
demo's own schema `revcycle_demo` in that database, recreated on each run). The group is registered
by path in `revcycle.cli.main.GROUPS`; the app is served with `revcycle.cli.serve.serve_app` on a clock
that starts on the practice's last day (`cycle.AS_OF`), so its deadlines, aging and timely filing are
counted from that day."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from revcycle.cli.serve import serve_app
from revcycle.kernel.clock import Clock, ShiftedClock

app = typer.Typer(
    name="demo", help="Run the revenue cycle on a synthetic practice.", invoke_without_command=True
)


@app.callback()
def demo(
    encounters: Annotated[int, typer.Option("--encounters", min=1, help="encounters to generate")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="same seed, same practice, same amounts")] = 7,
    out: Annotated[Path, typer.Option("--out", help="where every file of the run goes")] = Path("demo-out"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="stop after the run (CI)")] = False,
) -> None:
    """Eligibility → coding → claims → scrub → 837P → payer (999/277CA/835) → posting → secondary →
    claim status → denials and appeals → statements → AR aging and KPIs."""
    from revcycle.demo.cycle import run_cycle  # loaded for this command only
    from revcycle.demo.setup import DEMO_PASSWORD

    summary = run_cycle(
        out, encounters=encounters, seed=seed, database_url=os.environ.get("REVCYCLE_DATABASE_URL")
    )
    if not no_serve:
        typer.echo(
            f"serving http://127.0.0.1:8000 — log in as biller / {DEMO_PASSWORD} (Ctrl-C stops the server); "
            f"the app's clock starts on the practice's last day, {summary['as_of']}"
        )
        serve_app("127.0.0.1", 8000, summary["database_url"], summary["partner"], demo_clock())


def demo_clock() -> Clock:
    """The served app's clock: it starts on the practice's last day (`cycle.AS_OF`) and runs on."""
    from revcycle.demo.cycle import AS_OF

    return ShiftedClock(AS_OF)
