"""`revcycle payer ...` — the payer simulator.

    revcycle payer adjudicate FILE.837 --out DIR [--config PAYER.json] [--received DATE] [--paid DATE]
                              [--state STATE.json] [--json]

FILE is an 837P or an 837I (GS08 005010X223A2: a hospital's claims, paid by DRG or per outpatient line by the
configuration's "facility" terms; examples/hospital/payer.json knows the example hospital's patient).

Writes DIR/<name>.999, DIR/<name>.277ca and DIR/<name>.835 (pyx12-valid). With --state, earlier runs
are replayed first, so duplicates, accumulators and replacement claims (reversals) span files. Without --config the synthetic payer of
`revcycle.simulator.examples` (ACME HEALTH 87726, members W100-W400) adjudicates. The group is
registered by path in `revcycle.cli.main.GROUPS`; it shares only the one-line error handling of
`revcycle.cli.errors` with the practice's commands.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.errors import one_line_errors, read_bytes
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.clock import parse_date
from revcycle.kernel.money import Money
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.config_file import load_payer_config
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer

app = typer.Typer(
    name="payer",
    help="The payer simulator: adjudicate an 837P or 837I into a 999 and an 835.",
    no_args_is_help=True,
)
console = Console(highlight=False, soft_wrap=True)


def _day(text: str | None, default: dt.date) -> dt.date:
    return parse_date(text) if text else default


@app.command("adjudicate")
@one_line_errors
def adjudicate(
    file: Path,
    out: Annotated[Path, typer.Option("--out", help="directory for the 999 and the 835")],
    config: Annotated[Path | None, typer.Option("--config", help="payer configuration JSON")] = None,
    received: Annotated[
        str | None, typer.Option(help="date the payer received the file (default today)")
    ] = None,
    paid: Annotated[str | None, typer.Option(help="payment date (default: received + 14 days)")] = None,
    control_number: Annotated[int, typer.Option(help="ISA13/GS06 of the 999 and the 835")] = 1,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            help="JSON file remembering earlier runs (duplicates, "
            "accumulators, reversals): they are replayed first",
        ),
    ] = None,  # fmt: skip
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Adjudicate every claim of FILE (an 837P or 837I) as the payer would; write the 999, the 277CA and the 835."""
    payer = load_payer_config(config) if config else example_payer()
    received_on = _day(received, dt.date.today())
    paid_on = _day(paid, received_on + dt.timedelta(days=14))
    data = read_bytes(file)
    settings = EnvelopeSettings(payer.payer_id, payer.payer_id, "PROVIDER")
    engine = PayerEngine(payer)
    earlier = json.loads(read_bytes(state)) if state is not None and state.exists() else {"runs": []}
    for past in earlier["runs"]:  # the engine is deterministic: replaying the inputs rebuilds its memory
        simulate(past["data"], engine, settings, dt.date.fromisoformat(past["received"]),
                 dt.date.fromisoformat(past["paid"]), past["control"])  # fmt: skip
    run = simulate(data, engine, settings, received_on, paid_on, control_number)
    if state is not None:
        earlier["runs"].append({"data": data.decode("latin-1"), "received": received_on.isoformat(),
                                "paid": paid_on.isoformat(), "control": control_number})  # fmt: skip
        state.write_text(json.dumps(earlier), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{file.stem}.999").write_text(run.ack_999, encoding="utf-8")
    if run.ack_277ca:
        (out / f"{file.stem}.277ca").write_text(run.ack_277ca, encoding="utf-8")
    (out / f"{file.stem}.835").write_text(run.remittance_835, encoding="utf-8")
    rows = [{"claim": c.claim_id, "status": c.status, "charge_cents": c.charge_cents, "paid_cents": c.paid_cents,
             "patient_cents": c.patient_responsibility_cents or 0,
             "drg": c.drg, "adjustments": [f"{a.group}-{a.reason} {a.amount_cents}"
                                           for a in (*c.adjustments, *(a for line in c.lines for a in line.adjustments))]}
            for c in run.advice.claims]  # fmt: skip
    if as_json:
        print(json.dumps({"claims": rows, "total_paid_cents": run.advice.total_paid_cents,
                          "files": [str(out / f"{file.stem}.999"), str(out / f"{file.stem}.835")]}))  # fmt: skip
        return
    table = Table(title=f"{payer.name}: {len(rows)} claims, paid {Money(run.advice.total_paid_cents)}")
    for column in ("claim", "status", "DRG", "charge", "paid", "patient", "adjustments"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["claim"], row["status"], row["drg"], str(Money(row["charge_cents"])),
                      str(Money(row["paid_cents"])), str(Money(row["patient_cents"])), " ".join(row["adjustments"]))  # fmt: skip
    console.print(table)
    console.print(f"wrote {out / (file.stem + '.999')} and {out / (file.stem + '.835')}")
