"""Mapping between domain objects and table rows (addresses and people spread over columns)."""

from __future__ import annotations

from typing import Any

from revcycle.practice.organization import Address
from revcycle.practice.patients import Person


def address_columns(address: Address | None, prefix: str = "") -> dict[str, Any]:
    if address is None:
        return {f"{prefix}address_line1": None, f"{prefix}address_line2": "", f"{prefix}city": None,
                f"{prefix}state": None, f"{prefix}zip_code": None}  # fmt: skip
    return {
        f"{prefix}address_line1": address.line1,
        f"{prefix}address_line2": address.line2,
        f"{prefix}city": address.city,
        f"{prefix}state": address.state,
        f"{prefix}zip_code": address.zip_code,
    }


def address_from(row: Any, prefix: str = "") -> Address | None:
    line1 = getattr(row, f"{prefix}address_line1")
    if line1 is None:
        return None
    return Address(
        line1,
        getattr(row, f"{prefix}city"),
        getattr(row, f"{prefix}state"),
        getattr(row, f"{prefix}zip_code"),
        getattr(row, f"{prefix}address_line2"),
    )


def person_columns(person: Person | None, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}first_name": person.first_name if person else None,
        f"{prefix}last_name": person.last_name if person else None,
        f"{prefix}birth_date": person.birth_date if person else None,
        **address_columns(person.address if person else None, prefix),
    }


def person_from(row: Any, prefix: str) -> Person | None:
    first_name = getattr(row, f"{prefix}first_name")
    if first_name is None:
        return None
    return Person(
        first_name,
        getattr(row, f"{prefix}last_name"),
        getattr(row, f"{prefix}birth_date"),
        address_from(row, prefix),
    )
