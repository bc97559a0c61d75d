"""Compile the I/OCE hospital outpatient NCCI PTP table into `ioce_ncci_ptp.npz` (~0.4 MB).

Source: `cms/ncci_ptp_hospital_outpatient_ioce_v27.1.0_2026Q2.csv.gz` (the I/OCE `map_ncci` table via
pyoce: 1,594,456 pair/version ranges, 2019-07-01 to v27.1.0, 2026-04-01 onward) and
`cms/ioce_version_quarters.csv` (the 28 quarterly I/OCE versions). Each range is stored as its pair
(column 1 as a base-36 number, delta-encoded in sorted order; column 2 as a base-36 number), the
index of its first and last quarter (255: open, i.e. still in force in v27.1.0, or, for the first
quarter, in force since before 2019-07-01: the source's floor) and its modifier indicator.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from revcycle.codesets.compilers.sources import open_source

PTP_REF = "corpus:cms/ncci_ptp_hospital_outpatient_ioce_v27.1.0_2026Q2.csv.gz"
QUARTERS_REF = "corpus:cms/ioce_version_quarters.csv"
IOCE_PTP_FILE = "ioce_ncci_ptp.npz"
OPEN = 255
CODE_SPACE = 36**5


def _quarters() -> list[dict[str, str]]:
    with open_source(QUARTERS_REF) as stream:
        return list(csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8")))


def compile_ioce_ptp() -> dict[str, bytes]:
    quarters = _quarters()
    first_of = {row["quarter_start"]: index for index, row in enumerate(quarters)}
    last_of = {row["quarter_end"]: index for index, row in enumerate(quarters) if row["quarter_end"]}
    keys: list[int] = []
    firsts: list[int] = []
    lasts: list[int] = []
    indicators: list[int] = []
    with open_source(PTP_REF) as stream:
        reader = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8"))
        for row in reader:
            keys.append(int(row["column1"], 36) * CODE_SPACE + int(row["column2"], 36))
            firsts.append(OPEN if row["effective_from_is_floor"] == "1" else first_of[row["effective_from"]])
            lasts.append(OPEN if not row["effective_through"] else last_of[row["effective_through"]])
            indicators.append(int(row["modifier_indicator"]))
    key_array = np.array(keys, dtype=np.int64)
    order = np.lexsort((np.array(firsts), key_array))
    key_array = key_array[order]
    column1 = key_array // CODE_SPACE
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        column1_deltas=np.diff(column1, prepend=0).astype(np.int64),
        column2=(key_array % CODE_SPACE).astype(np.int32),
        first_quarter=np.array(firsts, dtype=np.uint8)[order],
        last_quarter=np.array(lasts, dtype=np.uint8)[order],
        modifier_indicator=np.array(indicators, dtype=np.uint8)[order],
        quarter_starts=np.array([row["quarter_start"] for row in quarters]),
        quarter_ends=np.array([row["quarter_end"] for row in quarters]),
        versions=np.array([row["ioce_version_id"] for row in quarters]),
    )
    return {IOCE_PTP_FILE: buffer.getvalue()}
