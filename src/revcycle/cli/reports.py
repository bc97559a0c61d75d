"""`revcycle reports ...` — AR aging and revenue-cycle KPIs.

    revcycle reports aging --user U [--as-of DATE] [--json]
    revcycle reports kpis  --user U [--as-of DATE] [--period-days 90] [--json]

Amounts print as dollars; `--json` gives integer cents and percentages as strings ("60.7").
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import (
    DatabaseOption,
    JsonOption,
    UserOption,
    as_user,
    one_line_errors,
    open_unit_of_work,
)
from revcycle.kernel.clock import parse_date
from revcycle.kernel.money import Money
from revcycle.reports import BUCKETS, AgingRow, Kpis
from revcycle.services import reports

app = typer.Typer(name="reports", help="Reports: AR aging and KPIs.", no_args_is_help=True)
console = Console(highlight=False)

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="report date YYYY-MM-DD (default: today)")]


def _dollars(cents: int) -> str:
    return str(Money(cents))


def _aging_table(title: str, rows: tuple[AgingRow, ...], totals: tuple[int, ...]) -> Table:
    table = Table(title=title)
    for column in ("who", *BUCKETS, "credit", "total"):
        table.add_column(column, justify="left" if column == "who" else "right")
    for row in rows:
        table.add_row(row.name, *(_dollars(c) for c in row.buckets), _dollars(row.credit_cents),
                      _dollars(row.total_cents))
    table.add_row("[b]total[/b]", *(_dollars(c) for c in totals), "", _dollars(sum(totals)))
    return table


@app.command("aging")
@one_line_errors
def aging(user: UserOption, as_of: AsOfOption = None, database: DatabaseOption = None,
          as_json: JsonOption = False) -> None:
    """AR aging by payer and by patient responsibility, aged from the date of service."""
    uow = open_unit_of_work(database)
    report = reports.ar_aging(uow, as_user(uow, user), parse_date(as_of) if as_of else None)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    console.print(_aging_table(f"Insurance AR as of {report.as_of}", report.payers, report.insurance_buckets))
    console.print(_aging_table("Patient responsibility", report.patients, report.patient_buckets))
    share = report.percent_over_90
    console.print(f"total AR {_dollars(report.total_cents)}; over 90 days {_dollars(report.over_90_cents)}"
                  f" ({'-' if share is None else f'{share}%'})")


def _kpi_rows(result: Kpis) -> list[tuple[str, str]]:
    def pct(value: object) -> str:
        return "no data" if value is None else f"{value}%"

    rows = [("clean-claim rate", pct(result.clean_claim_rate)),
            ("first-pass resolution rate", pct(result.first_pass_resolution_rate)),
            ("denial rate", pct(result.denial_rate))]
    rows += [(f"  denials: {category}", pct(value)) for category, value in sorted(result.denial_rate_by_category.items())]
    rows += [("days in AR", "no data" if result.days_in_ar is None else str(result.days_in_ar)),
             ("net collection rate", pct(result.net_collection_rate)),
             ("% AR over 90 days", pct(result.percent_ar_over_90))]
    return rows


@app.command("kpis")
@one_line_errors
def kpis(user: UserOption, as_of: AsOfOption = None,
         period_days: Annotated[int, typer.Option("--period-days", min=1, max=366)] = 90,
         database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Clean-claim rate, first-pass resolution, denial rate by category, days in AR, net collection rate, % AR > 90."""
    uow = open_unit_of_work(database)
    result = reports.kpis(uow, as_user(uow, user), parse_date(as_of) if as_of else None, period_days)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    table = Table(title=f"KPIs as of {result.as_of} (period {result.period.start} – {result.period.end})")
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for name, value in _kpi_rows(result):
        table.add_row(name, value)
    console.print(table)
    console.print(f"claims scrubbed {result.claims_scrubbed}, adjudicated {result.claims_adjudicated}; "
                  f"charges {_dollars(result.period.charges_cents)}, payments {_dollars(result.period.payments_cents)}")
