"""A payer configuration as JSON (what `revcycle payer adjudicate --config FILE` and a simulator trading
partner's "payer_config" read).

{"payer_id": "87726", "name": "ACME HEALTH", "seed": 1, "payment_method": "ACH",
 "contract": {"rates": [{"code": "99213", "allowed_cents": 9000, "modifier": "",
                         "effective_from": "2026-01-01", "effective_to": null}],
              "percent_of_charge": "60", "non_covered_codes": ["97810"],
              "prior_authorization_codes": ["72148"], "bundled_codes": ["36415"],
              "multiple_procedure_codes": ["11720"], "multiple_procedure_percent": "50",
              "timely_filing_days": 180, "apply_ncci": true,
              "pays_percent_of_contract": "100"},   # the simulated payer: below 100 it underpays
 "plans": [{"plan_id": "PPO", "deductible_cents": 50000, "coinsurance_percent": "20",
            "out_of_pocket_max_cents": 300000, "copays": [["99213", 2500]], "plan_year_start_month": 1}],
 "members": [{"member_id": "W200", "plan_id": "PPO", "effective_from": "2025-01-01", "effective_to": null,
              "last_name": "ROE", "first_name": "RICHARD", "deductible_met_cents": 45000}],
 "provider_adjustments": [{"reason": "WO", "amount_cents": 1000, "reference": "OVERPAY-1"}],
 "facility": {"drg_base_rate_cents": 650000, "fixed_loss_threshold_cents": 4039700,
              "cost_to_charge_ratio": "0.30", "outlier_percent": "80",
              "hcpcs_fees": [["80053", 1500]], "revenue_code_rates": [["0450", 45000]],
              "outpatient_percent_of_charges": "55",
              "inpatient_per_diem_cents": null}}   # optional: FacilityTerms' defaults; a per diem replaces the DRG

The "contract" is read by `payer.contract_file.contract_from_dict` (the practice reads the same terms);
"pays_percent_of_contract" sits in it but belongs to the payer (`PayerConfig.pays_percent_of_contract`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from revcycle.payer.contract_file import contract_from_dict, decimal_or_none, iso_day, read_payer_file
from revcycle.simulator.config import BenefitPlan, FacilityTerms, Member, PayerConfig, ProviderAdjustmentRule


def load_payer_config(path: Path) -> PayerConfig:
    return read_payer_file(path, payer_config_from_dict)


def payer_config_from_dict(data: dict) -> PayerConfig:
    contract_data = data.get("contract", {})
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
            decimal_or_none(p.get("out_of_network_coinsurance_percent")),
        )  # fmt: skip
        for p in data["plans"]
    )
    members = tuple(
        Member(
            m["member_id"],
            m["plan_id"],
            iso_day(m["effective_from"]) or date(2000, 1, 1),
            iso_day(m.get("effective_to")),
            m.get("last_name", ""),
            m.get("first_name", ""),
            int(m.get("deductible_met_cents", 0)),
            int(m.get("out_of_pocket_met_cents", 0)),
            m.get("subscriber_id", ""),
            iso_day(m.get("birth_date")),
            tuple(m.get("prior_member_ids", [])),
        )  # fmt: skip
        for m in data["members"]
    )
    plb = tuple(ProviderAdjustmentRule(a["reason"], int(a["amount_cents"]), a.get("reference", ""))
                for a in data.get("provider_adjustments", []))  # fmt: skip
    return PayerConfig(str(data["payer_id"]), data["name"], contract_from_dict(contract_data), plans, members,
                       int(data.get("seed", 1)), data.get("payment_method", "ACH"), plb,
                       pays_percent_of_contract=Decimal(str(contract_data.get("pays_percent_of_contract", 100))),
                       facility=facility_terms(data.get("facility") or {}))  # fmt: skip


def facility_terms(data: dict) -> FacilityTerms:
    """The "facility" object; every key optional (`FacilityTerms`' defaults)."""
    default = FacilityTerms()
    percent = data.get("outpatient_percent_of_charges")
    return FacilityTerms(
        int(data.get("drg_base_rate_cents", default.drg_base_rate_cents)),
        int(data.get("fixed_loss_threshold_cents", default.fixed_loss_threshold_cents)),
        Decimal(str(data.get("cost_to_charge_ratio", default.cost_to_charge_ratio))),
        Decimal(str(data.get("outlier_percent", default.outlier_percent))),
        tuple((str(code), int(cents)) for code, cents in data.get("hcpcs_fees", [])),
        tuple((str(code), int(cents)) for code, cents in data.get("revenue_code_rates", [])),
        None if percent is None else Decimal(str(percent)),
        None if data.get("inpatient_per_diem_cents") is None else int(data["inpatient_per_diem_cents"]),
    )
