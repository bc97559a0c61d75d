"""HL7 v2 helpers for the interface tests: the example mapping, the fixtures (messages written for this project in
the shapes real EHRs send), receiving one through the inbox."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from revcycle.interfaces.hl7_mapping import load_mapping
from revcycle.interfaces.hl7_read import hl7_reader
from revcycle.interfaces.hl7_segments import split_messages
from revcycle.interfaces.mllp import drained, serve
from revcycle.services.hl7_intake import answer
from revcycle.services.interface_inbox import Receipt, receive

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "hl7"
MAPPING = ROOT / "examples" / "interfaces" / "hl7_mapping.toml"
READ = hl7_reader(load_mapping(MAPPING.read_text(), MAPPING.name))


def fixture(name: str) -> str:
    """The fixture's text as sent (its own separators: CR, LF or CRLF)."""
    return (FIXTURES / name).read_bytes().decode()


def received(world, name: str, text: str | None = None) -> Receipt:
    """The fixture (or `text`) received through the inbox as the interfaces user."""
    return receive(world.uow(), world.interfaces, "hl7", text if text is not None else fixture(name), READ)


def messages_of(name: str) -> list[str]:
    return split_messages(fixture(name))


@contextmanager
def listening(world, read=READ) -> Iterator[int]:
    """The MLLP listener on a free 127.0.0.1 port, in a thread running its asyncio loop (each message received in a
    worker thread through `services.hl7_intake.answer`, as `revcycle interfaces listen` does); yields the port."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, object] = {}

    async def handle(text: str) -> str:
        return await asyncio.to_thread(lambda: answer(world.uow(), world.interfaces, text, read)[1])

    async def run() -> None:
        server = await serve("127.0.0.1", 0, handle)
        holder["server"] = server
        holder["port"] = server.sockets[0].getsockname()[1]
        started.set()
        async with server:
            with suppress(asyncio.CancelledError):
                await server.serve_forever()
        await drained()

    thread = threading.Thread(target=lambda: loop.run_until_complete(run()), daemon=True)
    thread.start()
    assert started.wait(10), "the MLLP listener did not start"
    try:
        yield holder["port"]  # type: ignore[misc]
    finally:
        loop.call_soon_threadsafe(holder["server"].close)  # type: ignore[attr-defined]
        thread.join(10)
        loop.close()
