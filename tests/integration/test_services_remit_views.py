"""The remittance desk's reads: the remittances received last (`remit_listings.recent_remittances`, audited)
and the claim payments an 835 holds (`remit_preview.claim_payments`, the file only). SQLite always;
PostgreSQL when REVCYCLE_TEST_DATABASE_URL is set."""

from __future__ import annotations

import pytest
from web_setup import paid_world, remittance_835

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.services import remit_listings, remit_preview, remittances, users


@pytest.fixture
def world(engine, tmp_path):
    """Acme's 835 for E1-1 and E2-1 posted (remittance 1), then another of its payment runs (trace EFT0002,
    naming X9-1 too) posted as remittance 2."""
    paid = paid_world(engine, tmp_path)
    second = remittance_835().replace(b"EFT0001", b"EFT0002")
    remittances.post_remittance(paid.practice.uow(), paid.practice.biller, second, "acme-2.835")
    return paid


def list_reads(world) -> list[tuple[str, str]]:
    with world.practice.uow() as uow:
        return [(e.entity_id, e.detail) for e in uow.audit.events("remittance") if e.action == "read"]


def test_the_remittances_received_last_come_newest_first_and_each_shown_is_audited(world):
    # when the biller asks for the last one, then for the last five
    last = remit_listings.recent_remittances(world.practice.uow(), world.practice.biller, 1)
    five = remit_listings.recent_remittances(world.practice.uow(), world.practice.biller, 5)
    # then the second 835 comes first; each remittance shown is one audited read (detail list)
    assert [(r["id"], r["source"], r["claim_count"], r["total_paid_cents"]) for r in last] == [(2, "acme-2.835", 3, 13000)]
    assert [(r["id"], r["source"], r["status"]) for r in five] == [(2, "acme-2.835", "posted"), (1, "acme.835", "posted")]
    assert five[1] == {"id": 1, "payer_code": "87726", "trace_number": "EFT0001", "payment_date": "2026-03-09",
                       "total_paid_cents": 8000, "claim_count": 2, "status": "posted", "detail": "",
                       "source": "acme.835", "received_at": "2026-03-10T15:30:00+00:00", "digest": five[1]["digest"]}  # fmt: skip
    assert list_reads(world) == [("2", "list"), ("2", "list"), ("1", "list")]


def test_the_remittances_received_need_read_ledger(world):
    # given a coder (codes, does not read the ledger)
    coder = users.acting_user(world.practice.uow(), "coder1")
    # when the coder asks for the remittances
    with pytest.raises(RevcycleError) as refused:
        remit_listings.recent_remittances(world.practice.uow(), coder, 5)
    # then it is refused and nothing is audited
    assert refused.value.code is ErrorCode.FORBIDDEN
    assert list_reads(world) == []


def test_the_claim_payments_of_an_835_are_read_from_the_file_claim_by_claim():
    # when Acme's 835 (a paid, a denied and an unknown claim) is read
    rows = remit_preview.claim_payments(remittance_835())
    # then each claim payment is a row with its amounts and adjustment codes, in file order
    assert rows == [
        {"trace": "EFT0001", "claim": "E1-1", "status": "1", "charge_cents": 11000, "paid_cents": 8000,
         "patient_cents": 1000, "adjustments": ["CO-45", "PR-2"], "reversal": False},
        {"trace": "EFT0001", "claim": "E2-1", "status": "4", "charge_cents": 15000, "paid_cents": 0,
         "patient_cents": 0, "adjustments": ["CO-197"], "reversal": False},
        {"trace": "EFT0001", "claim": "X9-1", "status": "1", "charge_cents": 5000, "paid_cents": 5000,
         "patient_cents": 0, "adjustments": [], "reversal": False},
    ]  # fmt: skip
