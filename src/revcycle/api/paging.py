"""Paging of API lists: the `limit` / `offset` query parameters and the `{items, total, limit, offset}` answer.

    return listed(listings.list_patients, request, user, limit, offset, last_name)  # a service paged in SQL
    return sliced(found, limit, offset, convert)  # a list a service answered whole
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Query, Request

from revcycle.api.auth import request_uow
from revcycle.api.schemas import to_json
from revcycle.practice.users import User
from revcycle.services import listings

Limit = Annotated[int, Query(ge=1, le=listings.MAX_PAGE_SIZE)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]  # past any table's rows; a bigger one is a 422


def paged(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """One page the store already cut (`listings.page_of`), with the total it counted."""
    return {"items": to_json(items), "total": total, "limit": limit, "offset": offset}


def listed(
    listing: Callable[..., tuple[list[Any], int]], request: Request, user: User, limit: int, offset: int, *filters: Any
) -> dict[str, Any]:
    """One page of a service list paged in SQL and audited per record: `listing(uow, user, page, *filters)`."""
    found, total = listing(request_uow(request), user, listings.page_of(limit, offset), *filters)
    return paged(found, total, limit, offset)


def sliced(found: Sequence[Any], limit: int, offset: int, convert: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of a list a service answered whole, each item converted to JSON by `convert`."""
    return paged([convert(item) for item in found[offset : offset + limit]], len(found), limit, offset)
