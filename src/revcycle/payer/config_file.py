"""A payer configuration as JSON (what `revcycle payer adjudicate --config FILE` reads).

{"payer_id": "87726", "name": "ACME HEALTH", "seed": 1, "payment_method": "ACH",
 "contract": {"rates": [{"code": "99213", "allowed_cents": 9000, "modifier": "",
                         "effective_from": "2026-01-01", "effective_to": null}],
              "percent_of_charge": "60", "non_covered_codes": ["97810"],
              "prior_authorization_codes": ["72148"], "bundled_codes": ["36415"],
              "multiple_procedure_codes": ["11720"], "multiple_procedure_percent": "50",
              "timely_filing_days": 180, "apply_ncci": true,
              "pays_percent_of_contract": "100"},   # simulation: below 100 the payer underpays
 "plans": [{"plan_id": "PPO", "deductible_cents": 50000, "coinsurance_percent": "20",
            "out_of_pocket_max_cents": 300000, "copays": [["99213", 2500]], "plan_year_start_month": 1}],
 "members": [{"member_id": "W200", "plan_id": "PPO", "effective_from": "2025-01-01", "effective_to": null,
              "last_name": "ROE", "first_name": "RICHARD", "deductible_met_cents": 45000}],
 "provider_adjustments": [{"reason": "WO", "amount_cents": 1000, "reference": "OVERPAY-1"}]}
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.config import (
    BenefitPlan,
    Contract,
    FeeScheduleRate,
    Member,
    PayerConfig,
    ProviderAdjustmentRule,
)


def load_payer_config(path: Path) -> PayerConfig:
    try:
        return payer_config_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot read {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError, InvalidOperation) as error:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{path}: not a payer configuration ({type(error).__name__}: {error})"
        ) from error


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _percent(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def contract_from_dict(contract_data: dict) -> Contract:
    """The "contract" part of a payer configuration (also the practice's stored copy of a contract)."""
    rates = tuple(
        FeeScheduleRate(
            r["code"],
            int(r["allowed_cents"]),
            r.get("modifier", ""),
            _day(r.get("effective_from")) or date(2000, 1, 1),
            _day(r.get("effective_to")),
        )  # fmt: skip
        for r in contract_data.get("rates", [])
    )
    return Contract(
        rates=rates,
        percent_of_charge=_percent(contract_data.get("percent_of_charge")),
        non_covered_codes=frozenset(contract_data.get("non_covered_codes", [])),
        prior_authorization_codes=frozenset(contract_data.get("prior_authorization_codes", [])),
        bundled_codes=frozenset(contract_data.get("bundled_codes", [])),
        multiple_procedure_codes=frozenset(contract_data.get("multiple_procedure_codes", [])),
        multiple_procedure_percent=Decimal(str(contract_data.get("multiple_procedure_percent", 50))),
        timely_filing_days=int(contract_data.get("timely_filing_days", 365)),
        apply_ncci=bool(contract_data.get("apply_ncci", True)),
        pays_percent_of_contract=Decimal(str(contract_data.get("pays_percent_of_contract", 100))),
    )


def contract_to_dict(contract: Contract) -> dict:
    """The JSON form of what the contract says; `pays_percent_of_contract` (simulation) is left out."""
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


def payer_config_from_dict(data: dict) -> PayerConfig:
    contract = contract_from_dict(data.get("contract", {}))
    plans = tuple(
        BenefitPlan(
            p["plan_id"],
            int(p["deductible_cents"]),
            Decimal(str(p["coinsurance_percent"])),
            int(p["out_of_pocket_max_cents"]),
            tuple((code, int(cents)) for code, cents in p.get("copays", [])),
            int(p.get("plan_year_start_month", 1)),
            p.get("name", ""),
            int(p.get("family_deductible_cents", 0)),
            int(p.get("family_out_of_pocket_max_cents", 0)),
            int(p.get("out_of_network_deductible_cents", 0)),
            int(p.get("out_of_network_out_of_pocket_max_cents", 0)),
            _percent(p.get("out_of_network_coinsurance_percent")),
        )  # fmt: skip
        for p in data["plans"]
    )
    members = tuple(
        Member(
            m["member_id"],
            m["plan_id"],
            _day(m["effective_from"]) or date(2000, 1, 1),
            _day(m.get("effective_to")),
            m.get("last_name", ""),
            m.get("first_name", ""),
            int(m.get("deductible_met_cents", 0)),
            int(m.get("out_of_pocket_met_cents", 0)),
            m.get("subscriber_id", ""),
            _day(m.get("birth_date")),
            tuple(m.get("prior_member_ids", [])),
        )  # fmt: skip
        for m in data["members"]
    )
    plb = tuple(ProviderAdjustmentRule(a["reason"], int(a["amount_cents"]), a.get("reference", ""))
                for a in data.get("provider_adjustments", []))  # fmt: skip
    return PayerConfig(str(data["payer_id"]), data["name"], contract, plans, members, int(data.get("seed", 1)),
                       data.get("payment_method", "ACH"), plb)  # fmt: skip
