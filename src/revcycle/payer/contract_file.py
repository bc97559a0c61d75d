"""A contract as JSON: the "contract" of a payer configuration file, and the practice's stored copy.

    payer_code, contract = load_contract(Path("acme.json"))     # what `revcycle reports underpayments --contract` reads
    terms = contract_to_dict(contract); contract_from_dict(terms) == contract

{"payer_id": "87726", ...,
 "contract": {"rates": [{"code": "99213", "allowed_cents": 9000, "modifier": "",
                         "effective_from": "2026-01-01", "effective_to": null}],
              "percent_of_charge": "60", "non_covered_codes": ["97810"],
              "prior_authorization_codes": ["72148"], "bundled_codes": ["36415"],
              "multiple_procedure_codes": ["11720"], "multiple_procedure_percent": "50",
              "timely_filing_days": 180, "apply_ncci": true}}
The rest of a payer configuration (plans, members, the simulated payer's behaviour such as
"pays_percent_of_contract") is the payer simulator's (`simulator.config_file`) and is not read here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract, FeeScheduleRate

T = TypeVar("T")


def read_payer_file(path: Path, parse: Callable[[dict], T]) -> T:
    """`parse` of the JSON in `path`: NOT_FOUND when it cannot be read, VALIDATION when it is not a payer
    configuration."""
    try:
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot read {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError, InvalidOperation) as error:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{path}: not a payer configuration ({type(error).__name__}: {error})"
        ) from error


def load_contract(path: Path) -> tuple[str, Contract]:
    """The payer id ("payer_id") and the "contract" of a payer configuration file."""
    return read_payer_file(path, lambda data: (str(data["payer_id"]), contract_from_dict(data.get("contract", {}))))


def iso_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def decimal_or_none(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def contract_from_dict(contract_data: dict) -> Contract:
    """The "contract" part of a payer configuration (also the practice's stored copy of a contract)."""
    rates = tuple(
        FeeScheduleRate(
            r["code"],
            int(r["allowed_cents"]),
            r.get("modifier", ""),
            iso_day(r.get("effective_from")) or date(2000, 1, 1),
            iso_day(r.get("effective_to")),
        )  # fmt: skip
        for r in contract_data.get("rates", [])
    )
    return Contract(
        rates=rates,
        percent_of_charge=decimal_or_none(contract_data.get("percent_of_charge")),
        non_covered_codes=frozenset(contract_data.get("non_covered_codes", [])),
        prior_authorization_codes=frozenset(contract_data.get("prior_authorization_codes", [])),
        bundled_codes=frozenset(contract_data.get("bundled_codes", [])),
        multiple_procedure_codes=frozenset(contract_data.get("multiple_procedure_codes", [])),
        multiple_procedure_percent=Decimal(str(contract_data.get("multiple_procedure_percent", 50))),
        timely_filing_days=int(contract_data.get("timely_filing_days", 365)),
        apply_ncci=bool(contract_data.get("apply_ncci", True)),
    )


def contract_to_dict(contract: Contract) -> dict:
    """The JSON form of what the contract says."""
    rates = [{"code": r.code, "allowed_cents": r.allowed_cents, "modifier": r.modifier,
              "effective_from": r.effective_from.isoformat(),
              "effective_to": r.effective_to.isoformat() if r.effective_to else None} for r in contract.rates]  # fmt: skip
    percent = contract.percent_of_charge
    return {
        "rates": rates,
        "percent_of_charge": None if percent is None else str(percent),
        "non_covered_codes": sorted(contract.non_covered_codes),
        "prior_authorization_codes": sorted(contract.prior_authorization_codes),
        "bundled_codes": sorted(contract.bundled_codes),
        "multiple_procedure_codes": sorted(contract.multiple_procedure_codes),
        "multiple_procedure_percent": str(contract.multiple_procedure_percent),
        "timely_filing_days": contract.timely_filing_days,
        "apply_ncci": contract.apply_ncci,
    }
