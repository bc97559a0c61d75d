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
from revcycle.cli import claims as claims_commands  # noqa: E402
from revcycle.cli import clearinghouse as clearinghouse_commands  # noqa: E402
from revcycle.cli import codes  # noqa: E402
from revcycle.cli import coding as coding_commands  # noqa: E402
from revcycle.cli import db as db_commands  # noqa: E402
from revcycle.cli import demo as demo_commands  # noqa: E402
from revcycle.cli import denials as denials_commands  # noqa: E402
from revcycle.cli import eligibility as eligibility_commands  # noqa: E402
from revcycle.cli import ledger as ledger_commands  # noqa: E402
from revcycle.cli import payer as payer_commands  # noqa: E402
from revcycle.cli import plans as plans_commands  # noqa: E402
from revcycle.cli import remit as remit_commands  # noqa: E402
from revcycle.cli import reports as reports_commands  # noqa: E402
from revcycle.cli import serve as serve_commands  # noqa: E402
from revcycle.cli import statements as statements_commands  # noqa: E402
from revcycle.cli import users as users_commands  # noqa: E402
from revcycle.cli import x12 as x12_commands  # noqa: E402

app.add_typer(claims_commands.app, name="claims")
app.add_typer(clearinghouse_commands.app, name="clearinghouse")
app.add_typer(codes.app, name="codes")
app.add_typer(coding_commands.app, name="coding")
app.add_typer(db_commands.app, name="db")
app.add_typer(denials_commands.app, name="denials")
app.add_typer(demo_commands.app, name="demo")
app.add_typer(eligibility_commands.app, name="eligibility")
app.add_typer(ledger_commands.app, name="ledger")
app.add_typer(payer_commands.app, name="payer")
app.add_typer(plans_commands.app, name="plans")
app.add_typer(remit_commands.app, name="remit")
app.add_typer(reports_commands.app, name="reports")
app.add_typer(serve_commands.app, name="serve")
app.add_typer(statements_commands.app, name="statements")
app.add_typer(users_commands.app, name="users")
app.add_typer(x12_commands.app, name="x12")


if __name__ == "__main__":
    app()
