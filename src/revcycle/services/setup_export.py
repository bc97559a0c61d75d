"""The practice's set-up written out as a set-up file (`revcycle setup export`): what `setup.import_practice`
reads back unchanged (every fee and contract rate version inline, users without passwords)."""

from __future__ import annotations

from typing import Any

import yaml

from revcycle.denials.appeals import ANY_CATEGORY
from revcycle.kernel.money import Money
from revcycle.payer.contract import Contract
from revcycle.practice.organization import Address
from revcycle.practice.users import User
from revcycle.services.contracts import stored_contract
from revcycle.services.practice import require_active
from revcycle.store.uow import UnitOfWork


def export_practice(uow: UnitOfWork, user: User) -> str:
    """The set-up as YAML; every value written as text, as the importer reads it."""
    with uow:
        require_active(user)
        document = _document(uow)
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


def _document(uow: UnitOfWork) -> dict[str, Any]:
    repository = uow.practice
    document: dict[str, Any] = {}
    if (profile := repository.profile()) is not None:
        document["practice"] = _compact({"name": profile.name, "phone": profile.phone,
                                         "contact_name": profile.contact_name, "email": profile.email})  # fmt: skip
    document["billing_providers"] = [
        _compact(
            {
                "name": p.name,
                "npi": p.npi,
                "tin": p.tin,
                "taxonomy": p.taxonomy,
                "phone": p.phone,
                "address": _address(p.address),
                "pay_to": _address(p.pay_to),
            }
        )  # fmt: skip
        for p in repository.billing_providers()
    ]
    document["rendering_providers"] = [
        _compact(
            {
                "first_name": p.first_name,
                "last_name": p.last_name,
                "npi": p.npi,
                "taxonomy": p.taxonomy,
                "active": "yes" if p.active else "no",
            }
        )  # fmt: skip
        for p in repository.rendering_providers()
    ]
    document["referring_providers"] = [
        _compact({"first_name": p.first_name, "last_name": p.last_name, "npi": p.npi, "taxonomy": p.taxonomy})
        for p in repository.referring_providers()
    ]
    document["facilities"] = [
        _compact(
            {
                "name": f.name,
                "place_of_service": f.place_of_service,
                "npi": f.npi or "",
                "address": _address(f.address),
            }
        )  # fmt: skip
        for f in repository.facilities()
    ]
    document["payers"] = [_payer(uow, payer) for payer in repository.payers()]
    document["fee_schedules"] = [
        _schedule(uow, summary.id, summary.name) for summary in uow.fees.schedules(uow.clock.today())
    ]
    document["users"] = [{"username": u.username, "role": u.role.value, "active": "yes" if u.active else "no"}
                         for u in uow.listings.users()]  # fmt: skip
    return {key: value for key, value in document.items() if value}


def _payer(uow: UnitOfWork, payer: Any) -> dict[str, Any]:
    entry = _compact({
        "payer_id": payer.payer_code, "name": payer.name, "filing_indicator": payer.claim_filing_indicator.value,
        "timely_filing_days": str(payer.timely_filing_days),
        "appeal_days": str(uow.appeals.windows(payer.id).get(ANY_CATEGORY, "")),
        "phone": payer.phone, "route": payer.route, "active": "yes" if payer.active else "no",
        "claims_address": _address(payer.claims_address),
        "plans": [_compact({"name": plan.name, "type": plan.plan_type}) for plan in uow.practice.plans(payer.id)],
    })  # fmt: skip
    if (contract := stored_contract(uow, payer.id)) is not None:
        entry["contract"] = _contract(contract)
    return entry


def _contract(contract: Contract) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "percent_of_charge": "" if contract.percent_of_charge is None else str(contract.percent_of_charge),
        "multiple_procedure_percent": str(contract.multiple_procedure_percent),
        "apply_ncci": "yes" if contract.apply_ncci else "no",
    }
    for key in (
        "non_covered_codes",
        "prior_authorization_codes",
        "bundled_codes",
        "multiple_procedure_codes",
    ):
        terms[key] = sorted(getattr(contract, key))
    terms["rates"] = [
        _compact(
            {
                "code": r.code,
                "modifier": r.modifier,
                "allowed": _dollars(r.allowed_cents),
                "effective_from": r.effective_from.isoformat(),
                "effective_to": r.effective_to.isoformat() if r.effective_to else "",
            }
        )  # fmt: skip
        for r in contract.rates
    ]
    return _compact(terms)


def _schedule(uow: UnitOfWork, schedule_id: int, name: str) -> dict[str, Any]:
    fees = [
        _compact(
            {
                "code": f.code,
                "modifier": f.modifier,
                "amount": _dollars(f.amount_cents),
                "effective_from": f.effective_from.isoformat(),
                "effective_to": f.effective_to.isoformat() if f.effective_to else "",
            }
        )  # fmt: skip
        for f in uow.fees.versions(schedule_id)
    ]
    return {"name": name, "fees": fees}


def _dollars(cents: int) -> str:
    return str(Money(cents).to_decimal())


def _address(address: Address | None) -> dict[str, str] | None:
    if address is None:
        return None
    return _compact({"line1": address.line1, "line2": address.line2, "city": address.city, "state": address.state,
                     "zip": address.zip_code})  # fmt: skip


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """The fields that have a value (an empty text, list or None is left out: the importer's default)."""
    return {key: value for key, value in values.items() if value not in (None, "", [])}
