"""HL7 v2 data types read into the practice's values, each error located at its field: DT/DTM dates, XPN names,
XAD addresses, XTN phones and e-mail, CX identifiers, CP money, CWE codes.

    dob = read_date(message, pid, 7, "birth date")   # "PID-7: birth date '19850230' is not a date"
"""

from __future__ import annotations

import re
from datetime import date, datetime

from revcycle.interfaces.hl7_segments import HL7_NULL, Hl7Message, Segment
from revcycle.interfaces.locations import located
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice.organization import Address

_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")
_TIMESTAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?")


def read_date(
    message: Hl7Message, segment: Segment | None, field: int, label: str, component: int = 1
) -> date | None:
    """A DT or DTM field as a date (its first 8 digits); None when empty; VALIDATION naming the field otherwise."""
    text = message.value(segment, field, component)
    if not text or text == HL7_NULL:
        return None
    where = segment.where(field, component) if segment else ""
    match = _DATE.match(text)
    if match is None:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {label} {text!r} is not a date (YYYYMMDD)")
    try:
        found = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {label} {text!r} is not a date") from None
    if found.year < 1880:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {label} {text!r} is before 1880")
    return found


def read_timestamp(message: Hl7Message, segment: Segment | None, field: int) -> datetime | None:
    """A DTM as a naive datetime (None when empty or unreadable: a message's own time is informative only)."""
    match = _TIMESTAMP.match(message.value(segment, field))
    if match is None:
        return None
    try:
        return datetime(*(int(part or 0) for part in match.groups()))  # type: ignore[misc]
    except ValueError:
        return None


def best_repetition(message: Hl7Message, segment: Segment | None, field: int, type_component: int,
                    wanted: tuple[str, ...]) -> int:  # fmt: skip
    """The repetition whose type code (component `type_component`) is the first of `wanted` found, else 1."""
    count = message.repetitions(segment, field)
    for code in wanted:
        for repetition in range(1, count + 1):
            if message.value(segment, field, type_component, repetition).upper() == code:
                return repetition
    return 1


def read_name(message: Hl7Message, segment: Segment | None, field: int) -> tuple[str, str] | None:
    """An XPN (family^given^...): (last, first) of the legal name (type L) or the first; None when not sent."""
    repetition = best_repetition(message, segment, field, 7, ("L",))
    last, first = (message.value(segment, field, component, repetition) for component in (1, 2))
    if not last and not first:
        return None
    return last, first


def read_address(message: Hl7Message, segment: Segment | None, field: int) -> Address | None:
    """An XAD (street^other^city^state^zip^country^type): the home (H) or the first; None when not sent."""
    repetition = best_repetition(message, segment, field, 7, ("H", "M", "C"))
    parts = [message.value(segment, field, component, repetition) for component in (1, 2, 3, 4, 5)]
    if not any(parts) or parts[0] == HL7_NULL:
        return None
    line1, line2, city, state, zip_code = parts
    with located(segment.where(field) if segment else ""):
        return Address(line1, city, state.upper(), re.sub(r"[\s-]", "", zip_code), line2)


def read_contacts(message: Hl7Message, segment: Segment | None, field: int) -> tuple[str | None, str | None]:
    """(phone, e-mail) from an XTN list: the first telephone (use PRN/ORN/WPN or none) as its digits
    (components 6 and 7 when component 1 is empty) and the first Internet address (NET, component 4)."""
    phone = email = None
    for repetition in range(1, message.repetitions(segment, field) + 1):

        def part(component: int, repetition: int = repetition) -> str:
            return message.value(segment, field, component, repetition)

        use, kind = part(2).upper(), part(3).upper()
        if use == "NET" or kind in ("INTERNET", "X.400"):
            email = part(4) if email is None else email
        elif phone is None:
            number = part(1) or (part(6) + part(7))
            phone = "" if number == HL7_NULL else number
    return phone, email


def read_identifier(
    message: Hl7Message, segment: Segment | None, field: int, repetition: int = 1
) -> tuple[str, str]:
    """A CX: (id, assigning authority's namespace id)."""
    identifier = message.value(segment, field, 1, repetition)
    assigner = message.value(segment, field, 4, repetition, 1) or message.value(
        segment, field, 4, repetition, 2
    )
    return identifier, assigner


def read_cents(message: Hl7Message, segment: Segment | None, field: int, label: str) -> int | None:
    """A CP/MO amount (quantity^currency) in cents; None when empty."""
    text = message.value(segment, field).replace(",", "").replace("$", "")
    if not text:
        return None
    where = segment.where(field) if segment else ""
    try:
        cents = Money.from_decimal(text).cents
    except RevcycleError:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"{where}: {label} {text!r} is not an amount") from None
    if cents <= 0:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"{where}: {label} {text!r} must be positive")
    return cents


def read_whole(message: Hl7Message, segment: Segment | None, field: int, label: str, default: int) -> int:
    """A whole number (NM); `default` when empty."""
    text = message.value(segment, field)
    if not text:
        return default
    where = segment.where(field) if segment else ""
    try:
        number = float(text)
        whole = int(number)  # 'inf' and 'nan' are floats but no number of units
    except (ValueError, OverflowError):
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {label} {text!r} is not a number") from None
    if number != whole or whole < 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"{where}: {label} {text!r} must be a whole number from 1")
    return whole


def optional_text(message: Hl7Message, segment: Segment | None, field: int, component: int = 1) -> str | None:
    """A text as an update reads it: None when not sent (kept), '' when sent as "" (cleared), else the value."""
    text = message.value(segment, field, component)
    if not text:
        return None
    return "" if text == HL7_NULL else text
