"""Payment plans as pure values: the schedule, the status table, payments applied in order, missed
installments and default, and what a statement asks for. Exact cents; hypothesis for the sums."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.statements.plans import (
    TRANSITIONS,
    Frequency,
    PlanPayment,
    PlanSettings,
    PlanStatus,
    add_months,
    allocation,
    apply_payment,
    flag_missed,
    missed_installments,
    new_plan,
    paid_by_installment,
    plan_due,
    schedule_amounts,
    transition,
)

JAN31 = date(2026, 1, 31)


def test_the_remainder_cents_go_on_the_last_installment():
    # given $1,000.00 over 3, $200.00 over 3, $250.00 in $60.00 installments / when / then
    assert schedule_amounts(100000, installments=3) == (33333, 33333, 33334)
    assert schedule_amounts(20000, installments=3) == (6667, 6667, 6666)  # 66.666.. rounds half-up once
    assert schedule_amounts(25000, installment_cents=6000) == (6000, 6000, 6000, 6000, 1000)
    assert schedule_amounts(24000, installment_cents=6000) == (6000, 6000, 6000, 6000)


@pytest.mark.parametrize(
    ("total", "count", "amount", "code"),
    [
        (2, 3, None, ErrorCode.VALIDATION),  # 0.67 cents each rounds to 1: the last would be 0
        (1000, None, None, ErrorCode.VALIDATION),  # neither given
        (1000, 2, 500, ErrorCode.VALIDATION),  # both given
        (1000, 0, None, ErrorCode.VALIDATION),
        (0, 2, None, ErrorCode.INVALID_AMOUNT),
        (100000, 121, None, ErrorCode.VALIDATION),
        (1000, None, -5, ErrorCode.INVALID_AMOUNT),
    ],
)
def test_a_schedule_that_cannot_be_made_is_refused(total, count, amount, code):
    # given an impossible schedule / when it is asked for / then a typed error
    with pytest.raises(RevcycleError) as refused:
        schedule_amounts(total, count, amount)
    assert refused.value.code is code


def test_due_dates_by_frequency_keep_the_day_of_the_month_when_they_can():
    # given a plan due monthly from Jan 31 / when / then Feb is clamped, March keeps the 31st
    plan = new_plan(7, 40000, JAN31, installments=4)
    assert [(i.number, i.due_date, i.amount_cents) for i in plan.installments] == [
        (1, date(2026, 1, 31), 10000), (2, date(2026, 2, 28), 10000),
        (3, date(2026, 3, 31), 10000), (4, date(2026, 4, 30), 10000)]  # fmt: skip
    weekly = new_plan(7, 3000, date(2026, 12, 28), Frequency.WEEKLY, installments=2)
    biweekly = new_plan(7, 3000, date(2026, 12, 28), Frequency.BIWEEKLY, installments=2)
    assert [i.due_date for i in weekly.installments] == [date(2026, 12, 28), date(2027, 1, 4)]
    assert [i.due_date for i in biweekly.installments] == [date(2026, 12, 28), date(2027, 1, 11)]
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_payments_fill_installments_in_order_and_complete_the_plan():
    # given $300.00 in 3 monthly installments
    plan = new_plan(7, 30000, date(2026, 4, 1), installments=3)
    # when $150.00 then $150.00 are paid
    assert allocation(plan, 15000) == ((1, 10000), (2, 5000))
    half = apply_payment(plan, PlanPayment(date(2026, 4, 1), 15000))
    paid = apply_payment(half, PlanPayment(date(2026, 5, 20), 15000))
    # then the first fills installment 1 and half of 2; the second finishes the plan
    assert (paid_by_installment(half), half.remaining_cents(), half.status) == (
        (10000, 5000, 0),
        15000,
        "active",
    )
    assert (paid_by_installment(paid), paid.remaining_cents(), paid.status) == (
        (10000, 10000, 10000),
        0,
        "completed",
    )
    assert paid_by_installment(paid, as_of=date(2026, 5, 1)) == (10000, 5000, 0)


def test_a_payment_is_never_applied_beyond_the_plan_and_closed_plans_take_none():
    # given a $300.00 plan with $250.00 paid
    plan = apply_payment(
        new_plan(7, 30000, date(2026, 4, 1), installments=3), PlanPayment(date(2026, 4, 1), 25000)
    )
    # when $60.00 is offered / then it is refused: $50.00 is left
    with pytest.raises(RevcycleError, match="more than the 5000 cents left") as too_much:
        apply_payment(plan, PlanPayment(date(2026, 4, 2), 6000))
    assert too_much.value.code is ErrorCode.VALIDATION
    # and a cancelled plan takes nothing
    with pytest.raises(RevcycleError, match="cancelled: it takes no payments"):
        apply_payment(transition(plan, PlanStatus.CANCELLED), PlanPayment(date(2026, 4, 2), 100))


def test_the_status_table_allows_only_its_moves():
    # given every pair of statuses / when a move is tried / then only the table's moves succeed
    plan = new_plan(7, 30000, date(2026, 4, 1), installments=3)
    assert TRANSITIONS[PlanStatus.ACTIVE] == {"completed", "defaulted", "cancelled"}
    assert (
        transition(transition(plan, PlanStatus.DEFAULTED), PlanStatus.CANCELLED).status
        is PlanStatus.CANCELLED
    )
    for closed in (PlanStatus.COMPLETED, PlanStatus.CANCELLED):
        with pytest.raises(RevcycleError) as refused:
            transition(transition(plan, closed), PlanStatus.ACTIVE)
        assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    with pytest.raises(RevcycleError, match="a defaulted plan cannot become active"):
        transition(transition(plan, PlanStatus.DEFAULTED), PlanStatus.ACTIVE)


def test_an_installment_is_missed_after_its_grace_days_and_a_late_payment_does_not_undo_it():
    # given $300.00 from Apr 1, installment 1 paid on time, installment 2 (May 1) paid late on May 20
    plan = new_plan(7, 30000, date(2026, 4, 1), installments=3)
    plan = apply_payment(plan, PlanPayment(date(2026, 4, 1), 10000))
    # when checked on the last day of grace (May 11) and the day after / then missed from May 12
    assert missed_installments(plan, date(2026, 5, 11), grace_days=10) == ()
    assert [(i.number, i.missed_on) for i in missed_installments(plan, date(2026, 5, 12), 10)] == [
        (2, date(2026, 5, 12))
    ]
    late = apply_payment(plan, PlanPayment(date(2026, 5, 20), 10000))
    assert [i.number for i in missed_installments(late, date(2026, 6, 1), 10)] == [2]


def test_flagging_marks_the_misses_and_defaults_the_plan_at_the_setting():
    # given $300.00 from Apr 1 and nothing paid
    plan = new_plan(7, 30000, date(2026, 4, 1), installments=3)
    settings = PlanSettings(grace_days=5, default_after_missed=2)
    # when flagged on Apr 20, then on May 7
    once = flag_missed(plan, date(2026, 4, 20), settings)
    twice = flag_missed(once, date(2026, 5, 7), settings)
    # then one miss leaves it active; the second defaults it; a defaulted plan is still flagged
    assert ([(i.number, i.missed_on) for i in once.missed], once.status) == (
        [(1, date(2026, 4, 7))],
        "active",
    )
    assert ([i.number for i in twice.missed], twice.status) == ([1, 2], "defaulted")
    later = flag_missed(twice, date(2026, 9, 1), settings)
    assert ([(i.number, i.missed_on) for i in later.missed], later.status) == (
        [(1, date(2026, 4, 7)), (2, date(2026, 5, 7)), (3, date(2026, 6, 7))], "defaulted")  # fmt: skip
    # and a cancelled plan is left as it is
    cancelled = transition(plan, PlanStatus.CANCELLED)
    assert flag_missed(cancelled, date(2026, 9, 1), settings) == cancelled


def test_a_statement_asks_for_the_past_due_and_the_next_installment():
    # given $300.00 from Apr 1, $50.00 paid on Apr 3
    plan = apply_payment(
        new_plan(7, 30000, date(2026, 4, 1), installments=3), PlanPayment(date(2026, 4, 3), 5000)
    )
    # when a statement is dated May 10 / then $50.00 of Apr 1 and $100.00 of May 1 are past due, Jun 1 is next
    due = plan_due(plan, date(2026, 5, 10))
    assert (due.past_due_cents, due.next_due, due.next_cents, due.due_now_cents, due.remaining_cents) == (
        15000, date(2026, 6, 1), 10000, 25000, 25000)  # fmt: skip
    # and before the first due date only the first installment is asked for
    early = plan_due(plan, date(2026, 3, 20))
    assert (early.past_due_cents, early.next_due, early.due_now_cents, early.remaining_cents) == (
        0, date(2026, 4, 1), 10000, 30000)  # fmt: skip


@given(total=st.integers(1, 10_000_000), count=st.integers(1, 120))
def test_a_schedule_by_count_sums_to_the_total(total, count):
    # given any total and count / when the schedule can be made / then it sums to the total exactly
    try:
        amounts = schedule_amounts(total, installments=count)
    except RevcycleError as refused:
        assert refused.code is ErrorCode.VALIDATION and total < count * count  # rounding ate the last
        return
    assert sum(amounts) == total and len(amounts) == count
    assert all(a > 0 for a in amounts) and len(set(amounts[:-1])) <= 1


@given(total=st.integers(1, 1_000_000), each=st.integers(1, 1_000_000))
def test_a_schedule_by_amount_sums_to_the_total_with_a_smaller_last(total, each):
    # given any total and installment amount / when the schedule can be made / then the last is the remainder
    try:
        amounts = schedule_amounts(total, installment_cents=each)
    except RevcycleError as refused:
        assert refused.code is ErrorCode.VALIDATION and total > 120 * each
        return
    assert sum(amounts) == total and all(a == each for a in amounts[:-1]) and 0 < amounts[-1] <= each


@given(total=st.integers(100, 1_000_000), count=st.integers(1, 24),
       payments=st.lists(st.integers(1, 300_000), max_size=12))  # fmt: skip
def test_payments_are_never_over_applied(total, count, payments):
    # given a plan and a run of payments, each refused when it is more than what is left
    plan = new_plan(1, total, date(2026, 1, 1), installments=min(count, math.isqrt(total)))
    for cents in payments:
        if cents > plan.remaining_cents():
            with pytest.raises(RevcycleError):
                apply_payment(plan, PlanPayment(date(2026, 1, 1), cents))
            continue
        plan = apply_payment(plan, PlanPayment(date(2026, 1, 1), cents))
    # then no installment got more than its amount and the paid parts sum to what was accepted
    paid = paid_by_installment(plan)
    assert all(0 <= p <= i.amount_cents for p, i in zip(paid, plan.installments, strict=True))
    assert sum(paid) == plan.paid_cents() <= total
    assert (plan.status is PlanStatus.COMPLETED) == (plan.remaining_cents() == 0)
