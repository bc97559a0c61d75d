"""Where the compiled code-set files live, and how they are read (no network, ever).

Shipped files sit in `revcycle/codesets/data/` inside the package. Files the user adds
(a licensed CPT import) live in the user data directory: `$REVCYCLE_DATA_DIR` when set,
else platformdirs' user data dir for "revcycle".
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from pathlib import Path
from typing import Any

from revcycle.kernel.errors import ErrorCode, RevcycleError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_file(name: str) -> Path:
    path = DATA_DIR / name
    if not path.is_file():
        raise RevcycleError(
            ErrorCode.CODESET_DATA_MISSING,
            f"code-set data file {name} is missing; run `python -m revcycle.codesets.build`",
        )
    return path


def read_bytes(name: str) -> bytes:
    """The file's content, gunzipped when its name ends in .gz."""
    raw = data_file(name).read_bytes()
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def read_json(name: str) -> Any:
    return json.loads(read_bytes(name))


def read_csv_rows(name: str) -> list[dict[str, str]]:
    path = data_file(name)
    if name.endswith(".gz"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def user_data_path() -> Path:
    configured = os.environ.get("REVCYCLE_DATA_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir  # imported here: only the CPT import needs it

    return Path(user_data_dir("revcycle", appauthor=False))
