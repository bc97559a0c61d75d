"""Claims the claims package sent without the clearinghouse (`revcycle claims export`): when an 835
names one we have no submission for, record the submission from the stored claim (lines get the
control numbers `<claim>-<n>` our 837P translation gives lines without REF*6R)."""

from __future__ import annotations

from revcycle.claims.model import Claim
from revcycle.store.repositories.remittances import SubmittedClaimRow, SubmittedLineRow
from revcycle.store.uow import UnitOfWork


def submissions_from_claims(
    uow: UnitOfWork, numbers: list[str], dry_run: bool
) -> dict[str, SubmittedClaimRow]:
    stored = uow.claims
    repository = uow.remittances
    found: dict[str, SubmittedClaimRow] = {}
    for number in numbers:
        claim = stored.find_by_number(number)
        if claim is None:
            continue
        patient_id, payer_id = stored.ids_of(claim.id)  # type: ignore[arg-type]
        if payer_id is None:
            continue
        values, lines = _rows(claim, patient_id, payer_id, uow)
        if dry_run:
            found[number] = _in_memory(values, lines)
            continue
        repository.add_submitted_claim(values, lines)
        found |= repository.submitted_claims([number])
    return found


def _rows(claim: Claim, patient_id: int, payer_id: int, uow: UnitOfWork) -> tuple[dict, list[dict]]:
    values = {"claim_control_number": claim.claim_id, "patient_id": patient_id, "payer_id": payer_id,
              "claim_reference": str(claim.id), "charge_cents": claim.total_charge_cents, "submitted_at": uow.clock.now()}  # fmt: skip
    lines = [
        {"line_number": line.line_number, "control_number": f"{claim.claim_id}-{line.line_number}",
         "service_line_id": line.service_line_id, "procedure_code": line.procedure_code, "modifiers": ",".join(line.modifiers),
         "service_date": line.service_date, "units": line.units, "charge_cents": line.charge_cents}
        for line in claim.lines
    ]  # fmt: skip
    return values, lines


def _in_memory(values: dict, lines: list[dict]) -> SubmittedClaimRow:
    rows = tuple(
        SubmittedLineRow(
            -n,
            line["line_number"],
            line["control_number"],
            line["service_line_id"],
            line["procedure_code"],
            tuple(m for m in line["modifiers"].split(",") if m),
            line["service_date"],
            line["units"],
            line["charge_cents"],
        )  # fmt: skip
        for n, line in enumerate(lines, start=1)
    )
    return SubmittedClaimRow(0, values["claim_control_number"], values["patient_id"], values["payer_id"], None,
                             values["charge_cents"], rows, values["claim_reference"])  # fmt: skip
