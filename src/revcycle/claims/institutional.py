"""Build an institutional (facility) claim from a stay given as explicit values, priced by a charge master.

    claim = build_institutional_claim(stay, ChargeMaster.from_csv(path))

There is no hospital encounter model yet: a `Stay` names the parties (snapshots, as on every claim), the
bill type, dates, the diagnoses with their POA indicators (principal first), PCS procedures, NUBC codes and
the revenue-code charges. A `StayCharge` without a charge is priced by the charge master (revenue code +
HCPCS -> unit charge, x units); with one, its charge is kept (`charge_source` "stay"). Lines come out in
revenue-code order (as the UB-04 lists them), numbered 1..n. Everything wrong raises
`RevcycleError(VALIDATION)` naming the value; corrected (7) and void (8) versions come from
`lifecycle.correct` / `void`, never from here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from revcycle.claims import nubc
from revcycle.claims.institutional_model import (
    MAX_INSTITUTIONAL_DIAGNOSES,
    MAX_INSTITUTIONAL_LINES,
    InstitutionalDetails,
    Occurrence,
    OccurrenceSpan,
    PcsProcedure,
    ValueAmount,
)
from revcycle.claims.model import MAX_MODIFIERS_PER_LINE, Claim, ClaimKind, ClaimLine, Frequency
from revcycle.claims.parties import ClaimPayer, ClaimPerson, ClaimProvider, ClaimSubscriber
from revcycle.codesets.code_refs import dotted, undotted
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice import Relationship

BUILT_FREQUENCIES = frozenset(Frequency) - {Frequency.CORRECTED, Frequency.VOID}


@dataclass(frozen=True, slots=True)
class ChargeMasterEntry:
    revenue_code: str
    hcpcs: str  # "" for a revenue-code-only item (room and board, supplies)
    description: str
    unit_charge_cents: int


@dataclass(frozen=True, slots=True)
class ChargeMaster:
    """The hospital's charge master: (revenue code, HCPCS) -> unit charge."""

    entries: Mapping[tuple[str, str], ChargeMasterEntry] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[ChargeMasterEntry]) -> ChargeMaster:
        return cls({(entry.revenue_code, entry.hcpcs): entry for entry in entries})

    @classmethod
    def from_csv(cls, path: Path) -> ChargeMaster:
        """`revenue_code,hcpcs,description,charge` (charge in dollars, e.g. 1850.00); rows named in errors."""
        entries = []
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                where = f"{path.name} row {number}: "
                revenue_code = (row.get("revenue_code") or "").strip()
                nubc.check_revenue_code(revenue_code, where)
                hcpcs = (row.get("hcpcs") or "").strip().upper()
                _require(not hcpcs or _is_hcpcs(hcpcs), f"{where}HCPCS {hcpcs!r} must be 5 letters or digits")
                try:
                    cents = Money.from_decimal((row.get("charge") or "").strip()).cents
                except RevcycleError:
                    raise RevcycleError(
                        ErrorCode.VALIDATION, f"{where}charge {row.get('charge')!r} is not an amount"
                    ) from None
                _require(cents > 0, f"{where}the charge must be positive")
                entries.append(
                    ChargeMasterEntry(revenue_code, hcpcs, (row.get("description") or "").strip(), cents)
                )
        return cls.of(entries)

    def unit_charge_cents(self, revenue_code: str, hcpcs: str) -> int | None:
        entry = self.entries.get((revenue_code, hcpcs))
        return entry.unit_charge_cents if entry else None


@dataclass(frozen=True, slots=True)
class StayDiagnosis:
    code: str  # ICD-10-CM, dotted or not
    poa: str = ""  # Y N U W 1; "" not reported (outpatient)


@dataclass(frozen=True, slots=True)
class StayCharge:
    revenue_code: str
    service_date: date
    units: int = 1
    hcpcs: str = ""
    modifiers: tuple[str, ...] = ()
    charge_cents: int | None = None  # None: the charge master's unit charge x units
    non_covered_cents: int = 0
    service_date_to: date | None = None


@dataclass(frozen=True, slots=True)
class Stay:
    claim_id: str
    facility: ClaimProvider  # the billing facility: NPI, name, TIN, taxonomy, address, phone
    patient: ClaimPerson
    subscriber: ClaimSubscriber
    relationship: Relationship
    payer: ClaimPayer
    bill_type: str  # 11 inpatient hospital, 13 outpatient hospital ...
    statement_from: date
    statement_to: date
    patient_status: str
    diagnoses: tuple[StayDiagnosis, ...]  # principal first
    charges: tuple[StayCharge, ...]
    admission_date: date | None = None
    admission_hour: int | None = None
    discharge_hour: int | None = None
    admission_type: str = ""
    admission_source: str = ""
    admitting_diagnosis: str = ""
    reasons_for_visit: tuple[str, ...] = ()
    procedures: tuple[PcsProcedure, ...] = ()
    condition_codes: tuple[str, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    occurrence_spans: tuple[OccurrenceSpan, ...] = ()
    value_amounts: tuple[ValueAmount, ...] = ()
    drg: str = ""
    attending: ClaimProvider | None = None
    operating: ClaimProvider | None = None
    other_operating: ClaimProvider | None = None
    medical_record_number: str = ""
    frequency: Frequency = Frequency.ORIGINAL
    payer_responsibility: str = "P"
    prior_authorization: str = ""
    encounter_id: int | None = None


def build_institutional_claim(stay: Stay, charge_master: ChargeMaster | None = None) -> Claim:
    """The stay as an institutional draft claim (validated; priced)."""
    _require(stay.frequency in BUILT_FREQUENCIES,
             f"claim {stay.claim_id}: frequency {stay.frequency} comes from correcting or voiding a claim")  # fmt: skip
    diagnoses = _diagnoses(stay.diagnoses)
    details = InstitutionalDetails(
        bill_type=stay.bill_type, statement_from=stay.statement_from, statement_to=stay.statement_to,
        patient_status=stay.patient_status, admission_date=stay.admission_date, admission_hour=stay.admission_hour,
        discharge_hour=stay.discharge_hour, admission_type=stay.admission_type,
        admission_source=stay.admission_source, present_on_admission=tuple(d.poa.upper() for d in stay.diagnoses),
        admitting_diagnosis=_icd10cm(stay.admitting_diagnosis) if stay.admitting_diagnosis else "",
        reasons_for_visit=tuple(_icd10cm(code) for code in stay.reasons_for_visit), procedures=stay.procedures,
        condition_codes=stay.condition_codes, occurrences=stay.occurrences,
        occurrence_spans=stay.occurrence_spans, value_amounts=stay.value_amounts, drg=stay.drg,
        attending=stay.attending, operating=stay.operating, other_operating=stay.other_operating,
        medical_record_number=stay.medical_record_number,
    )  # fmt: skip
    return Claim(
        claim_id=stay.claim_id, billing=stay.facility, subscriber=stay.subscriber, patient=stay.patient,
        relationship=stay.relationship, payer=stay.payer, place_of_service="", diagnoses=diagnoses,
        lines=_lines(stay, charge_master), encounter_id=stay.encounter_id,
        payer_responsibility=stay.payer_responsibility, prior_authorization=stay.prior_authorization,
        frequency=stay.frequency, kind=ClaimKind.INSTITUTIONAL, institutional=details,
    )  # fmt: skip


def _diagnoses(given: tuple[StayDiagnosis, ...]) -> tuple[str, ...]:
    _require(1 <= len(given) <= MAX_INSTITUTIONAL_DIAGNOSES,
             f"an institutional claim has 1 to {MAX_INSTITUTIONAL_DIAGNOSES} diagnoses, got {len(given)}")  # fmt: skip
    codes = tuple(_icd10cm(diagnosis.code) for diagnosis in given)
    repeated = next((code for code in codes if codes.count(code) > 1), None)
    _require(repeated is None, f"diagnosis {repeated} is listed twice")
    for diagnosis, code in zip(given, codes, strict=True):
        nubc.check_poa(diagnosis.poa.upper(), code)
    return codes


def _lines(stay: Stay, charge_master: ChargeMaster | None) -> tuple[ClaimLine, ...]:
    _require(1 <= len(stay.charges) <= MAX_INSTITUTIONAL_LINES,
             f"claim {stay.claim_id}: 1 to {MAX_INSTITUTIONAL_LINES} revenue-code lines, got {len(stay.charges)}")  # fmt: skip
    lines = [_line(charge, number, charge_master) for number, charge in enumerate(stay.charges, start=1)]
    ordered = sorted(lines, key=lambda line: line.revenue_code)
    return tuple(_renumbered(line, number) for number, line in enumerate(ordered, start=1))


def _line(charge: StayCharge, number: int, charge_master: ChargeMaster | None) -> ClaimLine:
    where = f"charge {number}: "
    nubc.check_revenue_code(charge.revenue_code, where)
    hcpcs = charge.hcpcs.strip().upper()
    _require(not hcpcs or _is_hcpcs(hcpcs), f"{where}HCPCS {charge.hcpcs!r} must be 5 letters or digits")
    modifiers = tuple(modifier.strip().upper() for modifier in charge.modifiers if modifier.strip())
    _require(len(modifiers) <= MAX_MODIFIERS_PER_LINE and all(len(m) == 2 and m.isalnum() for m in modifiers),
             f"{where}up to {MAX_MODIFIERS_PER_LINE} modifiers of 2 characters, got {list(charge.modifiers)}")  # fmt: skip
    _require(not modifiers or bool(hcpcs), f"{where}modifiers need a HCPCS code")
    _require(isinstance(charge.units, int) and charge.units >= 1, f"{where}units must be at least 1")
    cents, source = charge.charge_cents, "stay"
    if cents is None:
        unit = charge_master.unit_charge_cents(charge.revenue_code, hcpcs) if charge_master else None
        _require(unit is not None, f"{where}revenue code {charge.revenue_code}"
                 + (f" with HCPCS {hcpcs}" if hcpcs else "") + " is not in the charge master; give its charge")  # fmt: skip
        cents, source = unit * charge.units, "charge_master"  # type: ignore[operator]
    _require(isinstance(cents, int) and cents >= 0, f"{where}the charge must be integer cents, at least 0")
    _require(
        0 <= charge.non_covered_cents <= cents,
        f"{where}the non-covered charge must be 0 to the line's charge",
    )
    return ClaimLine(
        line_number=number, procedure_code=hcpcs, charge_cents=cents, service_date=charge.service_date,
        units=charge.units, modifiers=modifiers, diagnosis_pointers=(), service_date_to=charge.service_date_to,
        charge_source=source, revenue_code=charge.revenue_code, non_covered_cents=charge.non_covered_cents,
    )  # fmt: skip


def _renumbered(line: ClaimLine, number: int) -> ClaimLine:
    return replace(line, line_number=number)


def _icd10cm(code: str) -> str:
    bare = undotted(code.strip().upper())
    _require(
        3 <= len(bare) <= 7 and bare.isalnum() and bare[0].isalpha(), f"{code!r} is not an ICD-10-CM code"
    )
    return dotted(bare)


def _is_hcpcs(code: str) -> bool:
    return len(code) == 5 and code.isalnum()


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RevcycleError(ErrorCode.VALIDATION, message)
