"""Bill synthetic claims (charges in the ledger + the claims as sent) and have the payer simulator answer."""

from __future__ import annotations

import datetime as dt

from services_setup import NOW, set_up_practice

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.ledger import ChargeRef
from revcycle.services import ledger
from revcycle.simulator.engine import PayerEngine
from sent_claims import practice_claim, record_sent

PAYER_SETTINGS = EnvelopeSettings("acme", "87726", "CLINIC01", usage="T")
PAID = dt.date(2026, 3, 20)


def bill(practice, claims) -> list[int]:
    """Each claim sent to the primary payer, its charge posted (per claim, no line ids)."""
    ids = []
    for claim in claims:
        sent = record_sent(practice.uow(), practice_claim(claim), practice.patient_id, practice.primary_payer_id, NOW)
        ledger.post_charge(practice.uow(), practice.biller, f"charge:{claim.claim_id}",
                           ChargeRef(practice.patient_id, sent.id), claim.charge_cents, practice.primary_payer_id,
                           claim.lines[0].service_date)  # fmt: skip
        ids.append(sent.id)
    return ids


def answer(engine: PayerEngine, claims, paid_on=PAID, control: int = 1) -> bytes:
    advice = engine.adjudicate(list(claims), paid_on)
    created = dt.datetime.combine(paid_on, dt.time(9))
    return write_835(advice, PAYER_SETTINGS, control, created).encode()


__all__ = ["answer", "bill", "set_up_practice"]
