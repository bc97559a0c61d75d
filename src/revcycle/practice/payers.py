"""Payers (who adjudicates and pays) and their plans."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import parse_choice, require_positive_id, require_text


class ClaimFilingIndicator(StrEnum):
    """How the payer is filed (the claim filing indicator of an 837P subscriber loop)."""

    COMMERCIAL = "CI"
    BLUE_CROSS_BLUE_SHIELD = "BL"
    MEDICARE_PART_B = "MB"
    MEDICAID = "MC"
    HMO = "HM"
    HMO_MEDICARE_RISK = "16"
    PPO = "12"
    POS = "13"
    EPO = "14"
    TRICARE = "CH"
    VETERANS_AFFAIRS = "VA"
    WORKERS_COMPENSATION = "WC"
    AUTOMOBILE_MEDICAL = "AM"
    SELF_PAY = "09"
    OTHER_FEDERAL = "OF"
    MUTUALLY_DEFINED = "ZZ"


@dataclass(frozen=True, slots=True)
class Payer:
    """A payer: its electronic payer id (e.g. 87726), name, filing indicator and timely-filing limit."""

    payer_code: str
    name: str
    claim_filing_indicator: ClaimFilingIndicator
    timely_filing_days: int = 365
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.payer_code, "payer id", max_length=80)
        require_text(self.name, "payer name")
        indicator = parse_choice(ClaimFilingIndicator, self.claim_filing_indicator, "claim filing indicator")
        object.__setattr__(self, "claim_filing_indicator", indicator)
        if isinstance(self.timely_filing_days, bool) or not 1 <= self.timely_filing_days <= 3650:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"timely filing days must be 1..3650, got {self.timely_filing_days!r}"
            )


@dataclass(frozen=True, slots=True)
class Plan:
    """A benefit plan sold by a payer (e.g. "Choice Plus PPO")."""

    payer_id: int
    name: str
    plan_type: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        require_positive_id(self.payer_id, "payer id")
        require_text(self.name, "plan name")
