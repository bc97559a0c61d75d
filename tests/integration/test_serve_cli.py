"""`revcycle serve` starts uvicorn on the app: the OpenAPI document and a JSON 401 come back over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from served_app import free_port

from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade


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


def test_serve_as_of_a_day_shows_that_day_in_the_page_header(tmp_path):
    # given a migrated database, served with its clock started on 2026-04-15
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(make_engine(url))
    port = free_port()
    env = {**os.environ, "REVCYCLE_SECRET_KEY": "serve-test"}
    command = [sys.executable, "-m", "revcycle.cli.main", "serve", "--port", str(port), "--database-url", url,
               "--as-of", "2026-04-15"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        page = None
        for _ in range(100):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    # then the sign-in page's header says the app's day, and the command said it when it started
    assert page is not None and page.status_code == 200
    assert "Today 2026-04-15" in page.text
    assert "today is 2026-04-15" in output
