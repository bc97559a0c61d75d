"""A work queue as a biller works it: filtered, sorted and cut into pages (pure; used by the
underpayments and denials pages).

    view = QueueView(payer_code="87726", min_age_days=30, sort="short", descending=True, page=2)
    shown = view.apply(items, today, UNDERPAYMENT_SORTS)     # a QueuePage: items of page 2, count, pages

- Age is in days from the date of service to `today` (the app's clock), as AR aging counts.
- Sorting is stable and always ends on the item's id, so a page never shifts between two reads.
- A page past the last one shows the last page; `per_page` is 1..200.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from revcycle.kernel.errors import ErrorCode, RevcycleError

T = TypeVar("T")
PER_PAGE = 50
MAX_PER_PAGE = 200
Key = Callable[[Any], Any]

UNDERPAYMENT_SORTS: Mapping[str, Key] = {
    "service_date": lambda item: item.service_date,
    "short": lambda item: item.difference_cents,
    "payer": lambda item: item.payer_name.lower(),
    "claim": lambda item: item.claim_control_number,
    "code": lambda item: item.procedure_code,
}


@dataclass(frozen=True, slots=True)
class QueueView:
    """What the biller asked to see: filters, the sort, and which page."""

    payer_code: str = ""
    procedure_code: str = ""
    min_age_days: int | None = None
    max_age_days: int | None = None
    sort: str = "service_date"
    descending: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    def __post_init__(self) -> None:
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise RevcycleError(ErrorCode.VALIDATION, f"page 1 or more, 1 to {MAX_PER_PAGE} per page")
        low, high = self.min_age_days, self.max_age_days
        if (low is not None and low < 0) or (high is not None and high < 0):
            raise RevcycleError(ErrorCode.VALIDATION, "an age is 0 or more days")
        if low is not None and high is not None and low > high:
            raise RevcycleError(ErrorCode.VALIDATION, f"age from {low} to {high} days: the first is larger")

    def keeps(self, item: Any, today: date) -> bool:
        """Whether an item passes the filters (payer, procedure code, age from its date of service)."""
        age = (today - item.service_date).days
        return (
            (not self.payer_code or item.payer_code == self.payer_code)
            and (not self.procedure_code or item.procedure_code == self.procedure_code.strip().upper())
            and (self.min_age_days is None or age >= self.min_age_days)
            and (self.max_age_days is None or age <= self.max_age_days)
        )

    def apply(self, items: Sequence[T], today: date, sorts: Mapping[str, Key]) -> QueuePage[T]:
        """The items kept, sorted, and the page asked for (the last one when asked past the end)."""
        if self.sort not in sorts:
            raise RevcycleError(ErrorCode.VALIDATION, f"sort by one of {', '.join(sorts)}, not {self.sort!r}")
        kept = [item for item in items if self.keeps(item, today)]
        by_id = sorted(kept, key=lambda item: item.id)
        ordered = sorted(by_id, key=sorts[self.sort], reverse=self.descending)
        pages = max(1, -(-len(ordered) // self.per_page))
        page = min(self.page, pages)
        start = (page - 1) * self.per_page
        return QueuePage(ordered[start : start + self.per_page], ordered, page, pages)


@dataclass(frozen=True, slots=True)
class QueuePage(Generic[T]):
    items: list[T]  # the page shown
    kept: list[T]  # every item the filters kept (for totals)
    page: int
    pages: int

    @property
    def count(self) -> int:
        return len(self.kept)
