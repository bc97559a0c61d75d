"""Small field checks shared by the practice entities; each raises `RevcycleError(VALIDATION)`."""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

from revcycle.kernel.errors import ErrorCode, RevcycleError

_STATE = re.compile(r"^[A-Z]{2}$")
_ZIP = re.compile(r"^[0-9]{5}([0-9]{4})?$")
_POS = re.compile(r"^[0-9]{2}$")
_PHONE = re.compile(r"^[2-9][0-9]{2}[2-9][0-9]{6}$")
E = TypeVar("E", bound=Enum)


def require_text(value: str, field: str, max_length: int = 200) -> None:
    if not value or not value.strip():
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} is required")
    if len(value) > max_length:
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} is longer than {max_length} characters")


def require_state(value: str) -> None:
    if not _STATE.match(value):
        raise RevcycleError(ErrorCode.VALIDATION, f"state must be two capital letters, got {value!r}")


def require_zip(value: str) -> None:
    if not _ZIP.match(value):
        raise RevcycleError(ErrorCode.VALIDATION, f"ZIP code must be 5 or 9 digits, got {value!r}")


def require_place_of_service(value: str) -> None:
    if not _POS.match(value):
        raise RevcycleError(ErrorCode.VALIDATION, f"place of service must be a 2-digit code, got {value!r}")


def normalize_phone(value: str, field: str = "phone") -> str:
    """A US phone number as its 10 digits ("(217) 555-0100" -> "2175550100"); "" stays "" (none given)."""
    digits = re.sub(r"[\s().+-]", "", value or "")
    if digits.startswith("1") and len(digits) == 11:
        digits = digits[1:]
    if digits and not _PHONE.match(digits):
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} must be a 10-digit US number, got {value!r}")
    return digits


def require_positive_id(value: int | None, field: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} must be a positive integer id, got {value!r}")


def parse_choice(enum: type[E], value: object, field: str) -> E:
    """`enum(value)`, or `RevcycleError(VALIDATION)` naming the allowed values."""
    try:
        return enum(value)
    except ValueError as exc:
        allowed = ", ".join(str(member.value) for member in enum)
        raise RevcycleError(ErrorCode.VALIDATION, f"{field} must be one of {allowed}; got {value!r}") from exc
