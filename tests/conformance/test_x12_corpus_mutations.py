"""Fuzz: random byte mutations of corpus files never crash the reader; only X12 problems come out."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.x12 import AckHeader, X12Error, acknowledge, read_x12
from shared_corpus import CORPUS

SEEDS = [
    "835/stupidedi_X221A1_pass__secondary-payments.edi",
    "835/affect835__sample_835.txt",
    "835/tigershark__835-example.txt",
    "837p/stupidedi_X222A1_pass__COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi",
    "837p/imsweb__x12_valid_different_separators.txt",
    "837i/stupidedi_X223A2_pass__837-institutional-claim.edi",
    "malformed/imsweb__x12_segment_errors.txt",
]
SPECIAL = list(b"*:^~|>\n\r\x00\xff ISAGSTEIE0123456789")
MUTATION = st.tuples(
    st.sampled_from(["replace", "insert", "delete", "truncate"]),
    st.floats(0, 1),
    st.sampled_from(SPECIAL) | st.integers(0, 255),
)


def _mutate(data: bytes, mutations: list[tuple[str, float, int]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, byte in mutations:
        if not buffer:
            break
        at = min(int(where * len(buffer)), len(buffer) - 1)
        if kind == "replace":
            buffer[at] = byte
        elif kind == "insert":
            buffer.insert(at, byte)
        elif kind == "delete":
            del buffer[at]
        else:
            del buffer[at:]
    return bytes(buffer)


def _seed_bytes() -> list[bytes]:
    root = CORPUS / "x12"  # where the corpus_dir fixture looks ($REVCYCLE_SHARED_DIR, else ../shared)
    return [(root / name).read_bytes() for name in SEEDS if (root / name).is_file()]


SEED_BYTES = _seed_bytes()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, max(len(SEED_BYTES) - 1, 0)), st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_files_never_crash_the_reader(corpus_dir, seed, mutations):
    # given
    data = _mutate(SEED_BYTES[seed], mutations)
    # when: lenient reading with validation returns; strict reading raises only X12Error
    result = read_x12(data, validate=True)
    try:
        read_x12(data, strict=True)
    except X12Error as error:
        assert error.problems
    # then
    assert result.to_bytes() == data
    assert all(
        problem.segment_number is not None or problem.level == "interchange" for problem in result.problems
    )
    if result.transactions:
        assert acknowledge(result, AckHeader("CLEARINGHOUSE", "CLINIC", 1)).startswith("ISA*")
