"""A request body over the limit is refused while it is read, before it is buffered: 413.

    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)

An ASGI middleware (the API and the web pages share it: the web app is the API's app with pages). A declared
`Content-Length` over the limit is answered at once, reading nothing; a body sent without one (chunked) is
counted as it arrives, and at the first byte past the limit the reading stops: the app's receive raises,
whatever it answers is dropped, and the client gets the 413 (JSON under /api, plain text elsewhere). Routes
keep their own smaller limits (an 835 on the web pages: 20 MB).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from revcycle.api.errors import error_body

MAX_BODY_BYTES = 50 * 1024 * 1024  # the largest body any route takes (an 835 through the API)


class BodyTooLarge(Exception):
    """Raised inside the app's receive once the body passed the limit (the middleware answers 413)."""


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        await _LimitedRequest(self, scope, receive, send).run()

    async def _refuse(self, scope: Scope, send: Send) -> None:
        megabytes = self.max_bytes // (1024 * 1024)
        message = f"the request body is larger than {megabytes} MB"
        if str(scope.get("path", "")).startswith("/api"):
            body, kind = json.dumps(error_body("too_large", message)).encode(), b"application/json"
        else:
            body, kind = message.encode(), b"text/plain; charset=utf-8"
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _LimitedRequest:
    """One request under the limit: counts what the app receives, holds back its answer once over."""

    def __init__(self, limit: BodySizeLimit, scope: Scope, receive: Receive, send: Send) -> None:
        self.limit, self.scope, self.receive, self.send = limit, scope, receive, send
        self.received = 0
        self.over = False
        self.started = False

    async def run(self) -> None:
        try:
            await self.limit.app(self.scope, self.receive_counted, self.send_unless_over)
        except BodyTooLarge:
            pass
        except Exception:
            if not self.over:
                raise
        if self.over and not self.started:
            await self.limit._refuse(self.scope, self.send)

    async def receive_counted(self) -> Message:
        if self.over:
            raise BodyTooLarge
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit.max_bytes:
                self.over = True
                raise BodyTooLarge
        return message

    async def send_unless_over(self, message: Message) -> None:
        if self.over:
            return  # the app's answer to a body it could not finish reading: the 413 goes instead
        self.started = True
        await self.send(message)
