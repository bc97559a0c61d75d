"""`revcycle` — the root command. Each command group lives in its own module and is added here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="revcycle",
    help="Medical coding and billing: code sets, claims, X12, remittances, the patient ledger.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# command groups are registered below, one line each (keep this list sorted)
from revcycle.cli import codes  # noqa: E402

app.add_typer(codes.app, name="codes")


if __name__ == "__main__":
    app()
