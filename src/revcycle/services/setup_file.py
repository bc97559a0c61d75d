"""A practice set-up file read into domain values, every refusal located (`file:line: field: why`).

    practice: {name, phone, contact_name, email}
    billing_providers: [{name, npi, tin, taxonomy, phone, address: {line1, line2, city, state, zip}, pay_to}]
    rendering_providers: [{first_name, last_name, npi, taxonomy, active}]
    referring_providers: [{first_name, last_name, npi, taxonomy}]
    facilities: [{name, place_of_service, npi, address}]
    payers: [{payer_id, name, filing_indicator, timely_filing_days, appeal_days, phone, route, active,
              claims_address, plans: [{name, type}],
              contract: {percent_of_charge, multiple_procedure_percent, apply_ncci, non_covered_codes,
                         prior_authorization_codes, bundled_codes, multiple_procedure_codes,
                         rates: [{code, modifier, allowed, effective_from, effective_to}], rates_file}}]
    fee_schedules: [{name, file: fees.csv, fees: [{code, modifier, amount, effective_from, effective_to}]}]
    users: [{username, role, active}]

A fee CSV (`fees.csv`, a contract's `rates_file`) has the columns code, modifier, amount,
effective_from, effective_to (and description, which is not stored); `amount` is dollars.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.payer.contract import Contract, FeeScheduleRate
from revcycle.practice.fees import Fee
from revcycle.practice.organization import (
    BillingProvider,
    Facility,
    PracticeProfile,
    ReferringProvider,
    RenderingProvider,
)
from revcycle.practice.payers import Payer
from revcycle.practice.users import User
from revcycle.services.setup_values import (
    Fields,
    Located,
    Problems,
    parse_day,
    parse_dollars,
    read_csv,
    read_yaml,
)

FEE_COLUMNS, FEE_OPTIONAL = {"code", "amount"}, {"modifier", "effective_from", "effective_to", "description"}
SECTIONS = {"practice", "billing_providers", "rendering_providers", "referring_providers", "facilities", "payers",
            "fee_schedules", "users"}  # fmt: skip
FIRST_DAY = date(2000, 1, 1)  # the first day of a fee written without one in a set-up file


@dataclass
class PayerEntry:
    line: int
    payer: Payer
    plans: list[tuple[str, str]] = field(default_factory=list)  # (name, type)
    appeal_days: int | None = None  # the payer's appeal window for any denial category (None: the defaults)
    contract: Contract | None = None
    rates: list[tuple[str, int, FeeScheduleRate]] = field(default_factory=list)  # (source, line, rate)


@dataclass
class ScheduleEntry:
    line: int
    name: str
    fees: list[tuple[str, int, Fee]] = field(default_factory=list)  # (source, line, fee)


@dataclass
class SetupFile:
    source: str
    profile: PracticeProfile | None = None
    billing: list[tuple[int, BillingProvider]] = field(default_factory=list)
    rendering: list[tuple[int, RenderingProvider]] = field(default_factory=list)
    referring: list[tuple[int, ReferringProvider]] = field(default_factory=list)
    facilities: list[tuple[int, Facility]] = field(default_factory=list)
    payers: list[PayerEntry] = field(default_factory=list)
    schedules: list[ScheduleEntry] = field(default_factory=list)
    users: list[tuple[int, User]] = field(default_factory=list)


def read_setup(text: str, source: str, read_file: Callable[[str], str]) -> SetupFile:
    """The set-up YAML `text` (named `source` in errors); `read_file(name)` gives a CSV it names.
    VALIDATION listing every located problem, so nothing of a bad file is loaded."""
    problems = Problems(source)
    setup = SetupFile(source)
    top = Fields(read_yaml(text, source), "file")
    problems.attempt(top.line, "file", lambda: top.refuse_unknown(SECTIONS))
    if (practice := problems.attempt(top.line, "practice", lambda: top.mapping("practice"))) is not None:
        setup.profile = problems.attempt(practice.line, "practice", lambda: _profile(practice))
    for key, parse, into in (("billing_providers", _billing, setup.billing), ("rendering_providers", _rendering, setup.rendering),
                             ("referring_providers", _referring, setup.referring), ("facilities", _facility, setup.facilities),
                             ("users", _user, setup.users)):  # fmt: skip
        for line, fields in _entries(top, key, problems):
            entity = problems.attempt(line, fields.where, lambda f=fields, p=parse: p(f))  # type: ignore[misc]
            if entity is not None:
                into.append((line, entity))  # type: ignore[attr-defined]
    for line, fields in _entries(top, "payers", problems):
        entry = problems.attempt(line, fields.where, lambda f=fields: _payer(f, problems, read_file))  # type: ignore[misc]
        if entry is not None:
            setup.payers.append(entry)
    for line, fields in _entries(top, "fee_schedules", problems):
        schedule = problems.attempt(line, fields.where, lambda f=fields: _schedule(f, problems, read_file))  # type: ignore[misc]
        if schedule is not None:
            setup.schedules.append(schedule)
    problems.raise_if_any()
    return setup


def _entries(top: Fields, key: str, problems: Problems) -> list[tuple[int, Fields]]:
    found = []
    items = problems.attempt(top.line_of(key), key, lambda: list(top.items(key))) or []
    for index, located in items:
        fields = problems.attempt(
            located.line, f"{key}[{index}]", lambda loc=located, i=index: Fields(loc, f"{key}[{i}]")
        )  # type: ignore[misc]
        if fields is not None:
            found.append((located.line, fields))
    return found


def _profile(fields: Fields) -> PracticeProfile:
    fields.refuse_unknown({"name", "phone", "contact_name", "email"})
    return PracticeProfile(fields.text("name"), fields.text("phone", ""), fields.text("contact_name", ""),
                           fields.text("email", ""))  # fmt: skip


def _billing(fields: Fields) -> BillingProvider:
    fields.refuse_unknown({"name", "npi", "tin", "taxonomy", "phone", "address", "pay_to"})
    return BillingProvider(fields.text("name"), fields.text("npi"), fields.text("tin"), fields.text("taxonomy"),
                           fields.address("address"), None, fields.text("phone", ""),  # type: ignore[arg-type]
                           fields.address("pay_to", required=False))  # fmt: skip


def _rendering(fields: Fields) -> RenderingProvider:
    fields.refuse_unknown({"first_name", "last_name", "npi", "taxonomy", "active"})
    return RenderingProvider(fields.text("first_name"), fields.text("last_name"), fields.text("npi"),
                             fields.text("taxonomy"), None, fields.flag("active", True))  # fmt: skip


def _referring(fields: Fields) -> ReferringProvider:
    fields.refuse_unknown({"first_name", "last_name", "npi", "taxonomy"})
    return ReferringProvider(fields.text("first_name"), fields.text("last_name"), fields.text("npi"),
                             fields.text("taxonomy", ""))  # fmt: skip


def _facility(fields: Fields) -> Facility:
    fields.refuse_unknown({"name", "place_of_service", "npi", "address"})
    return Facility(fields.text("name"), fields.address("address"), fields.text("place_of_service", "11"),  # type: ignore[arg-type]
                    fields.text("npi", "") or None)  # fmt: skip


def _user(fields: Fields) -> User:
    fields.refuse_unknown({"username", "role", "active"})
    return User(fields.text("username"), fields.text("role"), fields.flag("active", True))  # type: ignore[arg-type]


PAYER_FIELDS = {"payer_id", "name", "filing_indicator", "timely_filing_days", "appeal_days", "phone", "route", "active",
                "claims_address", "plans", "contract"}  # fmt: skip


def _payer(fields: Fields, problems: Problems, read_file: Callable[[str], str]) -> PayerEntry:
    fields.refuse_unknown(PAYER_FIELDS)
    payer = Payer(fields.text("payer_id"), fields.text("name"), fields.text("filing_indicator", "CI"),  # type: ignore[arg-type]
                  fields.whole("timely_filing_days", 365), None,
                  fields.address("claims_address", required=False), fields.text("phone", ""), fields.text("route", ""),
                  fields.flag("active", True))  # fmt: skip
    appeal_days = fields.whole("appeal_days", 0) or None
    if appeal_days is not None and not 1 <= appeal_days <= 3650:
        raise RevcycleError(ErrorCode.VALIDATION, f"appeal_days must be 1..3650, got {appeal_days}")
    entry = PayerEntry(fields.line, payer, appeal_days=appeal_days)
    for index, located in fields.items("plans"):
        plan = Fields(located, f"{fields.where}.plans[{index}]")
        plan.refuse_unknown({"name", "type"})
        entry.plans.append((plan.text("name"), plan.text("type", "")))
    if (terms := fields.mapping("contract")) is not None:
        entry.contract = _contract(terms, payer.timely_filing_days)
        entry.rates = _contract_rates(terms, problems, read_file)
    return entry


CONTRACT_FIELDS = {"percent_of_charge", "multiple_procedure_percent", "apply_ncci", "non_covered_codes", "rates",
                   "prior_authorization_codes", "bundled_codes", "multiple_procedure_codes", "rates_file"}  # fmt: skip


def _contract(terms: Fields, timely_filing_days: int) -> Contract:
    """The contract's terms without its rates (they are placed version by version)."""
    terms.refuse_unknown(CONTRACT_FIELDS)
    return Contract(
        percent_of_charge=_percent(terms, "percent_of_charge", None),
        non_covered_codes=_codes(terms, "non_covered_codes"),
        prior_authorization_codes=_codes(terms, "prior_authorization_codes"),
        bundled_codes=_codes(terms, "bundled_codes"),
        multiple_procedure_codes=_codes(terms, "multiple_procedure_codes"),
        multiple_procedure_percent=_percent(terms, "multiple_procedure_percent", Decimal(50)) or Decimal(50),
        timely_filing_days=timely_filing_days,
        apply_ncci=terms.flag("apply_ncci", True),
    )


def _percent(terms: Fields, key: str, default: Decimal | None) -> Decimal | None:
    written = terms.text(key, "")
    if not written:
        return default
    try:
        percent = Decimal(written.rstrip("%"))
    except InvalidOperation:
        percent = Decimal(-1)
    if not Decimal(0) <= percent <= Decimal(100):
        raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be a percent 0..100, got {written!r}")
    return percent


def _codes(terms: Fields, key: str) -> frozenset[str]:
    codes = set()
    for _, located in terms.items(key):
        if not isinstance(located.value, str) or not located.value.strip():
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} must be a list of procedure codes")
        codes.add(located.value.strip().upper())
    return frozenset(codes)


def _contract_rates(
    terms: Fields, problems: Problems, read_file: Callable[[str], str]
) -> list[tuple[str, int, FeeScheduleRate]]:
    rates = []
    for index, located in terms.items("rates"):
        where = f"{terms.where}.rates[{index}]"
        rate = problems.attempt(located.line, where, lambda loc=located, w=where: _rate(Fields(loc, w)))  # type: ignore[misc]
        if rate is not None:
            rates.append((problems.source, located.line, rate))
    if (name := terms.text("rates_file", "")) != "":
        for source, line, fee in fee_rows(read_file(name), name, FIRST_DAY, problems):
            rates.append((source, line, FeeScheduleRate(fee.code, fee.amount_cents, fee.modifier, fee.effective_from,
                                                        fee.effective_to)))  # fmt: skip
    return rates


def _rate(fields: Fields) -> FeeScheduleRate:
    fields.refuse_unknown({"code", "modifier", "allowed", "effective_from", "effective_to"})
    fee = Fee(fields.text("code"), fields.cents("allowed"), fields.text("modifier", ""),
              fields.day("effective_from", FIRST_DAY) or FIRST_DAY, fields.day("effective_to"))  # fmt: skip
    return FeeScheduleRate(fee.code, fee.amount_cents, fee.modifier, fee.effective_from, fee.effective_to)


def _schedule(fields: Fields, problems: Problems, read_file: Callable[[str], str]) -> ScheduleEntry:
    fields.refuse_unknown({"name", "file", "fees"})
    entry = ScheduleEntry(fields.line, fields.text("name"))
    for index, located in fields.items("fees"):
        where = f"{fields.where}.fees[{index}]"
        fee = problems.attempt(located.line, where, lambda loc=located, w=where: _inline_fee(Fields(loc, w)))  # type: ignore[misc]
        if fee is not None:
            entry.fees.append((problems.source, located.line, fee))
    if (name := fields.text("file", "")) != "":
        entry.fees += fee_rows(read_file(name), name, FIRST_DAY, problems)
    return entry


def _inline_fee(fields: Fields) -> Fee:
    fields.refuse_unknown({"code", "modifier", "amount", "effective_from", "effective_to"})
    return Fee(fields.text("code"), fields.cents("amount"), fields.text("modifier", ""),
               fields.day("effective_from", FIRST_DAY) or FIRST_DAY, fields.day("effective_to"))  # fmt: skip


def fee_rows(text: str, source: str, first_day: date, problems: Problems) -> list[tuple[str, int, Fee]]:
    """The fees of a fee CSV as (source, line, fee); a row without effective_from starts on `first_day`.
    Refusals are recorded in `problems`, located in `source`."""
    found = Problems(source)
    fees = []
    for row in found.attempt(1, "header", lambda: list(read_csv(text, FEE_COLUMNS, FEE_OPTIONAL))) or []:
        fee = found.attempt(row.line, "fee", lambda r=row: _csv_fee(r, first_day))  # type: ignore[misc]
        if fee is not None:
            fees.append((source, row.line, fee))
    problems.found += found.found
    return fees


def read_fee_csv(text: str, source: str, first_day: date) -> list[tuple[str, int, Fee]]:
    """`fee_rows` of one CSV on its own: VALIDATION listing every located problem."""
    problems = Problems(source)
    fees = fee_rows(text, source, first_day, problems)
    problems.raise_if_any()
    return fees


def _csv_fee(row: Located, first_day: date) -> Fee:
    if row.value is None:
        raise RevcycleError(ErrorCode.VALIDATION, "more fields than the header names (or not CSV)")
    cells = {name: (cell.value or "").strip() for name, cell in row.value.items()}
    for key in ("code", "amount"):
        if not cells.get(key):
            raise RevcycleError(ErrorCode.VALIDATION, f"{key} is required")
    return Fee(cells["code"], parse_dollars(cells["amount"], "amount"), cells.get("modifier", ""),
               parse_day(cells.get("effective_from", ""), "effective_from") or first_day,
               parse_day(cells.get("effective_to", ""), "effective_to"))  # fmt: skip
