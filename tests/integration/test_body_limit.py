"""A body over 50 MB is refused while it is read, not after buffering it: a real uvicorn on 127.0.0.1.

The issue's case: a 200 MB raw body was read whole before the 50 MB refusal. Now a declared Content-Length
over the limit is answered at once, and a chunked body is cut off just past 50 MB.
"""

from __future__ import annotations

import socket
import time

import pytest
from api_setup import api_world
from served_app import serving
from services_setup import NOW

from revcycle.api import create_app
from revcycle.api.body_limit import MAX_BODY_BYTES
from revcycle.kernel import FixedClock

MB = 1024 * 1024


@pytest.fixture
def server(engine):
    """(port, a biller's bearer token): the API served by uvicorn in a thread."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the HTTP layer is the same on both databases")
    world = api_world(engine)
    app = create_app(engine, FixedClock(NOW), secret_key="test-secret")
    with serving(app, lifespan="off") as base:
        yield int(base.rsplit(":", 1)[1]), world.tokens["biller"]


def _head(port: int, token: str, framing: str) -> bytes:
    return (f"POST /api/remittances/preview HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/edi-x12\r\n{framing}\r\n\r\n").encode()  # fmt: skip


def _answer(connection: socket.socket) -> bytes:
    """The whole answer (the 413 closes the connection)."""
    connection.settimeout(10)
    answer = b""
    while part := connection.recv(65536):
        answer += part
    return answer


def test_a_declared_200_mb_body_is_refused_before_a_byte_of_it_is_read(server):
    port, token = server
    with socket.create_connection(("127.0.0.1", port)) as connection:
        # when a client announces 200 MB and sends none of it
        started = time.monotonic()
        connection.sendall(_head(port, token, f"Content-Length: {200 * MB}"))
        answer = _answer(connection)
    # then the 413 comes at once, with the API's error body
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(
        b'{"error": {"code": "too_large", "message": "the request body is larger than 50 MB"}}'
    )
    assert time.monotonic() - started < 5


def test_a_chunked_body_is_cut_off_just_past_the_limit(server):
    port, token = server
    chunk = b"X" * MB
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(_head(port, token, "Transfer-Encoding: chunked"))
        connection.settimeout(0.001)
        # when a client streams up to 200 MB without saying how much
        while sent < 200 * MB and not answer:
            try:
                connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                answer = connection.recv(65536)
            except (TimeoutError, BlockingIOError):
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = answer or _answer(connection)
    # then the server answered 413 once it had read past 50 MB, long before the 200 MB were sent
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert MAX_BODY_BYTES < sent < 100 * MB, sent
