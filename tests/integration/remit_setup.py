"""Bill synthetic claims (charges in the ledger + submitted claims) and have the payer simulator answer."""

from __future__ import annotations

import datetime as dt

from services_setup import set_up_practice

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.ledger import ChargeRef
from revcycle.payer.engine import PayerEngine
from revcycle.services import ledger
from revcycle.services.submissions import register_submission

PAYER_SETTINGS = EnvelopeSettings("acme", "87726", "CLINIC01", usage="T")
PAID = dt.date(2026, 3, 20)


def bill(practice, claims, next_payer: bool = False) -> list[int]:
    """Register each claim as submitted to the primary payer and post its charges (per claim, no line ids)."""
    ids = []
    for claim in claims:
        next_payer_id = practice.secondary_payer_id if next_payer else None
        claim_row = register_submission(practice.uow(), practice.biller, claim, practice.patient_id,
                                        practice.primary_payer_id, next_payer_id)  # fmt: skip
        ledger.post_charge(practice.uow(), practice.biller, f"charge:{claim.claim_id}",
                           ChargeRef(practice.patient_id, claim_row), claim.charge_cents, practice.primary_payer_id,
                           claim.lines[0].service_date)  # fmt: skip
        ids.append(claim_row)
    return ids


def answer(engine: PayerEngine, claims, paid_on=PAID, control: int = 1) -> bytes:
    advice = engine.adjudicate(list(claims), paid_on)
    created = dt.datetime.combine(paid_on, dt.time(9))
    return write_835(advice, PAYER_SETTINGS, control, created).encode()


__all__ = ["answer", "bill", "set_up_practice"]
