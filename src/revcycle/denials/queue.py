"""The denials work queue: denied line items grouped by category, oldest and largest first.

queue = WorkQueue.of(items)           # items: DenialItem values (from `services.remittances`)
queue.groups() -> [(Category, [DenialItem...], total_cents)], in `Category` order
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revcycle.denials.categories import Category, categorize, next_action


@dataclass(frozen=True, slots=True)
class DenialItem:
    claim_control_number: str
    procedure_code: str
    group: str
    carc: str
    amount_cents: int
    denied_on: date
    remarks: tuple[str, ...] = ()
    payer: str = ""
    id: int | None = None

    @property
    def category(self) -> Category:
        return categorize(self.group, self.carc, self.remarks)

    @property
    def next_action(self) -> str:
        return next_action(self.category)


@dataclass(slots=True)
class WorkQueue:
    items: list[DenialItem] = field(default_factory=list)

    @classmethod
    def of(cls, items: list[DenialItem]) -> WorkQueue:
        return cls(
            sorted(items, key=lambda item: (item.denied_on, -item.amount_cents, item.claim_control_number))
        )

    def groups(self) -> list[tuple[Category, list[DenialItem], int]]:
        found = []
        for category in Category:
            members = [item for item in self.items if item.category is category]
            if members:
                found.append((category, members, sum(item.amount_cents for item in members)))
        return found
