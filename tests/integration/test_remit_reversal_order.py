"""A reversal (CLP02 22) and the corrected claim's new adjudication in one 835: the reversal posts first,
then the new adjudication, in file order; the claim ends with the new decision (status, balances).
A payer's reversal alone takes the payment back and leaves the charge owed. SQLite and PostgreSQL."""

from __future__ import annotations

from remit_setup import answer, bill, set_up_practice
from sqlalchemy import select

from revcycle.claims import ClaimStatus
from revcycle.services.remittances import post_remittance
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.store.tables import journal_entries
from revcycle.store.tables_remit import remittance_claims


def _paid_c2(practice):  # noqa: ANN001
    """C2 (99214 $200) paid $64, $70 written off, $66 to the patient by a first 835."""
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    (claim_row,) = bill(practice, [claim])
    payer = PayerEngine(example_payer())
    post_remittance(practice.uow(), practice.biller, answer(payer, [claim]))
    return claim_row, payer, next(iter(payer.history))


def _posted_in_order(uow, remittance_id: int) -> tuple[list, list[str]]:  # noqa: ANN001
    rows = uow.connection.execute(select(remittance_claims).where(remittance_claims.c.remittance_id == remittance_id)
                                  .order_by(remittance_claims.c.position)).all()  # fmt: skip
    ids = [int(i) for row in rows for i in row.entry_ids.split(",") if i]
    query = select(journal_entries.c.id, journal_entries.c.kind).where(journal_entries.c.id.in_(ids))
    by_id = dict(uow.connection.execute(query).all())
    return [(row.status_code, row.paid_cents) for row in rows], [by_id[i] for i in ids]


def test_a_reversal_and_its_corrected_claim_in_one_835_post_in_file_order(engine):
    # given C2 paid by a first 835
    practice = set_up_practice(engine)
    claim_row, payer, number = _paid_c2(practice)
    # when a corrected claim billing 99213 (frequency 7) is answered by one 835: CLP02 22 for the original,
    # then CLP02 1 for the correction
    corrected = example_claim("C2", "W200", (example_line(1, "99213", 20000),), frequency="7",
                              original_payer_claim_number=number)  # fmt: skip
    report = post_remittance(practice.uow(), practice.biller, answer(payer, [corrected], control=2))
    # then both post: the $64 payment is taken back and the new decision ($90 allowed: $25 copay, the $50
    # deductible given back and met again, 20% of $15 = $3) pays $12, writes off $110 and leaves $78 to the patient
    assert (report.claims, report.claims_reversed, report.claims_posted, report.exceptions) == (2, 1, 2, [])
    assert (report.totals["reversed"], report.totals["paid"], report.totals["contractual"], report.totals["patient"]) == (
        6400, 1200, 11000, 7800)
    with practice.uow() as uow:
        claims, kinds = _posted_in_order(uow, report.remittance_ids[0])
        owed = uow.journal.receivable(claim_id=claim_row)
        status = uow.claims.get(claim_row).status
        trial = uow.journal.trial_balance()
    # in file order: the reversal's four entries (payment, write-off, deductible, coinsurance) before the new ones
    assert claims == [("22", -6400), ("1", 1200)]
    assert kinds == ["reversal"] * 4 + ["insurance_payment", "contractual_adjustment", "transfer", "transfer", "transfer"]
    # and the claim ends with the new decision: paid, the payer owes nothing, the patient $78
    assert status is ClaimStatus.PAID
    assert (owed.insurance_cents, owed.patient_cents) == (0, 7800)
    # and the $52 the payer takes back (-$64 + $12 net: BPR $0, PLB FB) is owed to it at provider level
    assert (trial["cash"], trial["provider_adjustment:payer=1"], trial["contractual_adjustment"]) == (6400, -5200, 11000)
    assert report.provider_adjustment_cents == -5200


def test_a_payers_reversal_alone_takes_the_payment_back_and_leaves_the_claim_standing(engine):
    # given C2 paid by a first 835
    practice = set_up_practice(engine)
    claim_row, payer, number = _paid_c2(practice)
    # when the payer is sent a void of it (frequency 8, never recorded by the practice: C2 is not voided on
    # our side) and its 835 only reverses the payment
    void = example_claim("C2", "W200", (example_line(1, "99214", 20000),), frequency="8",
                         original_payer_claim_number=number)  # fmt: skip
    report = post_remittance(practice.uow(), practice.biller, answer(payer, [void], control=2))
    # then the payment is reversed and the whole $200 charge is owed by the payer again: the claim stands
    # (paid, then taken back: follow-up's work, since we did not void it)
    assert (report.claims, report.claims_reversed, report.exceptions) == (1, 1, [])
    with practice.uow() as uow:
        answers = uow.connection.execute(select(remittance_claims.c.status_code).where(
            remittance_claims.c.claim_id == claim_row).order_by(remittance_claims.c.id)).scalars().all()  # fmt: skip
        assert (answers, uow.claims.get(claim_row).status) == (["1", "22"], ClaimStatus.PAID)
        owed = uow.journal.receivable(claim_id=claim_row)
    assert (owed.insurance_cents, owed.patient_cents) == (20000, 0)
