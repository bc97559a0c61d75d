"""Seeds and mutations for fuzzing the X12 reader and the 835 translator.

Seeds are files the project writes itself (an 835 from the payer simulator, an 837P from the example
claim, the 999 answering that 835), so the fuzz target runs without ../shared; when the shared corpus is
there, a sample of its real 835, 837P/I, 270/271, 276/277, 277CA and 999 files joins them.

Hypothesis draws a seed and its mutations (MUTATIONS); a batch adds inputs mutated further from a
`random.Random` it seeds (`random_mutations`), which keeps long runs fast. A mutation works on bytes (replace, insert, delete, truncate, splice), on segments (drop, repeat, swap,
move: loops out of order, envelopes missing) or on one element (a value that has crashed readers: numbers
of thousands of digits, signs and points alone, non-ASCII digits, delimiters).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import strategies as st

from revcycle.claims.examples import example_claim as billed_claim
from revcycle.edi.claim_to_837 import write_837p
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.practice.organization import Receiver, Submitter
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.x12 import AckHeader, acknowledge, read_x12
from shared_corpus import CORPUS

CORPUS_FOLDERS = ("835", "837p", "837i", "270_271", "276_277", "277ca", "999_997", "malformed")
CORPUS_PER_FOLDER = 12  # the smallest files of each folder: fast to read, many inputs per second
CORPUS_MAX_BYTES = 20_000
CREATED = dt.datetime(2026, 3, 20, 9, 0)

INTERESTING = (
    "", "0", "-", ".", "-.", "1.", "-0", "9" * 19, "9" * 29, "9" * 5_000, "1" + "0" * 18, "0." + "0" * 40,
    "1E5", "NaN", "Infinity", "²", "١٢٣", "12345678", "20261301", "2599", "99999999", "ST", "SE", "GS", "ISA",
    "*", ":", "^", "~", "\x00", "\xff", "HL", "CLP", "ZZZ", "X" * 300,
)  # fmt: skip


def project_seeds() -> list[bytes]:
    """An 835, an 837P and a 999, written by the project's own writers."""
    claims = [
        example_claim("F1", "W100", (example_line(1, "99214", 15000), example_line(2, "36415", 2500))),
        example_claim("F2", "W200", (example_line(1, "99213", 9000),)),
        example_claim("F3", "W300", (example_line(1, "99215", 21000),)),
    ]
    advice = PayerEngine(example_payer()).adjudicate(claims, CREATED.date())
    remit = write_835(advice, EnvelopeSettings("acme", "87726", "CLINIC01", usage="T"), 1, CREATED)
    submitter = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
    claim_file = write_837p(
        [billed_claim()], submitter, Receiver("Acme Clearinghouse", "ACMECH"), 17, CREATED
    )
    ack = acknowledge(read_x12(remit, validate=True), AckHeader("CLINIC01", "ACMECH", 9))
    return [remit.encode(), claim_file.encode(), ack.encode()]


def corpus_seeds(root: Path = CORPUS / "x12") -> list[bytes]:
    """The smallest files of each corpus folder (none when ../shared is absent)."""
    seeds = []
    for folder in CORPUS_FOLDERS:
        files = sorted((p for p in (root / folder).glob("*") if p.is_file()), key=lambda p: p.stat().st_size)
        seeds += [p.read_bytes() for p in files if p.stat().st_size <= CORPUS_MAX_BYTES][:CORPUS_PER_FOLDER]
    return seeds


SEEDS = project_seeds() + corpus_seeds()

BYTE_OPS = st.tuples(
    st.sampled_from(["replace", "insert", "delete", "truncate", "splice"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(list(b"*:^~|>\n\r\x00\xff 0123456789-.ISAGSTEH")) | st.integers(0, 255),
)
SEGMENT_OPS = st.tuples(st.sampled_from(["drop", "repeat", "swap", "move"]), st.floats(0, 1), st.floats(0, 1))
ELEMENT_OPS = st.tuples(st.just("element"), st.floats(0, 1), st.integers(1, 12), st.sampled_from(INTERESTING))
MUTATIONS = st.lists(BYTE_OPS | SEGMENT_OPS | ELEMENT_OPS, min_size=1, max_size=6)


def random_mutations(rnd: random.Random) -> list[tuple]:
    """One to six mutations drawn like MUTATIONS, from a plain `random.Random` (cheap: for batches)."""
    mutations: list[tuple] = []
    for _ in range(rnd.randint(1, 6)):
        kind = rnd.random()
        if kind < 0.5:
            byte = (
                rnd.choice(b"*:^~|>\n\r\x00\xff 0123456789-.ISAGSTEH")
                if rnd.random() < 0.5
                else rnd.randrange(256)
            )
            operation = rnd.choice(["replace", "insert", "delete", "truncate", "splice"])
            mutations.append((operation, rnd.random(), rnd.random(), byte))
        elif kind < 0.75:
            mutations.append((rnd.choice(["drop", "repeat", "swap", "move"]), rnd.random(), rnd.random()))
        else:
            mutations.append(("element", rnd.random(), rnd.randint(1, 12), rnd.choice(INTERESTING)))
    return mutations


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    for mutation in mutations:
        if mutation[0] == "element":
            data = _element(data, *mutation[1:])
        elif mutation[0] in ("drop", "repeat", "swap", "move"):
            data = _segments(data, *mutation)
        else:
            data = _bytes(data, *mutation)
    return data


def _at(where: float, size: int) -> int:
    return min(int(where * size), max(size - 1, 0))


def _bytes(data: bytes, kind: str, where: float, other: float, byte: int) -> bytes:
    buffer = bytearray(data)
    if not buffer:
        return bytes([byte])
    at = _at(where, len(buffer))
    if kind == "replace":
        buffer[at] = byte
    elif kind == "insert":
        buffer.insert(at, byte)
    elif kind == "delete":
        del buffer[at]
    elif kind == "truncate":
        del buffer[at:]
    else:  # splice: a copy of up to 200 bytes from elsewhere in the file
        start = _at(other, len(buffer))
        buffer[at:at] = buffer[start : start + 200]
    return bytes(buffer)


def _terminator(data: bytes) -> bytes:
    return data[105:106] if data.startswith(b"ISA") and len(data) > 106 else b"~"


def _segments(data: bytes, kind: str, where: float, other: float) -> bytes:
    terminator = _terminator(data)
    parts = data.split(terminator)
    if len(parts) < 2:
        return data
    i, j = _at(where, len(parts)), _at(other, len(parts))
    if kind == "drop":
        del parts[i]
    elif kind == "repeat":
        parts.insert(i, parts[i])
    elif kind == "swap":
        parts[i], parts[j] = parts[j], parts[i]
    else:
        parts.insert(j, parts.pop(i))
    return terminator.join(parts)


def _element(data: bytes, where: float, position: int, value: str) -> bytes:
    terminator = _terminator(data)
    separator = data[3:4] if data.startswith(b"ISA") and len(data) > 3 else b"*"
    parts = data.split(terminator)
    i = _at(where, len(parts))
    elements = parts[i].split(separator)
    while len(elements) <= position:
        elements.append(b"")
    elements[position] = value.encode("utf-8")
    parts[i] = separator.join(elements)
    return terminator.join(parts)
