"""`revcycle` — the root command. Each command group lives in its own module, imported only when
that group runs (`revcycle --help` lists them without importing any: start-up stays fast while the
claims group pulls in X12, the payer engine and the database)."""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

# name -> (module under revcycle.cli, the one-line help `revcycle --help` shows; a test keeps it
# equal to the module's own help). Keep this list sorted.
GROUPS: dict[str, tuple[str, str]] = {
    "claims": ("claims", "Claims: build from encounters, scrub, export 837P, print CMS-1500."),
    "clearinghouse": ("clearinghouse", "Submit 837P batches; collect 999, 277CA and 835 answers."),
    "codes": ("codes", "Code sets: look up and validate ICD-10-CM, HCPCS, CPT, modifiers, POS."),
    "coding": ("coding", "The coder's desk: code suggestions, E/M leveling, code-combination rules."),
    "db": ("db", "The database: create it or bring its schema up to date."),
    "demo": ("demo", "Run the revenue cycle on a synthetic practice."),
    "denials": ("denials", "The denials work queue (by CARC category)."),
    "eligibility": ("eligibility", "Eligibility and benefits (270/271) before the visit."),
    "ledger": ("ledger", "The patient ledger: balances and the trial balance."),
    "payer": ("payer", "The payer simulator: adjudicate an 837P into a 999 and an 835."),
    "plans": ("plans", "Patient payment plans: agree, pay, follow up."),
    "remit": ("remit", "Post 835 remittances; the exception queue."),
    "reports": ("reports", "Reports: AR aging, KPIs and underpayments."),
    "serve": ("serve", "Serve the web pages and the REST API (OpenAPI docs at /api/docs)."),
    "statements": ("statements", "Patient statements: one PDF per guarantor with a balance."),
    "users": ("users", "Users and their roles (argon2-hashed passwords)."),
    "x12": ("x12", "X12 5010: parse, validate (ours + pyx12), acknowledge with a 999."),
}


def load_group(name: str) -> click.Command:
    """The click command of group `name`, importing its module now."""
    module = importlib.import_module(f"revcycle.cli.{GROUPS[name][0]}")
    holder = typer.Typer()
    holder.add_typer(module.app, name=name)  # exactly what registering it at the root did
    return typer.main.get_group(holder).commands[name]


class LazyGroups(TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(GROUPS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_group(cmd_name) if cmd_name in GROUPS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_text) for name, (_, help_text) in sorted(GROUPS.items())])


app = typer.Typer(
    name="revcycle",
    cls=LazyGroups,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def main() -> None:
    """Medical coding and billing: code sets, claims, X12, remittances, the patient ledger."""


if __name__ == "__main__":
    app()
