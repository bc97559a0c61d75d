"""Eligibility in plain terms: the question a provider asks (a 270) and the `Benefits` it gets back (a 271).

    question = EligibilityQuestion("W200", "Roe", "Richard", date(2026, 3, 2), trace="7-12")
    (benefits,), problems = edi.eligibility_271.read_271(text_271)

`Benefits` is what `edi.eligibility_271` reads any 271 into, so the provider sees the same model
whoever answered (the payer simulator answers with it too). Amounts are integer cents; a limit's
`remaining_cents` is None when the payer did not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class EligibilityQuestion:
    """One member asked about on one date: the subscriber, or a dependent of the subscriber."""

    member_id: str  # the subscriber's id as the provider has it
    last_name: str
    first_name: str
    date_of_service: date
    birth_date: date | None = None
    service_types: tuple[str, ...] = ("30",)
    dependent_last_name: str = ""  # set when the patient is a dependent without an id of their own
    dependent_first_name: str = ""
    dependent_birth_date: date | None = None
    trace: str = ""  # the provider's trace number (TRN02), echoed back

    @property
    def about_dependent(self) -> bool:
        return bool(self.dependent_last_name)


@dataclass(frozen=True, slots=True)
class Limit:
    """A deductible or out-of-pocket maximum at one level and network."""

    kind: str  # deductible | out_of_pocket
    level: str  # individual | family
    in_network: bool | None  # None: the payer did not say
    total_cents: int | None = None
    remaining_cents: int | None = None


@dataclass(frozen=True, slots=True)
class Copay:
    service_type: str
    amount_cents: int
    in_network: bool | None = True
    procedure_code: str = ""


@dataclass(frozen=True, slots=True)
class Coinsurance:
    service_type: str
    percent: Decimal  # the patient's share, e.g. Decimal("20") for 20%
    in_network: bool | None = True


@dataclass(slots=True)
class Benefits:
    """What the payer said about one member on one date (or why it could not answer)."""

    member_id: str
    last_name: str
    first_name: str
    date_of_service: date | None
    active: bool | None = None  # None: no answer (rejected)
    plan_name: str = ""
    plan_begin: date | None = None
    plan_end: date | None = None
    copays: list[Copay] = field(default_factory=list)
    coinsurance: list[Coinsurance] = field(default_factory=list)
    limits: list[Limit] = field(default_factory=list)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (AAA03 code, plain words)
    prior_member_id: str = ""  # set when the payer answered with a different id than the one asked
    identity_changed: bool = False  # the payer corrected the member's id, name or birth date
    dependent: bool = False
    trace: str = ""

    def limit(self, kind: str, level: str = "individual", in_network: bool | None = True) -> Limit | None:
        return next(
            (x for x in self.limits if (x.kind, x.level, x.in_network) == (kind, level, in_network)), None
        )
