"""What the scrubber knows besides the claim: today, the NCCI tables (professional, and hospital outpatient
from the I/OCE), claims already billed, payer rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from revcycle.claims.model import Claim
from revcycle.codesets import cpt, ncci, ncci_mue
from revcycle.codesets.dated_codes import DatedCodeTable
from revcycle.codesets.ncci import PtpTable
from revcycle.codesets.ncci_mue import MueTable

# Claim filing indicators whose payers need the provider taxonomy (PRV) on the claim:
# Medicaid programs adjudicate by taxonomy.
TAXONOMY_REQUIRED_FILING = frozenset({"MC"})
TIMELY_FILING_WARNING_DAYS = 30


@dataclass(frozen=True, slots=True)
class CoverageCheck:
    """The latest eligibility answer (270/271) for an encounter: active (None: the payer rejected the inquiry)."""

    active: bool | None
    date_of_service: date
    checked_on: date
    plan_name: str = ""
    reasons: str = ""  # the payer's rejection reasons in plain words


@dataclass(frozen=True, slots=True)
class ScrubContext:
    today: date  # the day the claim would be submitted (timely filing, future dates)
    ptp: PtpTable
    mue: MueTable
    cpt_codes: DatedCodeTable  # the CPT table in use (demo subset, or the licensed import)
    other_claims: Sequence[Claim] = ()  # claims already billed (duplicate-claim edit)
    taxonomy_required_filing: frozenset[str] = field(default=TAXONOMY_REQUIRED_FILING)
    timely_filing_warning_days: int = TIMELY_FILING_WARNING_DAYS
    coverage_checks: Mapping[int, CoverageCheck] = field(default_factory=dict)  # encounter id -> latest check
    outpatient_ptp: PtpTable | None = None  # hospital outpatient NCCI (None: the shipped I/OCE table, loaded once)

    @classmethod
    def standard(
        cls, today: date, other_claims: Sequence[Claim] = (), coverage_checks: Mapping[int, CoverageCheck] | None = None
    ) -> ScrubContext:
        """The context with the code sets in use: NCCI (imported, else the demo subset), CPT."""
        return cls(today=today, ptp=ncci.ptp_table(), mue=ncci_mue.mue_table(), cpt_codes=cpt.table(),
                   other_claims=other_claims, coverage_checks=coverage_checks or {})
