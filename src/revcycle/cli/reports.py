"""`revcycle reports ...` — AR aging and revenue-cycle KPIs.

    revcycle reports aging --user U [--as-of DATE] [--json]
    revcycle reports kpis  --user U [--as-of DATE] [--period-days 90] [--json]
    revcycle reports underpayments --user U [--tolerance-cents 100] [--tolerance-percent 0] [--payer ID]
                                   [--contract PAYER.json ...] [--json]
    revcycle reports underpayment-resolve ID --user U --outcome appealed|accepted --note TEXT

Amounts print as dollars; `--json` gives integer cents and percentages as strings ("60.7").
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, dollars, one_line_errors, open_as
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract_file import load_contract
from revcycle.reports import BUCKETS, AgingRow, Kpis
from revcycle.reports.underpayments import (
    DEFAULT_TOLERANCE_CENTS,
    PayerUnderpayments,
    Tolerance,
    UnderpaymentItem,
)
from revcycle.services import reports, underpayments

app = typer.Typer(name="reports", help="Reports: AR aging, KPIs and underpayments.", no_args_is_help=True)
console = Console(highlight=False)

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="report date YYYY-MM-DD (default: today)")]


def parse_percent(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"not a percent: {text!r}") from error
    if not value.is_finite():
        raise RevcycleError(ErrorCode.VALIDATION, f"not a percent: {text!r}")
    return value


def _aging_table(title: str, rows: tuple[AgingRow, ...], totals: tuple[int, ...]) -> Table:
    table = Table(title=title)
    for column in ("who", *BUCKETS, "credit", "total"):
        table.add_column(column, justify="left" if column == "who" else "right")
    for row in rows:
        table.add_row(row.name, *(dollars(c) for c in row.buckets), dollars(row.credit_cents),
                      dollars(row.total_cents))
    table.add_row("[b]total[/b]", *(dollars(c) for c in totals), "", dollars(sum(totals)))
    return table


@app.command("aging")
@one_line_errors
def aging(user: UserOption, as_of: AsOfOption = None, database: DatabaseOption = None,
          as_json: JsonOption = False) -> None:
    """AR aging by payer and by patient responsibility, aged from the date of service."""
    report = reports.ar_aging(*open_as(database, user), parse_date(as_of) if as_of else None)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    console.print(_aging_table(f"Insurance AR as of {report.as_of}", report.payers, report.insurance_buckets))
    console.print(_aging_table("Patient responsibility", report.patients, report.patient_buckets))
    share = report.percent_over_90
    console.print(f"total AR {dollars(report.total_cents)}; over 90 days {dollars(report.over_90_cents)}"
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
    result = reports.kpis(*open_as(database, user), parse_date(as_of) if as_of else None, period_days)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    table = Table(title=f"KPIs as of {result.as_of} (claims through {result.as_of}; money over "
                        f"{result.period.start} – {result.period.end})")
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for name, value in _kpi_rows(result):
        table.add_row(name, value)
    console.print(table)
    console.print(f"claims scrubbed through {result.as_of}: {result.claims_scrubbed}, adjudicated "
                  f"{result.claims_adjudicated}; "
                  f"charges {dollars(result.period.charges_cents)}, payments {dollars(result.period.payments_cents)}")


ToleranceCents = Annotated[int, typer.Option("--tolerance-cents", min=0, help="flag a line short by more than this")]
TolerancePercent = Annotated[str, typer.Option("--tolerance-percent", help="... or by more than this %")]
ContractOption = Annotated[list[Path] | None, typer.Option("--contract", help="payer configuration JSON whose "
                           "contract becomes the practice's contract with that payer (repeatable)")]  # fmt: skip


@app.command("underpayments")
@one_line_errors
def underpayments_report(user: UserOption, tolerance_cents: ToleranceCents = DEFAULT_TOLERANCE_CENTS,
                         tolerance_percent: TolerancePercent = "0",
                         payer: Annotated[str | None, typer.Option("--payer", help="payer id (code)")] = None,
                         contract: ContractOption = None, database: DatabaseOption = None,
                         as_json: JsonOption = False) -> None:  # fmt: skip
    """Lines paid below the contract by more than the tolerance: check posted 835 lines, then the queue by payer."""
    uow, acting = open_as(database, user)
    for path in contract or []:
        payer_code, terms = load_contract(path)
        underpayments.set_payer_contract(uow, acting, payer_code, terms, source=path.name)
    tolerance = Tolerance(tolerance_cents, parse_percent(tolerance_percent))
    found = underpayments.find_underpayments(uow, acting, tolerance=tolerance)
    totals = underpayments.underpayments_by_payer(uow, acting, payer_code=payer)
    queue = underpayments.underpayment_queue(uow, acting, payer_code=payer)
    if as_json:
        typer.echo(json.dumps({"lines_checked": found.lines_checked, "new": found.found,
                               "by_payer": [row.to_dict() for row in totals],
                               "queue": [item.to_dict() for item in queue]}, indent=2))  # fmt: skip
        return
    console.print(f"checked {found.lines_checked} paid lines ({tolerance.describe()}): "
                  f"{len(found.found)} new underpayments, {dollars(found.difference_cents)}")  # fmt: skip
    if found.payers_without_contract:
        console.print(f"[yellow]{len(found.payers_without_contract)} payer(s) without a contract were not checked "
                      "(load one with --contract FILE)[/yellow]")  # fmt: skip
    console.print(_underpayment_totals(totals))
    console.print(_underpayment_queue(queue))


def _underpayment_totals(rows: list[PayerUnderpayments]) -> Table:
    table = Table(title="Underpayments by payer (open)")
    for column in ("payer", "lines", "expected", "allowed", "paid", "difference"):
        table.add_column(column, justify="left" if column == "payer" else "right")
    for row in rows:
        table.add_row(f"{row.payer_code} {row.payer_name}", str(row.lines), dollars(row.expected_cents),
                      dollars(row.allowed_cents), dollars(row.paid_cents), dollars(row.difference_cents))  # fmt: skip
    table.add_row("[b]total[/b]", str(sum(r.lines for r in rows)), dollars(sum(r.expected_cents for r in rows)),
                  dollars(sum(r.allowed_cents for r in rows)), dollars(sum(r.paid_cents for r in rows)),
                  dollars(sum(r.difference_cents for r in rows)))  # fmt: skip
    return table


def _underpayment_queue(items: list[UnderpaymentItem]) -> Table:
    table = Table(title="Underpayment queue (open)")
    for column in ("id", "payer", "claim", "code", "DOS", "units", "expected", "allowed", "difference"):
        table.add_column(column, justify="left" if column in ("payer", "claim", "code", "DOS") else "right")
    for item in items:
        code = "-".join((item.procedure_code, *item.modifiers))
        table.add_row(str(item.id), item.payer_code, item.claim_control_number, code, str(item.service_date),
                      str(item.units), dollars(item.expected_cents), dollars(item.allowed_cents),
                      dollars(item.difference_cents))  # fmt: skip
    return table


@app.command("underpayment-resolve")
@one_line_errors
def underpayment_resolve(user: UserOption, underpayment_id: Annotated[int, typer.Argument(metavar="ID")],
                         outcome: Annotated[str, typer.Option("--outcome", help="appealed or accepted")],
                         note: Annotated[str, typer.Option("--note", help="what was done")],
                         database: DatabaseOption = None) -> None:  # fmt: skip
    """Take an underpayment off the queue: appealed to the payer, or accepted (note kept in the audit log)."""
    underpayments.resolve_underpayment(*open_as(database, user), underpayment_id, outcome, note)
    console.print(f"underpayment {underpayment_id}: {outcome}")
