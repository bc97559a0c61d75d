"""Typed 837I (005010X223A2) claims. The batch, billing provider, subscriber, patient and party
structures are the 837P ones (`x837p.model`); an institutional batch holds `InstitutionalClaim`s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.x12.guides.x837p.model import OtherPayer, Party, Segment


@dataclass(slots=True)
class InstitutionalLine:
    """Loop 2400: LX, SV2 (revenue code, HCPCS/CPT, charge, units), DTP*472, REF."""

    revenue_code: str  # SV201 (NUBC)
    charge: Decimal  # SV203
    units: Decimal  # SV205
    unit_basis: str = "UN"  # SV204: UN units, DA days
    qualifier: str = ""  # SV202-1: HC, HP, IV… (empty when only a revenue code is billed)
    procedure: str = ""  # SV202-2
    modifiers: list[str] = field(default_factory=list)
    description: str = ""  # SV202-7
    non_covered: Decimal | None = None  # SV207
    service_date: dt.date | None = None
    service_end: dt.date | None = None
    line_number: str = ""
    references: list[tuple[str, str]] = field(default_factory=list)
    providers: list[Party] = field(default_factory=list)  # 2420A-D
    extra: list[Segment] = field(default_factory=list)  # PWK, AMT, NTE, HCP, 2410/2430 segments as written


@dataclass(slots=True)
class InstitutionalClaim:
    """Loop 2300: CLM, DTP*434 statement period, CL1, HI code sets, providers, other payers, lines."""

    claim_id: str  # CLM01
    charge: Decimal  # CLM02
    facility_type: str  # CLM05-1: type of bill digits 2-3 (e.g. 11 hospital inpatient, 13 outpatient)
    frequency: str  # CLM05-3: 1 admit-through-discharge, 7 replacement, 8 void…
    assignment: str = ""  # CLM07
    benefits_assigned: str = ""  # CLM08
    release_of_information: str = ""  # CLM09
    delay_reason: str = ""  # CLM20
    statement_from: dt.date | None = None  # DTP*434 (RD8 first day)
    statement_to: dt.date | None = None
    admission_type: str = ""  # CL101
    admission_source: str = ""  # CL102
    patient_status: str = ""  # CL103
    codes: list[list[str]] = field(default_factory=list)  # HI composites: [qualifier, code, …] in order
    dates: list[tuple[str, str, str]] = field(default_factory=list)  # other DTPs: (qualifier, format, value)
    references: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    providers: list[Party] = field(
        default_factory=list
    )  # 2310A-F: 71 attending, 72 operating, ZZ, 82, 77, DN
    other_payers: list[OtherPayer] = field(default_factory=list)
    service_lines: list[InstitutionalLine] = field(default_factory=list)
    extra: list[Segment] = field(default_factory=list)

    def codes_of(self, *qualifiers: str) -> list[str]:
        return [code[1] for code in self.codes if code[0] in qualifiers and len(code) > 1]

    @property
    def diagnoses(self) -> list[str]:
        """Principal (ABK/BK) first, then the other diagnoses (ABF/BF)."""
        return self.codes_of("ABK", "BK") + self.codes_of("ABF", "BF")

    @property
    def admitting_diagnosis(self) -> str:
        return next(iter(self.codes_of("ABJ", "BJ")), "")
