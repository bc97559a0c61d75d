"""What the patient account page adds to the ledger, in one read: the balances owed per claim line (what the
write-off and transfer forms choose from), the statements sent to the patient's guarantor account, the
write-off kinds this user may use, and the payers a balance can move to.

    extras = account_extras(uow, user, patient_id)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from revcycle.ledger.adjustments import WRITE_OFF_RULES, WriteOffKind
from revcycle.practice import Payer
from revcycle.practice.users import Permission, User
from revcycle.services.adjustments import OpenBalance, open_balances
from revcycle.store.uow import UnitOfWork

_PATIENTS = re.compile(r"patients=([0-9,]+)")
_PRINTED = re.compile(r"statement (\d{4}-\d\d-\d\d)")


@dataclass(frozen=True, slots=True)
class StatementSent:
    account: str  # the guarantor account: P<id> or G<id>
    on: date


@dataclass(frozen=True, slots=True)
class AccountExtras:
    balances: list[OpenBalance]
    statements: list[StatementSent]
    write_off_kinds: list[tuple[str, str]]  # (kind, label) the user may use
    payers: list[Payer]  # every payer, for a transfer to the next payer
    claim_numbers: dict[int, str]  # claim row id -> claim number, for the ledger's claims


def account_extras(uow: UnitOfWork, user: User, patient_id: int, claim_ids: list[int]) -> AccountExtras:
    with uow:
        user.require(Permission.READ_LEDGER)
        balances = open_balances(uow, user, patient_id)
        kinds = [
            (kind.value, rule.label) for kind, rule in WRITE_OFF_RULES.items() if user.can(rule.permission)
        ]
        payers = sorted(uow.practice.payers(), key=lambda payer: payer.name)
        numbers = uow.posting.claim_numbers(claim_ids)
        return AccountExtras(balances, _statements(uow, patient_id), kinds, payers, numbers)


def _statements(uow: UnitOfWork, patient_id: int) -> list[StatementSent]:
    """The statements whose audit row names this patient (a family's statement names every member)."""
    sent = []
    for event in uow.audit.events("statement"):
        listed = _PATIENTS.search(event.detail or "")
        if event.action != "create" or listed is None or str(patient_id) not in listed.group(1).split(","):
            continue
        printed = _PRINTED.search(event.detail or "")
        sent.append(
            StatementSent(
                str(event.entity_id),
                date.fromisoformat(printed.group(1)) if printed else event.occurred_at.date(),
            )
        )
    return sorted(set(sent), key=lambda s: (s.on, s.account))


__all__ = ["AccountExtras", "StatementSent", "WriteOffKind", "account_extras"]
