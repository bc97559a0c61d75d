"""Paging of API lists: the `limit` / `offset` query parameters and the `{items, total, limit, offset}` answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Query

from revcycle.api.schemas import to_json
from revcycle.services import listings

Limit = Annotated[int, Query(ge=1, le=listings.MAX_PAGE_SIZE)]
Offset = Annotated[int, Query(ge=0)]


def paged(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """One page the store already cut (`listings.page_of`), with the total it counted."""
    return {"items": to_json(items), "total": total, "limit": limit, "offset": offset}


def sliced(found: Sequence[Any], limit: int, offset: int, convert: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of a list a service answered whole, each item converted to JSON by `convert`."""
    return paged([convert(item) for item in found[offset : offset + limit]], len(found), limit, offset)
