"""DFT P03 read into visits with their charges: PV1 (visit number PV1-19, location PV1-3, attending PV1-7, referring
PV1-8), DG1 (diagnoses in DG1-15 priority order, then as sent) and FT1 (one charge each):

    FT1-2 transaction id · FT1-4 date of service · FT1-6 type (CG charge; nothing else is taken)
    FT1-7 transaction code (the sender's charge code, through its `charge_codes` table, when FT1-25 is empty)
    FT1-10 units · FT1-11 extended amount (else FT1-12 unit amount x units) · FT1-16 location
    FT1-19 diagnosis codes (the line's pointers, in order) · FT1-20 performed by · FT1-21 ordered by
    FT1-25 procedure code (CPT/HCPCS) · FT1-26 modifiers

Lines of one date of service, rendering provider and location make one visit.
"""

from __future__ import annotations

from datetime import date

from revcycle.codesets.code_refs import dotted
from revcycle.interfaces.hl7_fields import read_cents, read_date, read_whole
from revcycle.interfaces.hl7_mapping import Location, SenderMapping
from revcycle.interfaces.hl7_segments import Hl7Message, Segment
from revcycle.interfaces.intake import ChargeIntake, PatientRef, VisitIntake
from revcycle.kernel.errors import ErrorCode, RevcycleError

CHARGE_TYPES = ("", "CG")


def read_visits(message: Hl7Message, sender: SenderMapping, patient: PatientRef) -> list[VisitIntake]:
    pv1 = message.first("PV1")
    ft1s = message.all("FT1")
    if not ft1s:
        raise RevcycleError(ErrorCode.VALIDATION, "FT1: a DFT P03 needs at least one FT1 (charge) segment")
    diagnoses = _diagnoses(message)
    groups: dict[tuple[date, str, str, str], list[tuple[Segment, ChargeIntake]]] = {}
    where: dict[tuple[date, str, str, str], dict[str, str]] = {}
    for ft1 in ft1s:
        dos = read_date(message, ft1, 4, "transaction date (date of service)")
        if dos is None:
            raise RevcycleError(ErrorCode.VALIDATION, f"{ft1.where(4)}: the transaction date (date of service) is "
                                "required")  # fmt: skip
        rendering, rendering_at = _provider(message, sender, ft1, 20, pv1, 7, "performed by")
        location, location_at = _location(message, sender, ft1, pv1)
        key = (dos, rendering, location.facility, location.place_of_service)
        groups.setdefault(key, []).append((ft1, _charge(message, sender, ft1)))
        where.setdefault(key, {"": ft1.where(), "rendering_npi": rendering_at, "facility": location_at,
                               "place_of_service": location_at})  # fmt: skip
    referring, referring_at = _referring(message, sender, pv1, ft1s[0])
    visit_number = message.value(pv1, 19)
    visits = []
    for key, lines in groups.items():
        codes = list(dict.fromkeys([code for code, _at in diagnoses]
                                   + [code for _ft1, line in lines for code in line.diagnosis_codes]))  # fmt: skip
        at = {**where[key], "visit_number": pv1.where(19) if pv1 else "PV1-19", "referring_npi": referring_at,
              "billing_npi": "MSH-4", "diagnosis_codes": "DG1", **{f"dx:{code}": at for code, at in diagnoses},
              **{f"dx:{code}": ft1.where(19) for ft1, line in lines for code in line.diagnosis_codes
                 if code not in dict(diagnoses)}}  # fmt: skip
        dos, rendering, facility, place = key
        visits.append(VisitIntake(patient, dos, tuple(line for _ft1, line in lines), tuple(codes), visit_number,
                                  place, facility, rendering, referring, sender.billing_npi, sender.prices, at))  # fmt: skip
    return visits


def _diagnoses(message: Hl7Message) -> list[tuple[str, str]]:
    """(code, where) of the DG1 segments: by DG1-15 priority (1 first; none last), then in the order sent."""
    found = []
    for dg1 in message.all("DG1"):
        code = message.value(dg1, 3)
        if not code:
            raise RevcycleError(ErrorCode.VALIDATION, f"{dg1.where(3)}: the diagnosis code is required")
        system = message.value(dg1, 3, 3).upper()
        if system in ("I9", "I9C", "ICD9", "ICD-9-CM"):
            raise RevcycleError(ErrorCode.VALIDATION, f"{dg1.where(3)}: {code!r} is an ICD-9 code; claims take "
                                "ICD-10-CM")  # fmt: skip
        priority = message.value(dg1, 15)
        found.append((int(priority) if priority.isdecimal() and int(priority) > 0 else 999, dg1.sequence,
                      dotted(code.upper()), dg1.where(3)))  # fmt: skip
    ordered: list[tuple[str, str]] = []
    for _priority, _sequence, code, at in sorted(found):
        if code not in dict(ordered):
            ordered.append((code, at))
    return ordered


def _charge(message: Hl7Message, sender: SenderMapping, ft1: Segment) -> ChargeIntake:
    kind = message.value(ft1, 6).upper()
    if kind not in CHARGE_TYPES:
        raise RevcycleError(ErrorCode.VALIDATION, f"{ft1.where(6)}: transaction type {kind!r} is not a charge (CG); "
                            "revcycle takes charges only (credits and payments are posted in revcycle)")  # fmt: skip
    procedure, procedure_at = message.value(ft1, 25), ft1.where(25)
    if not procedure:
        sent = message.value(ft1, 7)
        procedure, procedure_at = sender.charge_codes.get(sent, sent), ft1.where(7)
    if not procedure:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{ft1.where(25)}: the procedure code (CPT/HCPCS) is required"
        )
    modifiers = tuple(m.upper() for r in range(1, message.repetitions(ft1, 26) + 1)
                      if (m := message.value(ft1, 26, 1, r)))  # fmt: skip
    units = read_whole(message, ft1, 10, "quantity (units)", 1)
    charge = read_cents(message, ft1, 11, "extended amount")
    if charge is None and (unit := read_cents(message, ft1, 12, "unit amount")) is not None:
        charge = unit * units
    codes = tuple(dict.fromkeys(dotted(c.upper()) for r in range(1, message.repetitions(ft1, 19) + 1)
                                if (c := message.value(ft1, 19, 1, r))))  # fmt: skip
    at = {"": ft1.where(), "procedure": procedure_at, "modifiers": ft1.where(26), "units": ft1.where(10),
          "charge": ft1.where(11), "diagnosis_codes": ft1.where(19)}  # fmt: skip
    return ChargeIntake(procedure.upper(), modifiers, units, codes, charge, message.value(ft1, 2), at)


def _provider(message: Hl7Message, sender: SenderMapping, segment: Segment, field: int, fallback: Segment | None,
              fallback_field: int, label: str) -> tuple[str, str]:  # fmt: skip
    """The NPI of an XCN (its id through the sender's providers table), else of the fallback's; '' when neither."""
    for source, number in ((segment, field), (fallback, fallback_field)):
        provider_id = message.value(source, number)
        if provider_id and source is not None:
            npi = sender.npi(provider_id)
            if not npi:
                raise RevcycleError(ErrorCode.NOT_FOUND, f"{source.where(number)}: {label} id {provider_id!r} is not "
                                    "an NPI and not in the sender's providers table")  # fmt: skip
            return npi, source.where(number)
    return "", segment.where(field)


def _referring(
    message: Hl7Message, sender: SenderMapping, pv1: Segment | None, ft1: Segment
) -> tuple[str, str]:
    if pv1 is not None and message.value(pv1, 8):
        return _provider(message, sender, pv1, 8, None, 0, "referring doctor")
    return _provider(message, sender, ft1, 21, None, 0, "ordered by")


def _location(
    message: Hl7Message, sender: SenderMapping, ft1: Segment, pv1: Segment | None
) -> tuple[Location, str]:
    """The sender's location (FT1-16, else PV1-3: point of care, then facility) as the practice's facility and
    place of service; none sent, or the sender has no locations table: the practice's defaults."""
    if not sender.locations:
        return Location(), ft1.where(16)
    for segment, field in ((ft1, 16), (pv1, 3)):
        for component in (1, 4):
            code = message.value(segment, field, component)
            if code and segment is not None:
                found = sender.locations.get(code) or sender.locations.get(code.upper())
                if found is not None:
                    return found, segment.where(field)
                if component == 4 or not message.value(segment, field, 4):
                    raise RevcycleError(ErrorCode.NOT_FOUND, f"{segment.where(field)}: location {code!r} is not in "
                                        "the sender's locations table")  # fmt: skip
    return Location(), ft1.where(16)
