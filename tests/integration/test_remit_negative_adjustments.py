"""Negative CAS amounts outside a reversal post (TR3 CAS03: a negative adjustment increases the payment):
a negative CO gives part of the write-off back to the payer's receivable, a negative PR takes part of the
patient's share back to the payer, a negative OA (OA-94 in COB) has no entry of its own - the payment it
explains posts and the payer's receivable shows the overpayment. Exact amounts, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from remit_setup import PAID, PAYER_SETTINGS, bill, set_up_practice

from revcycle.edi.remit_835 import write_835
from revcycle.remittance.model import Adjustment, ClaimPayment, RemittanceAdvice, ServicePayment
from revcycle.services.remittances import post_remittance
from revcycle.simulator.examples import EXAMPLE_DOS, example_claim, example_line


def _paid(claim_id: str, paid: int, *adjustments: tuple[str, str, int]) -> ClaimPayment:
    line = ServicePayment("99214", 10000, paid, service_date=EXAMPLE_DOS, control_number="L1",
                          adjustments=tuple(Adjustment(g, r, c) for g, r, c in adjustments))  # fmt: skip
    patient = sum(c for g, _r, c in adjustments if g == "PR")
    return ClaimPayment(claim_id, "1", 10000, paid, patient, "12", f"PCN{claim_id}", lines=(line,))


def test_negative_co_pr_and_oa_adjustments_post_with_exact_amounts(engine):
    # given three $100 claims billed to the primary
    practice = set_up_practice(engine)
    claims = [example_claim(f"N{n}", "W100", (example_line(1, "99214", 10000),)) for n in (1, 2, 3)]
    rows = bill(practice, claims)
    # and an 835: N1 a fee schedule above the charge (paid $84, PR-2 $21, CO-45 -$5); N2 a PR taken back
    # (paid $85, CO-45 $10, PR-1 $10, PR-1 -$5); N3 paid above the charge (paid $105, OA-94 -$5)
    payments = (_paid("N1", 8400, ("PR", "2", 2100), ("CO", "45", -500)),
                _paid("N2", 8500, ("CO", "45", 1000), ("PR", "1", 1000), ("PR", "1", -500)),
                _paid("N3", 10500, ("OA", "94", -500)))  # fmt: skip
    advice = RemittanceAdvice("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893", "NEG001", PAID,
                              27400, claims=payments)  # fmt: skip
    assert advice.is_balanced and all(not claim.problems() for claim in payments)
    data = write_835(advice, PAYER_SETTINGS, 7, dt.datetime(2026, 3, 20, 9)).encode()
    # when it is posted
    report = post_remittance(practice.uow(), practice.biller, data)
    # then every claim posts, none to the exception queue
    assert (report.claims_posted, report.exceptions, report.denials) == (3, [], 0)
    assert (report.totals["paid"], report.totals["contractual"], report.totals["patient"]) == (27400, 500, 2600)
    with practice.uow() as uow:
        owed = [uow.journal.receivable(claim_id=row) for row in rows]
        trial = uow.journal.trial_balance()
    # N1: the $5 comes back from the write-off to the payer, who paid it: nothing owed by the payer, $21 by the patient
    assert (owed[0].insurance_cents, owed[0].patient_cents) == (0, 2100)
    # N2: the patient owes $10 - $5 = $5
    assert (owed[1].insurance_cents, owed[1].patient_cents) == (0, 500)
    # N3: the payer paid $5 more than the charge: a $5 credit on its receivable (to refund or apply)
    assert (owed[2].insurance_cents, owed[2].patient_cents) == (-500, 0)
    assert (trial["cash"], trial["contractual_adjustment"]) == (27400, 1000 - 500)
    assert any("OA-94 -500 increases the payment" in note for note in report.notes)
