"""A FHIR R4 Bundle from the EHR into revcycle, once: read by `interfaces.fhir_read`, applied by the interface
inbox (patients, coverages, visits and their charges in one transaction, or the Bundle kept in the error queue
with every problem by path).

    receipt = import_bundle(uow, user, raw_json)      # interface_inbox.Receipt: applied | duplicate | failed | rejected
    status, body = answer(receipt, now)               # the HTTP status and the FHIR answer (a transaction-response
                                                      # Bundle, or an OperationOutcome)

The Bundle's identity is (sender, control id): `Bundle.meta.source` (else the practice Organization's
identifier) and `Bundle.identifier.value` (else the sha256 of the text), so the same Bundle imported again
changes nothing. Needs `manage_interfaces` (biller, manager, admin) and what the actions need (`edit_patients`,
`edit_encounters`). Replay a failed Bundle with `interface_inbox.replay(uow, user, message_id, read_bundle)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from revcycle.interfaces.fhir_capability import operation_outcome
from revcycle.interfaces.fhir_export import instant
from revcycle.interfaces.fhir_read import read_bundle
from revcycle.practice.users import User
from revcycle.services import interface_inbox
from revcycle.services.interface_inbox import Receipt
from revcycle.store.uow import UnitOfWork

Json = dict[str, Any]
CHANNEL = "fhir"

__all__ = ["CHANNEL", "Receipt", "answer", "import_bundle", "read_bundle"]


def import_bundle(uow: UnitOfWork, user: User, raw: str) -> Receipt:
    """Apply the Bundle once (see the module's docstring)."""
    return interface_inbox.receive(uow, user, CHANNEL, raw, read_bundle)


def answer(receipt: Receipt, now: datetime) -> tuple[int, Json]:
    """What `POST /fhir` answers: 200 and a transaction-response Bundle naming the patients and encounters
    written; 200 and an informational OperationOutcome for a Bundle received before; 422 and an OperationOutcome
    with one issue per problem (each with its path) for a Bundle that failed (kept in the error queue) or could
    not be identified (kept nowhere)."""
    if receipt.status == "applied" and receipt.applied is not None:
        return 200, _transaction_response(receipt, now)
    if receipt.status == "duplicate":
        said = f"this Bundle was received before (interface message {receipt.message_id}, {receipt.prior_status})"
        outcome = operation_outcome("duplicate", said + "; nothing changed")
        outcome["issue"][0]["severity"] = "information" if receipt.prior_status != "failed" else "error"
        return (200 if receipt.prior_status != "failed" else 422), outcome
    problems = [p.strip() for p in receipt.error.split("; ") if p.strip()]
    code = receipt.error_code.value if receipt.error_code else "validation"
    kept = (
        f" (kept in the interface error queue as message {receipt.message_id})" if receipt.message_id else ""
    )
    return 422, operation_outcome(code, receipt.error + kept, [p for p in problems if p.startswith("Bundle")])


def _transaction_response(receipt: Receipt, now: datetime) -> Json:
    applied = receipt.applied
    assert applied is not None
    written = [("Patient", i) for i in dict.fromkeys(applied.patient_ids)]
    written += [("Encounter", i) for i in dict.fromkeys(applied.encounter_ids)]
    entries = [{"response": {"status": "200 OK", "location": f"{kind}/{number}"}} for kind, number in written]
    return {"resourceType": "Bundle", "type": "transaction-response", "timestamp": instant(now),
            "identifier": {"system": "urn:revcycle:interface-message", "value": str(receipt.message_id)},
            **({"entry": entries} if entries else {})}  # fmt: skip
