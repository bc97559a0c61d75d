"""Payers (who adjudicates and pays) and their plans."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import normalize_phone, parse_choice, require_positive_id, require_text
from revcycle.practice.organization import Address


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
    """A payer: its electronic payer id (e.g. 87726), name, filing indicator, timely-filing limit, where paper
    claims and appeals go (claims address, phone), the clearinghouse route its electronic claims take ("" =
    the default partner), and whether it still takes new coverages. (Its appeal windows are the denials'
    `payer_appeal_windows`.)"""

    payer_code: str
    name: str
    claim_filing_indicator: ClaimFilingIndicator
    timely_filing_days: int = 365
    id: int | None = None
    claims_address: Address | None = None
    phone: str = ""
    route: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        require_text(self.payer_code, "payer id", max_length=80)
        require_text(self.name, "payer name")
        indicator = parse_choice(ClaimFilingIndicator, self.claim_filing_indicator, "claim filing indicator")
        object.__setattr__(self, "claim_filing_indicator", indicator)
        _require_days(self.timely_filing_days, "timely filing days")
        object.__setattr__(self, "phone", normalize_phone(self.phone, "payer phone"))
        if len(self.route) > 40:
            raise RevcycleError(ErrorCode.VALIDATION, "clearinghouse route is longer than 40 characters")


def _require_days(days: int, field: str) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} must be 1..3650, got {days!r}")


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
