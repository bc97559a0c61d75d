"""The story a biller knows by heart, through the services and the database:

a $150.00 office visit is billed to the payer; the payer pays $80.00 and adjusts $40.00 off by
contract; $30.00 (coinsurance) moves to the patient; the patient pays $30.00. Everything owed is
then zero, and the journal holds exactly these lines.
"""

from datetime import UTC, date, datetime

from revcycle.claims import examples
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Patient, Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def test_charge_paid_adjusted_transferred_and_paid_by_the_patient_leaves_nothing_owed(engine):  # noqa: F811
    # given a practice with a payer and a patient (synthetic), and a biller
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    biller = users.add_user(uow(), "bea", "biller", PASSWORD, actor=admin)
    payer = practice.add_payer(uow(), admin, Payer("87726", "Synthetic Health", "CI", 90))
    synthetic = Patient("Test", "Patient", date(1980, 1, 1), "F", Address("100 Elm St", "Springfield", "IL", "62701"))
    patient_id = patients.register_patient(uow(), biller, synthetic).id
    with uow() as work:  # the claim the lines name (journal_lines.claim_id is a foreign key)
        claim_id = work.claims.add(examples.example_claim("E1-1", encounter_id=None), patient_id, payer.id, NOW, None).id
    ref = ChargeRef(patient_id, claim_id=claim_id)

    # when the story is posted
    ledger.post_charge(
        uow(), biller, "clm-1001-ln-1-charge", ref, 15000, payer_id=payer.id, on=date(2026, 3, 4)
    )
    ledger.post_insurance_payment(uow(), biller, "era-555-clm-1001-ln-1-paid", ref, payer.id, 8000)
    ledger.post_contractual_adjustment(uow(), biller, "era-555-clm-1001-ln-1-co45", ref, payer.id, 4000)
    ledger.transfer_to_patient(uow(), biller, "era-555-clm-1001-ln-1-pr2", ref, payer.id, 3000)
    ledger.post_patient_payment(uow(), biller, "receipt-77", ref, 3000)

    # then nothing is owed on the patient, the claim or the payer
    for balance in (
        ledger.patient_balance(uow(), biller, patient_id),
        ledger.claim_balance(uow(), biller, claim_id),
        ledger.payer_balance(uow(), biller, payer.id),
    ):
        assert balance.is_zero
    # and the journal has exactly the expected lines, entry by entry
    journal = ledger.patient_journal(uow(), biller, patient_id)
    assert [
        (e.kind.value, [(line.account.code, line.amount_cents) for line in e.lines]) for e in journal
    ] == [
        ("charge", [("insurance_ar:payer=1", 15000), ("revenue", -15000)]),
        ("insurance_payment", [("cash", 8000), ("insurance_ar:payer=1", -8000)]),
        ("contractual_adjustment", [("contractual_adjustment", 4000), ("insurance_ar:payer=1", -4000)]),
        ("transfer", [("patient_ar:patient=1", 3000), ("insurance_ar:payer=1", -3000)]),
        ("patient_payment", [("cash", 3000), ("patient_ar:patient=1", -3000)]),
    ]
    # and the trial balance: $110 cash, $40 adjusted, $150 revenue, receivables at zero
    assert ledger.trial_balance(uow(), biller) == {
        "cash": 11000,
        "contractual_adjustment": 4000,
        "insurance_ar:payer=1": 0,
        "patient_ar:patient=1": 0,
        "revenue": -15000,
    }
