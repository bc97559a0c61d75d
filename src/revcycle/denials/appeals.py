"""Appeals of denials: the payer's appeal window per category, the appeal's lifecycle, its outcome.

    deadline = appeal_deadline(Category.AUTHORIZATION, date(2026, 3, 19))          # + 180 days
    deadline = appeal_deadline(category, denied_on, {"authorization": 60, "*": 90})  # a payer's own windows
    appeal = advance(appeal, AppealStatus.SENT, on=date(2026, 3, 25))
    outcome_of(paid_cents=39200, denied_cents=0) -> AppealStatus.WON

Lifecycle (`TRANSITIONS`): drafted -> sent | withdrawn; sent -> won | partially_won | upheld | withdrawn;
the last four are final (a second-level appeal is a new appeal with `level` 2).
Pure: no database; the services store appeals and feed them the payer's later adjudication.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError, check_transition


@dataclass(frozen=True, slots=True)
class AppealPolicy:
    window_days: int  # days after the denial (the 835's payment date) the payer accepts an appeal
    appeal_first: (
        bool  # True when an appeal is the next action, False when a corrected claim (or a call) comes first
    )


# Defaults when the payer set no window of its own: commercial payers commonly allow 180 days for
# clinical appeals (medical necessity, authorization) and 90 for administrative reconsiderations.
POLICIES: dict[Category, AppealPolicy] = {
    Category.MEDICAL_NECESSITY: AppealPolicy(180, True),
    Category.AUTHORIZATION: AppealPolicy(180, True),
    Category.TIMELY_FILING: AppealPolicy(90, True),
    Category.BUNDLING: AppealPolicy(90, False),
    Category.CODING: AppealPolicy(90, False),
    Category.ELIGIBILITY: AppealPolicy(90, False),
    Category.DUPLICATE: AppealPolicy(90, False),
    Category.NON_COVERED: AppealPolicy(180, False),  # a benefit question: the patient or a write-off first
    Category.MISSING_INFORMATION: AppealPolicy(90, False),  # a corrected claim, never an appeal first
    Category.PATIENT_RESPONSIBILITY: AppealPolicy(90, False),
    Category.OTHER: AppealPolicy(90, False),
}
ANY_CATEGORY = "*"  # a payer window that applies to every category without one of its own


def appeal_window_days(category: Category, payer_windows: Mapping[str, int] | None = None) -> int:
    """The payer's window for the category, else its window for any category, else our default."""
    windows = payer_windows or {}
    if category.value in windows:
        return windows[category.value]
    if ANY_CATEGORY in windows:
        return windows[ANY_CATEGORY]
    return POLICIES[category].window_days


def appeal_deadline(
    category: Category, denied_on: date, payer_windows: Mapping[str, int] | None = None
) -> date:
    """The last day the payer accepts the appeal: the denial date plus the window."""
    return denied_on + timedelta(days=appeal_window_days(category, payer_windows))


def appeal_is_next_action(category: Category) -> bool:
    return POLICIES[category].appeal_first


def main_category(denied: list[tuple[Category, int]]) -> Category:
    """The category an appeal argues: the one with the largest denied amount (first listed on a tie)."""
    if not denied:
        raise RevcycleError(ErrorCode.VALIDATION, "an appeal needs at least one denial")
    totals: dict[Category, int] = {}
    for category, cents in denied:
        totals[category] = totals.get(category, 0) + cents
    return max(totals, key=lambda category: totals[category])


class AppealStatus(StrEnum):
    DRAFTED = "drafted"
    SENT = "sent"
    WON = "won"
    PARTIALLY_WON = "partially_won"
    UPHELD = "upheld"
    WITHDRAWN = "withdrawn"


A = AppealStatus
TRANSITIONS: dict[AppealStatus, frozenset[AppealStatus]] = {
    A.DRAFTED: frozenset({A.SENT, A.WITHDRAWN}),
    A.SENT: frozenset({A.WON, A.PARTIALLY_WON, A.UPHELD, A.WITHDRAWN}),
    A.WON: frozenset(),
    A.PARTIALLY_WON: frozenset(),
    A.UPHELD: frozenset(),
    A.WITHDRAWN: frozenset(),
}
OPEN = frozenset({A.DRAFTED, A.SENT})
OUTCOMES = frozenset({A.WON, A.PARTIALLY_WON, A.UPHELD})


@dataclass(frozen=True, slots=True)
class Appeal:
    claim_control_number: str
    category: Category
    denied_on: date
    deadline: date
    denied_cents: int
    status: AppealStatus = AppealStatus.DRAFTED
    level: int = 1
    note: str = ""
    sent_on: date | None = None
    decided_on: date | None = None
    recovered_cents: int | None = None  # what the payer paid on the claim when it decided the appeal
    id: int | None = None

    def days_to_deadline(self, today: date) -> int:
        return (self.deadline - today).days

    def is_overdue(self, today: date) -> bool:
        """Not yet sent and the payer's window has closed."""
        return self.status is AppealStatus.DRAFTED and today > self.deadline

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


def can_transition(current: AppealStatus, target: AppealStatus) -> bool:
    return target in TRANSITIONS[current]


def advance(appeal: Appeal, target: AppealStatus, on: date, recovered_cents: int | None = None) -> Appeal:
    """The appeal in `target` status, or ILLEGAL_TRANSITION. Sending dates `sent_on`; an outcome `decided_on`."""
    target = AppealStatus(target)
    check_transition(TRANSITIONS, appeal.status, target, f"appeal {appeal.id}", "none (final)")
    if target is AppealStatus.SENT:
        return replace(appeal, status=target, sent_on=on)
    return replace(appeal, status=target, decided_on=on, recovered_cents=recovered_cents)


def outcome_of(paid_cents: int, denied_cents: int) -> AppealStatus:
    """The outcome a later adjudication of the appealed claim says: nothing denied any more -> won;
    paid but still something denied -> partially won; nothing paid and still denied -> upheld."""
    if denied_cents <= 0:
        return AppealStatus.WON
    if paid_cents > 0:
        return AppealStatus.PARTIALLY_WON
    return AppealStatus.UPHELD
