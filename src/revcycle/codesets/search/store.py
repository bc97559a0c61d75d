"""The compiled search index on disk: one gzip file of named sections, loaded without parsing.

Layout (before gzip): `RVSI`, a little-endian u32 header length, a JSON header, then the
sections back to back. The header lists every section as `[name, dtype, offset, length, count]`;
`dtype` is a numpy dtype (`<u4`, `<f4`, `u1`) or `str` (UTF-8 lines joined by `\\n`).
Numeric sections become read-only numpy views of the decompressed bytes; string sections
become lists. Nothing is executed on load (no pickle).
"""

from __future__ import annotations

import gzip
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from revcycle.kernel.errors import ErrorCode, RevcycleError

MAGIC = b"RVSI"
FORMAT = 1
DATA_DIR = Path(__file__).parent / "data"
INDEX_FILE = DATA_DIR / "icd10cm_search_index.bin.gz"


@dataclass(frozen=True)
class StoredIndex:
    """The sections of one compiled index, by name, plus the header's `about` metadata."""

    about: dict[str, Any]
    arrays: dict[str, np.ndarray]
    strings: dict[str, list[str]]


def write_index(
    path: Path, about: dict[str, Any], arrays: dict[str, np.ndarray], strings: dict[str, list[str]]
) -> int:
    """Write the sections to `path`; returns the compressed size in bytes."""
    payload: list[bytes] = []
    sections: list[list[Any]] = []
    offset = 0
    for name, array in arrays.items():
        blob = np.ascontiguousarray(array).tobytes()
        sections.append([name, array.dtype.str, offset, len(blob), int(array.size)])
        payload.append(blob)
        offset += len(blob)
    for name, lines in strings.items():
        if any("\n" in line for line in lines):
            raise ValueError(f"string section {name!r} holds a newline")
        blob = "\n".join(lines).encode("utf-8")
        sections.append([name, "str", offset, len(blob), len(lines)])
        payload.append(blob)
        offset += len(blob)
    header = json.dumps({"format": FORMAT, "about": about, "sections": sections}).encode("utf-8")
    raw = MAGIC + struct.pack("<I", len(header)) + header + b"".join(payload)
    compressed = gzip.compress(raw, compresslevel=9, mtime=0)
    path.write_bytes(compressed)
    return len(compressed)


def read_index(path: Path = INDEX_FILE) -> StoredIndex:
    """Load a compiled index; a missing or foreign file is a `RevcycleError`."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except FileNotFoundError as missing:
        raise RevcycleError(
            ErrorCode.CODESET_DATA_MISSING,
            f"the search index {path} is missing; run `python -m revcycle.codesets.search.build`",
        ) from missing
    if raw[:4] != MAGIC:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"{path} is not a revcycle search index")
    (header_length,) = struct.unpack_from("<I", raw, 4)
    header = json.loads(raw[8 : 8 + header_length])
    if header["format"] != FORMAT:
        raise RevcycleError(
            ErrorCode.INVALID_CODESET_FILE, f"{path} has format {header['format']}, expected {FORMAT}"
        )
    body = memoryview(raw)[8 + header_length :]
    arrays: dict[str, np.ndarray] = {}
    strings: dict[str, list[str]] = {}
    for name, dtype, offset, length, count in header["sections"]:
        chunk = body[offset : offset + length]
        if dtype == "str":
            strings[name] = bytes(chunk).decode("utf-8").split("\n") if count else []
        else:
            arrays[name] = np.frombuffer(chunk, dtype=np.dtype(dtype))
    return StoredIndex(about=header["about"], arrays=arrays, strings=strings)
