"""Appeal deadlines per denial category and payer, the appeal lifecycle, and outcomes from a later 835."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.denials.appeals import (
    TRANSITIONS,
    Appeal,
    AppealStatus,
    advance,
    appeal_deadline,
    appeal_is_next_action,
    appeal_window_days,
    main_category,
    outcome_of,
)
from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError

DENIED = date(2026, 3, 19)


def _appeal(status: AppealStatus = AppealStatus.DRAFTED) -> Appeal:
    return Appeal("E1-1", Category.AUTHORIZATION, DENIED, date(2026, 9, 15), 90000, status, id=7)


@pytest.mark.parametrize(
    ("category", "deadline"),
    [
        (Category.MEDICAL_NECESSITY, date(2026, 9, 15)),
        (Category.AUTHORIZATION, date(2026, 9, 15)),
        (Category.TIMELY_FILING, date(2026, 6, 17)),
        (Category.BUNDLING, date(2026, 6, 17)),
        (Category.OTHER, date(2026, 6, 17)),
    ],
)
def test_default_deadline_is_the_denial_date_plus_the_category_window(category, deadline):
    # given a denial on 2026-03-19 and a payer with no window of its own
    # when the deadline is computed / then clinical denials get 180 days, administrative ones 90
    assert appeal_deadline(category, DENIED) == deadline


def test_a_payer_window_overrides_the_default_per_category_then_for_any_category():
    # given a payer allowing 60 days for authorization and 120 for everything else
    windows = {"authorization": 60, "*": 120}
    # when / then
    assert appeal_window_days(Category.AUTHORIZATION, windows) == 60
    assert appeal_deadline(Category.AUTHORIZATION, DENIED, windows) == date(2026, 5, 18)
    assert appeal_deadline(Category.MEDICAL_NECESSITY, DENIED, windows) == date(2026, 7, 17)
    assert appeal_window_days(Category.BUNDLING, {"authorization": 60}) == 90


def test_appeal_is_the_next_action_for_clinical_and_filing_denials_only():
    # given each category / then an appeal comes first where a corrected claim cannot help
    first = {category for category in Category if appeal_is_next_action(category)}
    assert first == {Category.MEDICAL_NECESSITY, Category.AUTHORIZATION, Category.TIMELY_FILING}


def test_the_main_category_is_the_one_with_the_largest_denied_amount():
    # given a $120 bundling denial and two medical necessity lines of $50 and $90
    denied = [
        (Category.BUNDLING, 12000),
        (Category.MEDICAL_NECESSITY, 5000),
        (Category.MEDICAL_NECESSITY, 9000),
    ]
    # when / then medical necessity ($140) is argued
    assert main_category(denied) is Category.MEDICAL_NECESSITY
    with pytest.raises(RevcycleError) as error:
        main_category([])
    assert error.value.code is ErrorCode.VALIDATION


def test_the_lifecycle_table():
    # given the transition table / then drafted -> sent|withdrawn, sent -> an outcome or withdrawn, the rest final
    assert TRANSITIONS[AppealStatus.DRAFTED] == {AppealStatus.SENT, AppealStatus.WITHDRAWN}
    assert TRANSITIONS[AppealStatus.SENT] == {
        AppealStatus.WON, AppealStatus.PARTIALLY_WON, AppealStatus.UPHELD, AppealStatus.WITHDRAWN}  # fmt: skip
    final = [status for status, targets in TRANSITIONS.items() if not targets]
    assert final == [
        AppealStatus.WON,
        AppealStatus.PARTIALLY_WON,
        AppealStatus.UPHELD,
        AppealStatus.WITHDRAWN,
    ]


def test_sending_then_winning_dates_each_step():
    # given a drafted appeal
    # when it is sent on 03/25 and won on 04/28 with $392.00 paid
    sent = advance(_appeal(), AppealStatus.SENT, date(2026, 3, 25))
    won = advance(sent, AppealStatus.WON, date(2026, 4, 28), 39200)
    # then
    assert (sent.status, sent.sent_on, sent.decided_on) == ("sent", date(2026, 3, 25), None)
    assert (won.status, won.sent_on, won.decided_on, won.recovered_cents) == (
        "won", date(2026, 3, 25), date(2026, 4, 28), 39200)  # fmt: skip
    assert not won.is_open


def test_a_draft_cannot_be_won_and_a_final_appeal_cannot_move():
    # given a draft and an upheld appeal / when moved against the table / then ILLEGAL_TRANSITION
    with pytest.raises(RevcycleError) as error:
        advance(_appeal(), AppealStatus.WON, DENIED)
    assert error.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert error.value.message == "appeal 7: cannot go from drafted to won; allowed: sent, withdrawn"
    with pytest.raises(RevcycleError, match="cannot go from upheld to sent; allowed: none"):
        advance(_appeal(AppealStatus.UPHELD), AppealStatus.SENT, DENIED)


@pytest.mark.parametrize(
    ("paid", "denied", "outcome"),
    [
        (39200, 0, AppealStatus.WON),  # paid in full
        (0, 0, AppealStatus.WON),  # overturned, all of it the patient's deductible
        (13000, 4000, AppealStatus.PARTIALLY_WON),  # paid partly, one line still denied
        (0, 90000, AppealStatus.UPHELD),  # denied again
    ],
)
def test_outcome_from_the_later_adjudication(paid, denied, outcome):
    assert outcome_of(paid, denied) is outcome


def test_days_to_deadline_and_overdue():
    # given a draft due 2026-09-15
    appeal = _appeal()
    # then 175 days are left on 03/24; on 09/16 it is overdue; a sent appeal is never overdue
    assert appeal.days_to_deadline(date(2026, 3, 24)) == 175
    assert (appeal.is_overdue(date(2026, 9, 15)), appeal.is_overdue(date(2026, 9, 16))) == (False, True)
    assert advance(appeal, AppealStatus.SENT, date(2026, 9, 1)).is_overdue(date(2026, 9, 16)) is False
