"""`revcycle serve` starts uvicorn on the app: the OpenAPI document and a JSON 401 come back over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_over_http(tmp_path):
    # given a migrated SQLite database and a free port
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(make_engine(url))
    port = free_port()
    env = {**os.environ, "REVCYCLE_SECRET_KEY": "serve-test"}
    command = [sys.executable, "-m", "revcycle.cli.main", "serve", "--port", str(port), "--database-url", url]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # when it is up
        schema = None
        for _ in range(100):
            try:
                schema = httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        refused = httpx.get(f"http://127.0.0.1:{port}/api/patients", timeout=5)
    finally:
        server.terminate()
        server.wait(timeout=10)
    # then the OpenAPI document lists the resources and an anonymous request is a JSON 401
    assert schema is not None and schema.status_code == 200
    assert {"/api/patients", "/api/claims", "/api/reports/aging"} <= set(schema.json()["paths"])
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "unauthenticated")
