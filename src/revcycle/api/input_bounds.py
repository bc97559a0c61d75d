"""Bounds on what a request may carry before any route sees it (one ASGI middleware, so later routes are covered).

A value out of these bounds is a 422 `validation` naming it, never a 500 from the database or date arithmetic:
- a path segment of digits (signed or not) is an id: at most 2,147,483,647 either way (ids are 32-bit integer
  columns);
- a query value: no NUL; `*_id`, `id`, `offset`, `limit` and other whole numbers within 32 bits when the
  name says id or paging, a count of `*_days` at most the span of the dates taken (so today minus it is still a
  date), within 64 bits otherwise; a date (YYYY-MM-DD) between 1900 and 2199;
- JSON bodies are held to the same by `api.schemas.Strict` (strings without NUL, dates in range, ids 32-bit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, unquote

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DAYS_MAX = (LATEST_DATE - EARLIEST_DATE).days  # 109,572: a day count past this reaches before year 1
_WHOLE = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_THIRTY_TWO_BIT_NAMES = ("offset", "limit", "id")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def date_problem(value: date) -> str | None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return f"a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
    return None


def _number_problem(name: str, text: str) -> str | None:
    number = int(text) if len(text) <= 40 else INT64_MAX + 1
    if name.endswith("_days"):
        return None if abs(number) <= DAYS_MAX else f"a number of days up to {DAYS_MAX:,}"
    if name in _THIRTY_TWO_BIT_NAMES or name.endswith(("_id", "_ids")):
        return None if abs(number) <= INT32_MAX else f"a whole number up to {INT32_MAX:,}"
    return None if abs(number) <= INT64_MAX else f"a whole number up to {INT64_MAX:,}"


def query_problem(name: str, value: str) -> str | None:
    """Why a query value is refused, or None."""
    if "\x00" in value or "\x00" in name:
        return "a value without NUL characters"
    if _WHOLE.match(value):
        return _number_problem(name, value)
    if found := _DATE.match(value):
        year = int(found.group(1))
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            return f"a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
    return None


def path_problem(path: str) -> tuple[str, str] | None:
    """(the segment, why) for a path segment out of bounds, or None."""
    for segment in path.split("/"):
        if "\x00" in segment:
            return segment.replace("\x00", "\\0"), "a path without NUL characters"
        digits = segment.lstrip("+-")
        if _WHOLE.match(segment) and (len(digits) > 10 or int(digits) > INT32_MAX):  # signed too: -9...9
            return segment[:20], f"an id from 1 to {INT32_MAX:,}"
    return None


def request_problem(scope: Scope) -> tuple[str, str] | None:
    """(the field, why) for the first value of the request out of bounds, or None."""
    raw_path = unquote(str(scope.get("path", "")))
    if found := path_problem(raw_path):
        return f"path.{found[0]}", found[1]
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if (why := query_problem(name, value)) is not None:
            return f"query.{name.replace(chr(0), '')[:40]}", why
    return None


class InputBounds:
    """Refuses (422) a request whose path or query holds a value out of bounds; passes the rest on."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (found := request_problem(scope)) is not None:
            field, why = found
            message = f"{field}: expected {why}"
            body = json.dumps({"error": {"code": "validation", "message": message, "field": field,
                                         "fields": [{"field": field, "message": f"expected {why}"}]}}).encode()  # fmt: skip
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 422, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
