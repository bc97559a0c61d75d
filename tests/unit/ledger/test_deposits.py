"""The day's receipts against the bank's deposits: totals by source, the difference, EFTs with no deposit."""

from __future__ import annotations

from datetime import date

from revcycle.ledger.deposits import Deposit, Receipt, reconcile

DAY = date(2026, 3, 20)
RECEIPTS = [Receipt("insurance EFT", "144272509", "Synthetic Health", 6400),
            Receipt("insurance check", "CHK-1001", "Synthetic Health", 12000),
            Receipt("patient cash", "", "Doe, Jane", 2000), Receipt("patient check", "311", "Roe, Rick", 4550),
            Receipt("patient card", "4242", "Doe, Jane", 1500)]  # fmt: skip


def test_a_day_whose_deposits_equal_its_receipts_balances():
    # given the EFT credited alone and one slip for the checks, cash and the card batch
    deposits = [Deposit("EFT 144272509", 6400), Deposit("SLIP-1", 20050)]
    # when reconciled
    result = reconcile(DAY, RECEIPTS, deposits)
    # then totals by source, and no difference
    assert result.by_source == {"insurance EFT": 6400, "insurance check": 12000, "patient cash": 2000,
                                "patient check": 4550, "patient card": 1500}  # fmt: skip
    assert (result.receipts_cents, result.deposited_cents, result.difference_cents, result.balanced) == (
        26450, 26450, 0, True)  # fmt: skip


def test_a_short_deposit_and_an_eft_not_in_the_bank_are_shown():
    # given a slip $20 short and no EFT credit
    deposits = [Deposit("SLIP-1", 24050)]
    # when reconciled
    result = reconcile(DAY, RECEIPTS, deposits)
    # then the difference is -$24.00 and the EFT is named
    assert (result.difference_cents, result.balanced) == (-2400, False)
    assert [receipt.reference for receipt in result.unmatched_efts] == ["144272509"]
