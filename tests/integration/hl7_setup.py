"""HL7 v2 helpers for the interface tests: the example mapping, the fixtures (messages written for this project in
the shapes real EHRs send), receiving one through the inbox."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from revcycle.interfaces.hl7_mapping import load_mapping
from revcycle.interfaces.hl7_read import hl7_reader
from revcycle.interfaces.hl7_segments import split_messages
from revcycle.interfaces.mllp import listening_in_thread
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

    async def handle(text: str) -> str:
        return await asyncio.to_thread(lambda: answer(world.uow(), world.interfaces, text, read)[1])

    with listening_in_thread(handle) as port:
        yield port
