"""A work queue filtered, sorted and paged (reports.worklist), on underpayment items."""

from datetime import date

import pytest

from revcycle.kernel.errors import RevcycleError
from revcycle.reports.underpayments import UnderpaymentItem
from revcycle.reports.worklist import UNDERPAYMENT_SORTS, QueueView

TODAY = date(2026, 4, 15)


def item(number, payer, code, service_date, short):
    return UnderpaymentItem(number, payer, {"87726": "Acme Health", "55555": "Second Health"}[payer], f"E{number}-1",
                            code, (), service_date, 1, 10000, 10000 - short, 8000, short, "open", TODAY)  # fmt: skip


ITEMS = [
    item(1, "87726", "99214", date(2026, 1, 10), 300),  # 95 days old
    item(2, "87726", "99213", date(2026, 3, 1), 150),  # 45 days
    item(3, "55555", "99214", date(2026, 4, 5), 300),  # 10 days
    item(4, "87726", "99214", date(2026, 2, 14), 900),  # 60 days
    item(5, "55555", "83036", date(2026, 3, 16), 50),  # 30 days
]


def test_the_default_view_is_every_item_oldest_service_first_on_one_page():
    shown = QueueView().apply(ITEMS, TODAY, UNDERPAYMENT_SORTS)
    assert [i.id for i in shown.items] == [1, 4, 2, 5, 3]
    assert (shown.page, shown.pages, shown.count) == (1, 1, 5)


def test_filters_keep_a_payer_a_code_and_an_age_range_in_days_from_the_service():
    # given Acme's 99214 lines 30 to 90 days old / when / then only line 4 (60 days) is kept
    view = QueueView(payer_code="87726", procedure_code="99214", min_age_days=30, max_age_days=90)
    assert [i.id for i in view.apply(ITEMS, TODAY, UNDERPAYMENT_SORTS).items] == [4]
    # and an age range alone keeps both edges (30 and 45 days)
    assert [i.id for i in QueueView(min_age_days=30, max_age_days=45).apply(ITEMS, TODAY, UNDERPAYMENT_SORTS).items] == [2, 5]


def test_sorting_by_the_amount_short_largest_first_breaks_ties_by_id():
    shown = QueueView(sort="short", descending=True).apply(ITEMS, TODAY, UNDERPAYMENT_SORTS)
    assert [(i.id, i.difference_cents) for i in shown.items] == [(4, 900), (1, 300), (3, 300), (2, 150), (5, 50)]


def test_pages_of_two_and_a_page_past_the_end_shows_the_last():
    # given pages of two, sorted by claim
    second = QueueView(sort="claim", page=2, per_page=2).apply(ITEMS, TODAY, UNDERPAYMENT_SORTS)
    past = QueueView(sort="claim", page=9, per_page=2).apply(ITEMS, TODAY, UNDERPAYMENT_SORTS)
    # then page 2 holds the third and fourth, the totals still see all five, and page 9 is page 3
    assert ([i.id for i in second.items], second.pages, len(second.kept)) == ([3, 4], 3, 5)
    assert ([i.id for i in past.items], past.page) == ([5], 3)


def test_a_wrong_sort_page_or_age_range_is_refused_with_the_reason():
    with pytest.raises(RevcycleError, match="sort by one of service_date, short, payer, claim, code, not 'amount'"):
        QueueView(sort="amount").apply(ITEMS, TODAY, UNDERPAYMENT_SORTS)
    with pytest.raises(RevcycleError, match="page 1 or more"):
        QueueView(page=0)
    with pytest.raises(RevcycleError, match="age from 90 to 30 days: the first is larger"):
        QueueView(min_age_days=90, max_age_days=30)
