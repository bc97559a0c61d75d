"""The sending facility's mapping: how its codes become the practice's (a TOML file; the example with every key
explained is examples/interfaces/hl7_mapping.toml).

    [senders."EPIC^NORTHCLINIC"]          # MSH-3^MSH-4; or the facility alone ("NORTHCLINIC"), or "*" for any
    assigner = "NORTHCLINIC"              # the assigning authority of PID-3 ids that name none
    prices = "schedule"                   # or "sent": the charges as the EHR priced them
    [senders."EPIC^NORTHCLINIC".insurance_plans]
    "BCBS-PPO" = "87726"                  # IN1-2 plan id or IN1-3 company id -> the practice's payer id
    [senders."EPIC^NORTHCLINIC".providers]
    "4455" = "1245319599"                 # the EHR's provider id (PV1-7, FT1-20, FT1-21) -> NPI
    [senders."EPIC^NORTHCLINIC".locations]
    "NC-MAIN" = { facility = "Main Street Office", place_of_service = "11" }

A sender without a table of its own uses the built-in ones: sex F/M/U (O, A, N -> U), relationship HL7 table 0063
and the X12 codes EHRs also send (SEL/18 self, SPO/01 spouse, CHD/19 child, PAR parent, other -> other).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.identifiers import npi_is_valid

SEX = {"F": "F", "M": "M", "U": "U", "O": "U", "A": "U", "N": "U", "X": "U"}
RELATIONSHIP = {"SEL": "self", "18": "self", "SELF": "self", "SPO": "spouse", "01": "spouse", "DOM": "spouse",
                "CHD": "child", "19": "child", "FCH": "child", "SCH": "child", "STP": "child", "PAR": "parent",
                "MTH": "parent", "FTH": "parent", "32": "parent", "33": "parent"}  # fmt: skip
PRICES = ("schedule", "sent")
_KEYS = {"assigner", "identifier_type", "prices", "billing_npi", "sex", "relationship", "insurance_plans",
         "providers", "locations", "charge_codes"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Location:
    facility: str = ""
    place_of_service: str = ""


@dataclass(frozen=True, slots=True)
class SenderMapping:
    """One sender's tables (each code looked up as sent, then upper-cased)."""

    assigner: str = ""
    identifier_type: str = "MR"
    prices: str = "schedule"
    billing_npi: str = ""
    sex: Mapping[str, str] = field(default_factory=lambda: dict(SEX))
    relationship: Mapping[str, str] = field(default_factory=lambda: dict(RELATIONSHIP))
    insurance_plans: Mapping[str, str] = field(default_factory=dict)
    providers: Mapping[str, str] = field(default_factory=dict)
    locations: Mapping[str, Location] = field(default_factory=dict)
    charge_codes: Mapping[str, str] = field(default_factory=dict)

    def payer_code(self, plan_id: str, company_id: str) -> str:
        """The practice's payer id for IN1-2 (plan) / IN1-3 (company): the table's, else the company id as sent."""
        for code in (plan_id, company_id):
            if code and (found := _look_up(self.insurance_plans, code)):
                return found
        return company_id or plan_id

    def npi(self, provider_id: str) -> str:
        """The NPI of the EHR's provider id: the table's, else the id itself when it is an NPI ('' otherwise)."""
        found = _look_up(self.providers, provider_id)
        if found:
            return found
        return provider_id if npi_is_valid(provider_id) else ""


def _look_up(table: Mapping[str, Any], code: str) -> Any:
    return table.get(code) or table.get(code.upper())


@dataclass(frozen=True, slots=True)
class Hl7Mapping:
    """Every sender's mapping; `for_sender` picks the one for MSH-3^MSH-4."""

    senders: Mapping[str, SenderMapping] = field(default_factory=dict)

    def for_sender(self, application: str, facility: str) -> SenderMapping:
        for key in (f"{application}^{facility}", facility, "*"):
            if key in self.senders:
                return self.senders[key]
        return SenderMapping()


def load_mapping(text: str, source: str = "mapping") -> Hl7Mapping:
    """The mapping file's senders; VALIDATION naming the sender and key of anything wrong."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"{source}: not TOML ({error})") from error
    unknown = set(document) - {"senders"}
    if unknown:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{source}: unknown key {sorted(unknown)[0]!r} (only [senders.*])"
        )
    senders = document.get("senders", {})
    return Hl7Mapping(
        {name: _sender(values, f"{source}: senders.{name}") for name, values in senders.items()}
    )


def _sender(values: dict[str, Any], where: str) -> SenderMapping:
    unknown = set(values) - _KEYS
    if unknown:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: unknown key {sorted(unknown)[0]!r}; known: "
                            f"{', '.join(sorted(_KEYS))}")  # fmt: skip
    prices = str(values.get("prices", "schedule"))
    if prices not in PRICES:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{where}.prices: one of {', '.join(PRICES)}, not {prices!r}"
        )
    providers = _table(values, "providers", where)
    for code, npi in providers.items():
        if not npi_is_valid(npi):
            raise RevcycleError(
                ErrorCode.INVALID_NPI, f"{where}.providers.{code}: {npi!r} is not a valid NPI"
            )
    billing = str(values.get("billing_npi", ""))
    if billing and not npi_is_valid(billing):
        raise RevcycleError(ErrorCode.INVALID_NPI, f"{where}.billing_npi: {billing!r} is not a valid NPI")
    return SenderMapping(
        str(values.get("assigner", "")), str(values.get("identifier_type", "MR")), prices, billing,
        {**SEX, **_table(values, "sex", where)}, {**RELATIONSHIP, **_table(values, "relationship", where)},
        _table(values, "insurance_plans", where), providers, _locations(values, where),
        _table(values, "charge_codes", where),
    )  # fmt: skip


def _table(values: dict[str, Any], key: str, where: str) -> dict[str, str]:
    table = values.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise RevcycleError(ErrorCode.VALIDATION, f'{where}.{key}: a table of code = "value"')
    return {str(code): value for code, value in table.items()}


def _locations(values: dict[str, Any], where: str) -> dict[str, Location]:
    table = values.get("locations", {})
    found = {}
    for code, entry in table.items():
        if not isinstance(entry, dict) or set(entry) - {"facility", "place_of_service"}:
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}.locations.{code}: {{ facility = \"...\", "
                                "place_of_service = \"11\" }")  # fmt: skip
        place = str(entry.get("place_of_service", ""))
        if place and not (len(place) == 2 and place.isdecimal()):
            raise RevcycleError(ErrorCode.VALIDATION, f"{where}.locations.{code}.place_of_service: two digits, "
                                f"not {place!r}")  # fmt: skip
        found[str(code)] = Location(str(entry.get("facility", "")), place)
    return found
