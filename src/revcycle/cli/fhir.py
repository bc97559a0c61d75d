"""`revcycle fhir ...` — FHIR R4 out of revcycle (a claim, its explanation of benefit, a patient) and in (a Bundle
from the EHR).

    revcycle fhir export claim CLAIM --user U [--out FILE] [--base URL]     the Claim, its Patient and Coverages
    revcycle fhir export eob CLAIM --user U [--out FILE] [--base URL]       the claim's ExplanationOfBenefits, same
    revcycle fhir export patient PATIENT --user U [--out FILE] [--base URL] the Patient and its Coverages
    revcycle fhir import FILE.json --user U [--json]                        a transaction or collection Bundle

CLAIM is a claim id or its number (E12-1); PATIENT an account number (8 digits) or a patient id. An export is
a collection Bundle (application/fhir+json) written to FILE or printed; each resource's fullUrl is under
`--base` (default http://localhost:8000/fhir, what `revcycle serve` answers). Every read is audited with the
user. Exit codes: 0 done, 2 refused (one line on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.cli.errors import read_bytes
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.services import fhir_export, fhir_intake, front_desk

app = typer.Typer(name="fhir", help="FHIR R4: export claims, EOBs and patients; import an EHR's Bundle.",
                  no_args_is_help=True)  # fmt: skip

DEFAULT_BASE = "http://localhost:8000/fhir"
What = Annotated[str, typer.Argument(help="claim | eob | patient")]
Reference = Annotated[
    str, typer.Argument(help="a claim id or number (claim, eob); an account number or id (patient)")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="write the Bundle to this file (default: print it)")
]
BaseOption = Annotated[str, typer.Option("--base", help="the FHIR base URL the fullUrls are under")]


@app.command("export")
@one_line_errors
def export(what: What, reference: Reference, user: UserOption, out: OutOption = None,
           base: BaseOption = DEFAULT_BASE, database: DatabaseOption = None) -> None:  # fmt: skip
    """A claim, a claim's explanation of benefit or a patient as a FHIR R4 collection Bundle."""
    if what not in fhir_export.EXPORTS:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"export one of {', '.join(fhir_export.EXPORTS)}, not {what!r}"
        )
    uow, acting = open_as(database, user)
    if what == "patient":
        reference = str(front_desk.resolve_patient(uow, acting, reference).id)
    bundle = fhir_export.export_bundle(uow, acting, what, reference, base)
    text = json.dumps(bundle, indent=2, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    typer.echo(f"wrote {out}: a Bundle of {len(bundle.get('entry', []))} resources")


@app.command("import")
@one_line_errors
def import_command(file: Annotated[Path, typer.Argument(help="a FHIR R4 Bundle (JSON)")], user: UserOption,
                   as_json: JsonOption = False, database: DatabaseOption = None) -> None:  # fmt: skip
    """Apply a transaction or collection Bundle from the EHR once: patients, coverages, visits, charges.
    A Bundle that cannot be applied is kept in the interface error queue with every problem by path (exit 2)."""
    try:
        raw = read_bytes(file).decode("utf-8")
    except UnicodeDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"{file}: not UTF-8 text") from error
    uow, acting = open_as(database, user)
    receipt = fhir_intake.import_bundle(uow, acting, raw)
    if as_json:
        typer.echo(json.dumps({"status": receipt.status, "message_id": receipt.message_id, "error": receipt.error,
                               "prior_status": receipt.prior_status,
                               "patient_ids": list(dict.fromkeys(receipt.applied.patient_ids)) if receipt.applied else [],
                               "encounter_ids": list(dict.fromkeys(receipt.applied.encounter_ids)) if receipt.applied else []}))  # fmt: skip
    else:
        typer.echo(_said(receipt))
    if not receipt.accepted:
        raise typer.Exit(2)


def _said(receipt: fhir_intake.Receipt) -> str:
    if receipt.status == "applied" and receipt.applied is not None:
        applied = receipt.applied
        return (f"applied as interface message {receipt.message_id}: {len(set(applied.patient_ids))} patients, "
                f"{len(set(applied.encounter_ids))} visits, {applied.lines} charge lines")  # fmt: skip
    if receipt.status == "duplicate":
        return f"received before as interface message {receipt.message_id} ({receipt.prior_status}); nothing changed"
    kept = f" (kept in the error queue as message {receipt.message_id})" if receipt.message_id else ""
    return f"{receipt.status}{kept}: {receipt.error}"
