"""What the run leaves in `--out`: the X12 files named by their transaction, the summary, the screen report.

out/x12/batch-001-837P.x12, batch-001-999.x12, batch-001-277CA.x12, batch-001-835.x12 (primary payer;
    no 835 for a batch the payer pays after the as-of day)
out/x12/secondary-001-837P.x12, ... (the secondary payer)
out/x12/hospital-001-837I.x12, ... (the hospital's 837I batches and their 999, 277CA and 835)
out/x12/eligibility-270.x12, eligibility-271.x12 (every real-time exchange, one interchange each)
out/x12/claim-status-276.x12, claim-status-277.x12
out/clearinghouse/<partner>/ (the mailboxes as the run used them), statements/, appeals/, cms1500/, ub04/
out/summary.json
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from revcycle.demo.partners import DemoClearinghouse, RecordingDesk
from revcycle.kernel import Money
from revcycle.reports import AgingReport
from revcycle.reports.aging import BUCKETS

KPI_ROWS = ("claims_scrubbed", "clean_claim_rate", "claims_adjudicated", "first_pass_resolution_rate",
            "denial_rate", "days_in_ar", "net_collection_rate", "percent_ar_over_90")  # fmt: skip


def copy_batches(partner: DemoClearinghouse, prefix: str, x12: Path, claim_file: str = "837P") -> list[str]:
    """Each 837 the partner was sent (`claim_file`: 837P or 837I) and its answers, as <prefix>-NNN-<transaction>.x12."""
    x12.mkdir(parents=True, exist_ok=True)
    written = []
    for number, answer in enumerate(partner.answered, start=1):
        stem = f"{prefix}-{number:03d}"
        sources = [(partner.outbox / answer.submitted, claim_file), (answer.ack_999, "999"),
                   (answer.ack_277ca, "277CA"), (answer.remittance_835, "835")]  # fmt: skip
        for source, word in sources:
            found = _current(source, partner)
            if found is not None:
                shutil.copyfile(found, x12 / f"{stem}-{word}.x12")
                written.append(f"{stem}-{word}.x12")
    return written


def _current(path: Path | None, partner: DemoClearinghouse) -> Path | None:
    """Where a file is now: collected files move to inbox/processed; an 835 the payer still holds (paid
    after the as-of day) has not arrived, so it is not one of the run's files (it stays in the mailbox)."""
    if path is None or path.parent == partner.held:
        return None
    for candidate in (path, partner.inbox / "processed" / path.name):
        if candidate.is_file():
            return candidate
    return None


def write_exchanges(desk: RecordingDesk, name: str, words: tuple[str, str], x12: Path) -> list[str]:
    """Every real-time exchange: the questions in one file, the answers in another."""
    if not desk.exchanges:
        return []
    x12.mkdir(parents=True, exist_ok=True)
    names = [f"{name}-{words[0]}.x12", f"{name}-{words[1]}.x12"]
    for index, file_name in enumerate(names):
        (x12 / file_name).write_text(
            "\n".join(pair[index] for pair in desk.exchanges) + "\n", encoding="ascii"
        )
    return names


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")


def print_report(
    console: Console, summary: dict[str, Any], aging: AgingReport, where: dict[str, str]
) -> None:
    table = Table(title=f"AR aging (as of {aging.as_of.isoformat()})")
    table.add_column("responsibility")
    for bucket in BUCKETS:
        table.add_column(bucket, justify="right")
    table.add_row("insurance", *(str(Money(c)) for c in aging.insurance_buckets))
    table.add_row("patient", *(str(Money(c)) for c in aging.patient_buckets))
    console.print(table)
    kpis = Table(title="KPIs")
    kpis.add_column("measure")
    kpis.add_column("value", justify="right")
    for key in KPI_ROWS:
        kpis.add_row(key.replace("_", " "), str(summary["kpis"][key]))
    kpis.add_row("AR", str(Money(int(summary["kpis"]["ar_cents"]))))
    for category, rate in summary["kpis"]["denial_rate_by_category"].items():
        kpis.add_row(f"denial rate: {category}", str(rate))
    console.print(kpis)
    console.print(
        f"[bold]follow-up[/bold]: {summary['claim_status_asked']} claims asked about (276/277), "
        f"{summary['denied_lines_in_queue']} denied lines in the queue, {summary['appeal_letters']} appeal letters, "
        f"{summary['underpaid_lines']} lines paid under the contract ({Money(summary['underpaid_cents'])} short), "
        f"{summary['statements_written']} statements"
    )
    if hospital := summary.get("hospital"):
        console.print(hospital_line(hospital))
    for label, value in where.items():
        console.print(f"[bold]{label}[/bold]: {value}")


def hospital_line(hospital: dict[str, Any]) -> str:
    """The hospital's run in one line: what was billed on the 837I, the DRGs' case-mix index, the money."""
    if hospital.get("skipped"):
        return f"[bold]hospital[/bold]: {hospital['skipped']}"
    return (
        f"[bold]hospital[/bold] ({hospital['facility']}): {hospital['stays']} stays, "
        f"{hospital['outpatient_visits']} outpatient visits, {hospital['claims_built']} claims on "
        f"{hospital['batches_837i']} 837I ({hospital['clean_claim_rate']} % clean), {len(hospital['drgs'])} DRGs, "
        f"case-mix index {hospital['case_mix_index']}; paid {Money(hospital['paid_cents'])}, contractual "
        f"{Money(hospital['contractual_cents'])}, patient {Money(hospital['patient_cents'])}"
    )
