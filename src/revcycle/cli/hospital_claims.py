"""`revcycle claims build-institutional | export-837i | ub04` — hospital (facility) claims.

    revcycle claims build-institutional STAY.yaml [--charge-master CM.csv] --user U [--json]
    revcycle claims export-837i --batch ID --out FILE --user U   (submitter/receiver by option or env)
    revcycle claims ub04 CLAIM_ID --out FILE.pdf [--data-only] --user U

A built claim is a draft: scrub it (`revcycle claims scrub ID`), then export its batch as an 837I.
Exit codes: 0 done, 2 refused (a RevcycleError naming the value, e.g. "charges[2].revenue_code: ...").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from revcycle.claims.institutional import ChargeMaster
from revcycle.claims.serialize import claim_to_dict
from revcycle.claims.stay_file import read_stay_file
from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.kernel.money import Money
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services import institutional_claims

console = Console(highlight=False, soft_wrap=True)


@one_line_errors
def build_institutional_command(
    user: UserOption,
    stay: Annotated[Path, typer.Argument(help="the stay in YAML (examples/hospital/stay_inpatient.yaml)")],
    charge_master: Annotated[
        Path | None, typer.Option("--charge-master", help="CSV revenue_code,hcpcs,description,charge")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build and store an institutional (UB-04 / 837I) claim from a hospital stay described in YAML."""
    stay_file = read_stay_file(stay.read_text(encoding="utf-8"))
    prices = ChargeMaster.from_csv(charge_master) if charge_master else None
    claim = institutional_claims.build_institutional_claim(*open_as(database, user), stay_file, prices)
    if as_json:
        print(json.dumps(claim_to_dict(claim), indent=1))
        return
    console.print(f"claim {claim.id} {claim.claim_id}: type of bill {claim.type_of_bill}, {len(claim.lines)} "
                  f"line(s), {Money(claim.total_charge_cents)} ({claim.status})", markup=False)  # fmt: skip
    for line in claim.lines:
        code = " ".join([line.procedure_code, *line.modifiers]).strip()
        console.print(f"  {line.line_number:>3} {line.revenue_code} {code:<14} x{line.units} "
                      f"{Money(line.charge_cents)} ({line.charge_source})", markup=False)  # fmt: skip


def _option(name: str, env: str, text: str) -> object:
    return typer.Option(name, envvar=env, help=text)


@one_line_errors
def export_837i_command(
    user: UserOption,
    batch: Annotated[int, typer.Option("--batch")],
    out: Annotated[Path, typer.Option("--out")],
    submitter_name: Annotated[
        str, _option("--submitter-name", "REVCYCLE_SUBMITTER_NAME", "1000A submitter name")
    ],
    submitter_id: Annotated[
        str, _option("--submitter-id", "REVCYCLE_SUBMITTER_ID", "ETIN the clearinghouse gave you")
    ],
    contact: Annotated[str, _option("--contact", "REVCYCLE_SUBMITTER_CONTACT", "billing contact name")],
    phone: Annotated[str, _option("--phone", "REVCYCLE_SUBMITTER_PHONE", "billing contact phone, 10 digits")],
    receiver_name: Annotated[
        str, _option("--receiver-name", "REVCYCLE_RECEIVER_NAME", "clearinghouse or payer")
    ],
    receiver_id: Annotated[str, _option("--receiver-id", "REVCYCLE_RECEIVER_ID", "receiver ETIN")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the batch's ready institutional claims as an 837I, mark them submitted and post their charges."""
    export = institutional_claims.export_batch_837i(*open_as(database, user), batch, out,
                                                    Submitter(submitter_name, submitter_id, contact, phone),
                                                    Receiver(receiver_name, receiver_id))  # fmt: skip
    if as_json:
        print(json.dumps({"batch_id": batch, "file": str(out), "claims": [c.claim_id for c in export.claims],
                          "charges_posted": export.charges_posted}))  # fmt: skip
    else:
        console.print(f"wrote {len(export.claims)} claim(s) to {out} (837I); {export.charges_posted} charge(s) posted",
                      markup=False)  # fmt: skip


@one_line_errors
def ub04_command(
    user: UserOption,
    claim_id: Annotated[int, typer.Argument(help="the institutional claim's id")],
    out: Annotated[Path, typer.Option("--out")],
    data_only: Annotated[bool, typer.Option("--data-only", help="for pre-printed red forms")] = False,
    database: DatabaseOption = None,
) -> None:
    """Render an institutional claim on the UB-04 (CMS-1450) as a PDF."""
    pages = institutional_claims.print_ub04(*open_as(database, user), claim_id, out, background=not data_only)
    console.print(f"wrote {out} ({pages} page{'s' if pages > 1 else ''})", markup=False)
