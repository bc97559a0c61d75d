"""The one place that maps error codes to HTTP, and the JSON error body every failure uses.

    {"error": {"code": "not_found", "message": "unknown patient 7"}}
    {"error": {"code": "validation", "message": "body.birth_date: ...", "field": "body.birth_date",
               "fields": [{"field": "body.birth_date", "message": "..."}]}}

Never a stack trace: a RevcycleError carries a message meant for people, malformed input names
its field, and anything unexpected is a 500 with code `internal` (the trace goes to the server
log only).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from revcycle.api.security import security_headers
from revcycle.kernel.errors import ErrorCode, RevcycleError

log = logging.getLogger("revcycle.api")

_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.BUSY: 503,
    ErrorCode.PARTNER_UNREACHABLE: 502,
    ErrorCode.IDEMPOTENCY_CONFLICT: 409,
    ErrorCode.ILLEGAL_TRANSITION: 409,
    ErrorCode.VALIDATION: 422,
    ErrorCode.COVERAGE_NOT_IN_FORCE: 422,
    ErrorCode.UNBALANCED_ENTRY: 422,
    ErrorCode.UNBALANCED_REMITTANCE: 422,
    ErrorCode.NO_RELEASE_FOR_DATE: 422,
    ErrorCode.UNKNOWN_CODE_SYSTEM: 422,
    ErrorCode.X12_SYNTAX: 422,
    ErrorCode.X12_UNSUPPORTED: 422,
    ErrorCode.CODESET_DATA_MISSING: 503,
    ErrorCode.INVALID_CODESET_FILE: 503,
}


def http_status(code: ErrorCode) -> int:
    """HTTP status for an error code: the table above; `invalid_*` → 422; any other new code → 400."""
    if code in _STATUS:
        return _STATUS[code]
    return 422 if code.value.startswith("invalid_") else 400


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _revcycle_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RevcycleError)
    status = http_status(error.code)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(error.code.value, error.message), status_code=status, headers=headers)


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location)


def _malformed(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        {"field": _field(item.get("loc", ())), "message": str(item.get("msg", ""))} for item in error.errors()
    ]
    first = fields[0] if fields else {"field": "", "message": "malformed request"}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    body = error_body(ErrorCode.VALIDATION.value, message, field=first["field"], fields=fields)
    return JSONResponse(body, status_code=422)


def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = ErrorCode.NOT_FOUND.value if error.status_code == 404 else f"http_{error.status_code}"
    message = str(error.detail) if error.detail else HTTPStatus(error.status_code).phrase
    return JSONResponse(error_body(code, message), status_code=error.status_code, headers=error.headers)


def _internal(request: Request, error: Exception) -> JSONResponse:
    # the handler runs outside the `except`, so the exception is passed; log_privacy withholds its message
    log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path, exc_info=error)
    answer = JSONResponse(error_body("internal", "internal error; see the server log"), status_code=500)
    answer.headers.update(dict(security_headers(request.url.path)))  # a 500 is sent outside the middleware
    return answer


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RevcycleError, _revcycle_error)
    app.add_exception_handler(RequestValidationError, _malformed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(500, _internal)
