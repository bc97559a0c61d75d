"""`revcycle` — the root command. Each command group lives in its own module, imported only when
that group runs (`revcycle --help` lists them without importing any: start-up stays fast while the
claims group pulls in X12 and the database). The groups are named by module path: the practice's
under `revcycle.cli`, the payer simulator's (`payer`) and the demo's (`demo`) in their own packages,
which this package never imports."""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

# name -> (the group's module, the one-line help `revcycle --help` shows; a test keeps it equal to
# the module's own help). Keep this list sorted.
GROUPS: dict[str, tuple[str, str]] = {
    "charges": ("revcycle.cli.charges", "Charge entry: an encounter's diagnoses and charge lines (the superbill)."),
    "claims": ("revcycle.cli.claims", "Claims: build from encounters, scrub, export 837P, print CMS-1500."),
    "clearinghouse": ("revcycle.cli.clearinghouse", "Submit 837P batches; collect TA1, 999, 277CA and 835 answers; check a partner's connection."),
    "codes": ("revcycle.cli.codes", "Code sets: look up and validate ICD-10-CM, HCPCS, CPT, modifiers, POS."),
    "coding": ("revcycle.cli.coding", "The coder's desk: code suggestions, E/M leveling, code-combination rules."),
    "db": ("revcycle.cli.db", "The database: create it or bring its schema up to date."),
    "demo": ("revcycle.demo.cli", "Run the revenue cycle on a synthetic practice."),
    "denials": ("revcycle.cli.denials", "The denials work queue (by CARC category)."),
    "eligibility": ("revcycle.cli.eligibility", "Eligibility and benefits (270/271) before the visit."),
    "fhir": ("revcycle.cli.fhir", "FHIR R4: export claims, EOBs and patients; import an EHR's Bundle."),
    "interfaces": ("revcycle.cli.interfaces", "HL7 v2 from the EHR (MLLP listener, batch files); the interface error queue."),
    "ledger": ("revcycle.cli.ledger", "The patient ledger: balances, the trial balance; payments, refunds, write-offs, transfers, deposits."),
    "patients": ("revcycle.cli.patients", "The front desk: patients, coverages, check-in, eligibility."),
    "payer": ("revcycle.simulator.cli", "The payer simulator: adjudicate an 837P or 837I into a 999 and an 835."),
    "plans": ("revcycle.cli.plans", "Patient payment plans: agree, pay, follow up."),
    "remit": ("revcycle.cli.remit", "Post 835 remittances; the exception queue."),
    "reports": ("revcycle.cli.reports", "Reports: AR aging, KPIs and underpayments."),
    "serve": ("revcycle.cli.serve", "Serve the web pages and the REST API (OpenAPI docs at /api/docs)."),
    "setup": ("revcycle.cli.setup", "Practice set-up: import or export a practice, its fee schedules."),
    "statements": ("revcycle.cli.statements", "Patient statements: one PDF per guarantor with a balance."),
    "users": ("revcycle.cli.users", "Users and their roles (argon2-hashed passwords)."),
    "x12": ("revcycle.cli.x12", "X12 5010: parse, validate (ours + pyx12), acknowledge with a 999."),
}


def load_group(name: str) -> click.Command:
    """The click command of group `name`, importing its module now."""
    module = importlib.import_module(GROUPS[name][0])
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
