"""Resolve a manifest `source_ref` to a readable file, and write compiled files reproducibly.

    corpus:<path>                 a file under the shared corpus ($REVCYCLE_CORPUS_DIR, or
                                  ../shared/corpus next to the repository)
    package:<module>:<path>       a data file shipped inside an installed Python package
"""

from __future__ import annotations

import gzip
import importlib.resources
import io
import json
import os
from pathlib import Path
from typing import IO, Any

from revcycle.kernel.errors import ErrorCode, RevcycleError

REPO_ROOT = Path(__file__).resolve().parents[4]


def corpus_dir() -> Path:
    configured = os.environ.get("REVCYCLE_CORPUS_DIR")
    if configured:
        return Path(configured)
    shared = os.environ.get("REVCYCLE_SHARED_DIR")
    return (Path(shared) if shared else REPO_ROOT.parent / "shared") / "corpus"


def open_source(source_ref: str) -> IO[bytes]:
    """An open binary stream of the source (gunzipped when the name ends in .gz)."""
    scheme, _, rest = source_ref.partition(":")
    if scheme == "corpus":
        path = corpus_dir() / rest
        if not path.is_file():
            raise RevcycleError(ErrorCode.CODESET_DATA_MISSING, f"source file not found: {path}")
        raw = path.read_bytes()
    elif scheme == "package":
        module, _, inner = rest.partition(":")
        resource = importlib.resources.files(module).joinpath(inner)
        if not resource.is_file():
            raise RevcycleError(ErrorCode.CODESET_DATA_MISSING, f"package data not found: {source_ref}")
        raw = resource.read_bytes()
    else:
        raise RevcycleError(ErrorCode.INVALID_CODESET_FILE, f"unknown source scheme in {source_ref!r}")
    return io.BytesIO(gzip.decompress(raw) if source_ref.endswith(".gz") else raw)


def compact_json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_gzip(path: Path, content: bytes) -> None:
    """gzip with mtime 0 and no file name, so the same content gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(content)
    path.write_bytes(buffer.getvalue())
