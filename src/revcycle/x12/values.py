"""Typed values from elements, for typed readers: problems are reported, never raised.

    amount = values.decimal_at(segment, 4, context)       # Decimal | None; "CLP04 'ABC' is not a number"
    when = values.date_at(segment, 2, context)            # date | None (CCYYMMDD)
    parts = values.components(segment, 1, separator)      # ["HC", "99213", "25"]

`context` is anything with `problem(segment, message, element=...)` (reader.TypedContext).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Protocol


class Reporter(Protocol):
    def problem(self, segment: list[str], message: str, *, element: int | None = None) -> None: ...


def text_at(segment: list[str], position: int) -> str:
    return segment[position] if position < len(segment) else ""


def padded(segment: list[str], size: int) -> list[str]:
    """The segment with at least `size` elements (missing trailing elements as ""), for direct indexing."""
    return segment if len(segment) >= size else segment + [""] * (size - len(segment))


MAX_DIGITS = 18  # the longest numeric element (R, N) of every 5010 guide; validation checks each one's own


def is_decimal_text(value: str) -> bool:
    digits = value[1:] if value[:1] == "-" else value
    return digits.replace(".", "", 1).isdecimal() and digits.isascii()


def _too_long(value: str) -> bool:
    """Longer than any X12 number (digits, a sign, a point): also what keeps `Decimal` exact and `int` cheap."""
    return len(value) > MAX_DIGITS + 2


# Amounts and dates repeat a lot in a file (0, 25, 100.00, the same service dates); both types
# are immutable, so converted values are shared through bounded caches.
_DECIMALS: dict[str, Decimal] = {}
_DATES: dict[str, dt.date] = {}
CACHE_LIMIT = 200_000


def decimal_at(
    segment: list[str], position: int, context: Reporter, required: bool = False
) -> Decimal | None:
    value = segment[position] if position < len(segment) else ""
    cached = _DECIMALS.get(value)
    if cached is not None:
        return cached
    if not value:
        if required:
            context.problem(segment, f"{segment[0]}{position:02d} is required (a number)", element=position)
        return None
    if _too_long(value):
        message = f"{segment[0]}{position:02d} has {len(value)} characters, more than a number's {MAX_DIGITS} digits"
        context.problem(segment, message, element=position)
        return None
    if is_decimal_text(value):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if len(_DECIMALS) < CACHE_LIMIT:
                _DECIMALS[value] = amount
            return amount
    context.problem(segment, f"{segment[0]}{position:02d} {value[:40]!r} is not a number", element=position)
    return None


def int_at(segment: list[str], position: int, context: Reporter) -> int | None:
    value = segment[position] if position < len(segment) else ""
    if not value:
        return None
    if value.isdecimal() and value.isascii() and len(value) <= MAX_DIGITS:
        return int(value)
    context.problem(
        segment, f"{segment[0]}{position:02d} {value[:40]!r} is not a whole number", element=position
    )
    return None


def parse_date(value: str) -> dt.date | None:
    if len(value) != 8 or not value.isdecimal() or not value.isascii():
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _cached_date(value: str) -> dt.date | None:
    parsed = parse_date(value)
    if parsed is not None and len(_DATES) < CACHE_LIMIT:
        _DATES[value] = parsed
    return parsed


def date_at(segment: list[str], position: int, context: Reporter) -> dt.date | None:
    value = segment[position] if position < len(segment) else ""
    cached = _DATES.get(value)
    if cached is not None:
        return cached
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        context.problem(
            segment, f"{segment[0]}{position:02d} {value[:40]!r} is not a date (CCYYMMDD)", element=position
        )
    elif len(_DATES) < CACHE_LIMIT:
        _DATES[value] = parsed
    return parsed


def date_range_at(
    segment: list[str], position: int, context: Reporter
) -> tuple[dt.date | None, dt.date | None]:
    """A D8 date or an RD8 range `CCYYMMDD-CCYYMMDD` (the format qualifier sits before it)."""
    value = segment[position] if position < len(segment) else ""
    first, _, last = value.partition("-")
    start = _DATES.get(first) or _cached_date(first)
    end = (_DATES.get(last) or _cached_date(last)) if last else None
    if value and (start is None or (last and end is None)):
        message = f"{segment[0]}{position:02d} {value[:40]!r} is not a date or date range"
        context.problem(segment, message, element=position)
    return start, end if last else start


def components(segment: list[str], position: int, separator: str) -> list[str]:
    value = segment[position] if position < len(segment) else ""
    return value.split(separator) if value else []


def neutral(segment: list[str], component: str) -> list[str | tuple[str, ...]]:
    """A segment kept as written, with composites as tuples, so any writer's delimiters apply."""
    return [tuple(value.split(component)) if component in value else value for value in segment]


_DECIMAL_TEXT: dict[Decimal, str] = {}
_DATE_TEXT: dict[dt.date, str] = {}


def format_decimal(amount: Decimal | None) -> str | None:
    """X12 R format: no exponent, no trailing zeros after the point, no '+'."""
    if amount is None:
        return None
    cached = _DECIMAL_TEXT.get(amount)
    if cached is not None:
        return cached
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = "0" if text in ("", "-0") else text
    if len(_DECIMAL_TEXT) < CACHE_LIMIT:
        _DECIMAL_TEXT[amount] = text
    return text


def format_date(value: dt.date | None) -> str | None:
    if value is None:
        return None
    cached = _DATE_TEXT.get(value)
    if cached is None:
        cached = f"{value.year:04d}{value.month:02d}{value.day:02d}"
        if len(_DATE_TEXT) < CACHE_LIMIT:
            _DATE_TEXT[value] = cached
    return cached
