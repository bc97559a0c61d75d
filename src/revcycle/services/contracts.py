"""The practice's copy of its contracts with payers, edited as a manager would: the terms (percent of
charge, multiple-procedure rules, non-covered, prior-authorization and bundled codes) and the expected
allowed per code, each rate versioned by effective date (`payer.contract.with_rate`: a new rate ends the
one in force that day, history kept). Stored in `payer_contracts` (the terms as JSON), which the
underpayment check reads; every change needs `edit_practice` and is audited.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract, FeeScheduleRate, with_rate
from revcycle.payer.contract_file import contract_from_dict, contract_to_dict
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.practice import require_active
from revcycle.services.setup_values import Problems
from revcycle.store.uow import UnitOfWork


def _payer_id(uow: UnitOfWork, payer_code: str) -> int:
    payer = uow.practice.payer_by_code(payer_code)
    if payer is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no payer with payer id {payer_code}")
    return payer.id or 0


def stored_contract(uow: UnitOfWork, payer_id: int) -> Contract | None:
    terms = uow.underpayments.contract_terms().get(payer_id)
    return None if terms is None else contract_from_dict(json.loads(terms))


def payer_contract(uow: UnitOfWork, user: User, payer_code: str) -> Contract | None:
    """The practice's copy of its contract with the payer, every rate version kept; None when there is none."""
    with uow:
        require_active(user)
        return stored_contract(uow, _payer_id(uow, payer_code))


def merge_contract(uow: UnitOfWork, user: User, payer_id: int, terms: Contract | None,
                   rates: Sequence[tuple[str, int, FeeScheduleRate]], problems: Problems, source: str) -> bool:  # fmt: skip
    """The stored contract with `terms` (rates aside; None keeps the stored terms) and each rate placed in
    order; a refused rate is recorded, located, in `problems`. True when anything changed (then audited)."""
    stored = stored_contract(uow, payer_id)
    base = stored or Contract()
    contract = base if terms is None else replace(terms, rates=base.rates)
    placed = 0
    for rate_source, line, rate in rates:
        try:
            updated = with_rate(contract, rate)
        except RevcycleError as error:
            problems.found.append(f"{rate_source}:{line}: contract rate {rate.code}: {error.message}")
            continue
        if updated is not None:
            contract, placed = updated, placed + 1
    if contract == stored or (stored is None and contract == Contract()):
        return False
    uow.underpayments.set_contract(payer_id, json.dumps(contract_to_dict(contract), sort_keys=True), source,
                                   uow.clock.now())  # fmt: skip
    audit.record(uow, user, audit.Action.CHANGE, "payer_contract", payer_id,
                 f"{placed} rate versions placed from {source[:200] or 'the form'}")  # fmt: skip
    return True


def set_contract_rate(uow: UnitOfWork, user: User, payer_code: str, rate: FeeScheduleRate) -> bool:
    """A new expected allowed for a code from a date (the rate in force that day ends the day before).
    False when that rate is already in force; CONFLICT when another rate starts that day."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        problems = Problems("form")
        changed = merge_contract(
            uow, user, _payer_id(uow, payer_code), None, [("form", 0, rate)], problems, "form"
        )
        if problems.found:
            raise RevcycleError(ErrorCode.CONFLICT, problems.found[0].removeprefix("form:0: "))
        return changed


def save_contract_terms(uow: UnitOfWork, user: User, payer_code: str, terms: Contract) -> bool:
    """The contract's terms (percent of charge, code lists, multiple-procedure percent); its rates are kept."""
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        return merge_contract(uow, user, _payer_id(uow, payer_code), terms, [], Problems("form"), "form")
