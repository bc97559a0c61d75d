"""The options command groups share that need no database, so that `revcycle codes` never loads one:
`--json` and the date of service `--dos` (read by `date_of_service`). The database, acting-user and
trading-partner options are `revcycle.cli.db`'s."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from revcycle.kernel.clock import SystemClock, parse_date

JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output")]
DosOption = Annotated[str | None, typer.Option("--dos", help="date of service YYYY-MM-DD (default: today)")]


def date_of_service(text: str | None) -> date:
    """`--dos` as a date: today when it is not given."""
    return parse_date(text) if text else SystemClock().today()
