"""HL7 v2 helpers for the interface tests: the example mapping, the fixtures (messages written for this project in
the shapes real EHRs send), receiving one through the inbox."""

from __future__ import annotations

from pathlib import Path

from revcycle.interfaces.hl7_mapping import load_mapping
from revcycle.interfaces.hl7_read import hl7_reader
from revcycle.interfaces.hl7_segments import split_messages
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
