"""An ASGI app served by uvicorn on 127.0.0.1 in a thread, for tests that need a real HTTP server (browser
tests, the access log): `with serving(app) as base_url: ...`."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(app: Any, **config: Any) -> Iterator[str]:  # noqa: ANN401 - any ASGI app
    """The app on a free port until the block ends; `config` goes to `uvicorn.Config` (log level warning)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), **({"log_level": "warning"} | config)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
