"""What every repository shares: `Repository` (bound to the unit of work's connection; insert a row and get
its id, read a row by id, read the rows whose key is in a list, CHUNK values per IN list), `where_given`
(optional filters), and the mapping of addresses and people spread over columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Select, Table, insert, select

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Address
from revcycle.practice.patients import Person

CHUNK = 500  # values per IN (...) list


def where_given(query: Select, *filters: tuple[ColumnElement, object]) -> Select:
    """The query narrowed to `column == value` for each (column, value) filter whose value is given."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query


class Repository:
    """A repository of the unit of work (`uow.patients`, `uow.practice` …), on its connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        """Insert one row; its id."""
        return int(self._connection.execute(insert(table).values(values)).inserted_primary_key[0])

    def _row(self, table: Table, row_id: int, what: str) -> Any:
        """The row with this id, else NOT_FOUND "unknown <what> <id>"."""
        row = self._connection.execute(select(table).where(table.c.id == row_id)).first()
        if row is None:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown {what} {row_id}")
        return row

    def _rows_in(self, key: Column[Any], values: Iterable[Any], *columns: Any,
                 order_by: Sequence[Any] = ()) -> Iterator[Sequence[Any]]:  # fmt: skip
        """The rows of `key`'s table (or just `columns`) whose `key` is one of `values` (each once), CHUNK values
        at a time, each chunk in `order_by` order."""
        wanted = sorted(set(values))
        for start in range(0, len(wanted), CHUNK):
            query = select(*(columns or (key.table,))).where(key.in_(wanted[start : start + CHUNK]))
            yield self._connection.execute(query.order_by(*order_by)).all()


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
