"""Identifiers a biller types in: NPI (Luhn check digit with the 80840 prefix), TIN, taxonomy.

Each `validate_*` returns the normalised identifier or raises `RevcycleError` with a stable code,
so an invalid identifier is rejected at entry and never reaches a claim.
"""

from __future__ import annotations

import re

from revcycle.kernel.errors import ErrorCode, RevcycleError

# The NPI is an ISO 7812 card number whose issuer prefix 80840 is left off the printed number.
NPI_ISSUER_PREFIX = "80840"
_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_EIN = re.compile(r"^([0-9]{2})-?([0-9]{7})$")
_SSN = re.compile(r"^([0-9]{3})-([0-9]{2})-([0-9]{4})$")
# EIN campus prefixes the IRS has never issued.
_UNISSUED_EIN_PREFIXES = frozenset(
    {"00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"}
)


def luhn_is_valid(digits: str) -> bool:
    """True when `digits` (all decimal digits) passes the Luhn mod-10 check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_is_valid(npi: str) -> bool:
    """True for a 10-digit NPI whose last digit is the Luhn check digit of 80840 + the first nine."""
    return len(npi) == 10 and npi.isascii() and npi.isdecimal() and luhn_is_valid(NPI_ISSUER_PREFIX + npi)


def validate_npi(npi: str) -> str:
    """The NPI with surrounding blanks removed, or `RevcycleError(INVALID_NPI)`."""
    cleaned = npi.strip()
    if not npi_is_valid(cleaned):
        raise RevcycleError(
            ErrorCode.INVALID_NPI,
            f"invalid NPI {cleaned!r}: an NPI is 10 digits whose last digit is the Luhn check digit (prefix 80840)",
        )
    return cleaned


def validate_tin(tin: str) -> str:
    """A TIN as 9 digits: an EIN (NN-NNNNNNN or 9 digits) or an SSN written NNN-NN-NNNN."""
    cleaned = tin.strip()
    if ssn := _SSN.match(cleaned):
        area, group, serial = ssn.groups()
        if area in {"000", "666"} or area.startswith("9") or group == "00" or serial == "0000":
            raise RevcycleError(ErrorCode.INVALID_TIN, f"invalid TIN {cleaned!r}: not an issuable SSN")
        return area + group + serial
    ein = _EIN.match(cleaned)
    if ein is None:
        raise RevcycleError(
            ErrorCode.INVALID_TIN,
            f"invalid TIN {cleaned!r}: expected an EIN NN-NNNNNNN or an SSN NNN-NN-NNNN",
        )
    prefix, rest = ein.groups()
    if prefix in _UNISSUED_EIN_PREFIXES:
        raise RevcycleError(
            ErrorCode.INVALID_TIN, f"invalid TIN {cleaned!r}: EIN prefix {prefix} is never issued"
        )
    return prefix + rest


def validate_taxonomy(code: str) -> str:
    """A health-care provider taxonomy code: 10 characters ending in X (e.g. 207Q00000X)."""
    cleaned = code.strip().upper()
    if not _TAXONOMY.match(cleaned):
        raise RevcycleError(
            ErrorCode.VALIDATION, f"invalid taxonomy code {cleaned!r}: expected e.g. 207Q00000X"
        )
    return cleaned
