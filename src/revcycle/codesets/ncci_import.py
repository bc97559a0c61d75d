"""`revcycle codes import-ncci FILE`: read a CMS NCCI PTP or MUE file and keep it, compiled, in the
user data directory, where `ncci.ptp_table()` and `ncci_mue.mue_table()` find it from then on.

The layout is sniffed from the header row within the first lines of the file (CMS puts a
copyright preamble above it): a header naming MUE values is an MUE file, one starting with
Column 1 / column1 is a PTP file.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from revcycle.codesets import ncci, ncci_mue
from revcycle.kernel.errors import ErrorCode, RevcycleError

SNIFF_LINES = 60


@dataclass(frozen=True, slots=True)
class NcciImport:
    kind: str  # ptp | mue
    rows: int
    path: Path


def sniff_layout(source: Path) -> str:
    lines = [line.lower() for line in islice(ncci.open_text(source), SNIFF_LINES)]
    if any("mue" in line and ("hcpcs" in line or "code" in line) for line in lines):
        return "mue"
    if any(line.replace(" ", "").startswith(("column1", '"column1', "col1")) for line in lines):
        return "ptp"
    raise RevcycleError(ErrorCode.INVALID_CODESET_FILE,
                        f"{source.name}: neither an NCCI PTP file (Column 1, Column 2...) nor an MUE file")


def import_ncci_file(source: Path) -> NcciImport:
    if not source.is_file():
        raise RevcycleError(ErrorCode.NOT_FOUND, f"no such file: {source}")
    kind = sniff_layout(source)
    if kind == "mue":
        mue = ncci_mue.load_mue_file(source)
        target = ncci_mue.imported_mue_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        mue.save(target)
        return NcciImport("mue", len(mue), target)
    ptp = ncci.load_ptp_file(source)
    target = ncci.imported_ptp_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    ptp.save(target)
    return NcciImport("ptp", len(ptp), target)
