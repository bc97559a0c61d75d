"""Browser hardening for every answer of the app, as one ASGI middleware (so routes added later are covered).

- Security headers on every response: a Content-Security-Policy (our pages load only /static and
  need no script; style attributes are allowed for the dashboard's bars; the Swagger/ReDoc pages get
  the CDN they load from), `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: same-origin`, a `Permissions-Policy` that turns off the device APIs.
- `Cache-Control: no-store` on every answer but /static: pages, API answers and PDFs may hold PHI, and
  a shared or back-button cache must not keep them.
- CSRF for cookie-authenticated calls: a state-changing request (POST, PUT, PATCH, DELETE) that does
  not carry `Authorization: Bearer` is refused (403 `forbidden`) when its `Origin` (else `Referer`)
  names another site than the one asked (`Host`, or `$REVCYCLE_TRUSTED_ORIGINS`, comma-separated,
  for a proxy that rewrites it). An /api call authenticated by the session cookie with neither header
  must be JSON or multipart: a cross-site `text/plain` form cannot be. Bearer-token calls are exempt:
  a browser never adds that header by itself. Web forms keep their own CSRF tokens too (`web.session`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

TRUSTED_ORIGINS_VARIABLE = "REVCYCLE_TRUSTED_ORIGINS"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_COOKIE = "revcycle_session"

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/api/docs", "/api/redoc")
_COMMON = (
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ("cross-origin-opener-policy", "same-origin"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def security_headers(path: str) -> list[tuple[str, str]]:
    """The headers every answer for `path` carries (the 500 handler adds them too)."""
    policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else PAGE_POLICY
    headers = [("content-security-policy", policy), *_COMMON]
    if not path.startswith("/static/"):
        headers.append(("cache-control", "no-store"))
    return headers


def _headers_of(scope: Scope) -> dict[str, str]:
    return {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope.get("headers", [])}


def _site(url: str) -> str:
    """`host[:port]` of an origin or a URL, lower-cased; '' for `null` or something unreadable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return parts.netloc.lower() if parts.scheme in ("http", "https") else ""


def _trusted_sites(host: str) -> set[str]:
    trusted = {host.lower()} if host else set()
    for origin in os.environ.get(TRUSTED_ORIGINS_VARIABLE, "").split(","):
        if site := _site(origin):
            trusted.add(site)
    return trusted


def csrf_refusal(method: str, path: str, headers: dict[str, str]) -> str | None:
    """Why a state-changing, cookie-authenticated request is refused as cross-site, or None."""
    if method not in UNSAFE_METHODS or headers.get("authorization", "").lower().startswith("bearer "):
        return None
    claimed = headers.get("origin") or headers.get("referer")
    if claimed is not None:
        if _site(claimed) not in _trusted_sites(headers.get("host", "")):
            return "a request from another site may not change anything here (Origin refused)"
        return None
    cookie_signed_in = f"{SESSION_COOKIE}=" in headers.get("cookie", "")
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if (
        path.startswith("/api/")
        and cookie_signed_in
        and content_type not in ("application/json", "multipart/form-data")
    ):
        return "a signed-in browser call to the API must be JSON (or a file upload) from this site"
    return None


class SecurityMiddleware:
    """Refuses cross-site state changes, then adds the security headers to whatever the app answers."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        added = [(name.encode(), value.encode()) for name, value in security_headers(path)]
        refusal = csrf_refusal(str(scope.get("method", "")).upper(), path, _headers_of(scope))
        if refusal is not None:
            await _refuse(send, refusal, added)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in added}
                kept = [
                    (name, value) for name, value in message.get("headers", []) if name.lower() not in names
                ]
                message["headers"] = kept + added
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send, message: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"error": {"code": "forbidden", "message": message}}).encode()
    start = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]
    await send({"type": "http.response.start", "status": 403, "headers": start})
    await send({"type": "http.response.body", "body": body})
