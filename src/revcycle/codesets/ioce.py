"""The Integrated Outpatient Code Editor (I/OCE) data a hospital outpatient claim is edited with.

    status_indicator(code, dos) -> StatusIndicator | None   the OPPS status indicator of a HCPCS Level II
                                                           code on the DOS (None: no I/OCE entry then)
    STATUS_INDICATORS                                      letter -> what the I/OCE/OPPS says it means
    outpatient_ptp() -> PtpTable                           the hospital outpatient NCCI PTP table

Status indicators come with the HCPCS Level II table (`hcpcs`, the I/OCE HCPCS history v20.2.27
2019-07-01 .. v27.1.0 2026-04-01 onward). CPT codes are not in the public I/OCE files (AMA content),
so a CPT code has no status indicator here.

The NCCI PTP table is the I/OCE's `map_ncci` (hospital outpatient) compiled by
`compilers.ioce` into `data/ioce_ncci_ptp.npz`: 1,594,456 pair ranges by quarter, 2019-07-01 to
2026Q2 onward; a range the source floors at 2019-07-01 is taken as in force before it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np

from revcycle.codesets import hcpcs
from revcycle.codesets.ncci import CODE_SPACE, OPEN_END, PtpTable
from revcycle.codesets.packaged_data import data_file

IOCE_PTP_FILE = "ioce_ncci_ptp.npz"
OPEN_QUARTER = 255
BEFORE_THE_DATA = date(1996, 1, 1).toordinal()  # NCCI began 1996-01-01
SOURCE = "CMS I/OCE v20.2.27 (2019-07-01) .. v27.1.0 (2026-04-01 onward), via pyoce"

# OPPS Addendum D1 status indicators, as the I/OCE applies them to an outpatient hospital claim.
STATUS_INDICATORS = {
    "A": "paid under a fee schedule or payment system other than OPPS",
    "B": "not recognized by OPPS on an outpatient hospital Part B bill (12x, 13x); "
    "an alternate code may be recognized",
    "C": "inpatient procedure: not paid under OPPS; admit the patient and bill as inpatient",
    "D": "discontinued code: not paid under OPPS or any other Medicare payment system",
    "E1": "not covered by any Medicare outpatient benefit category, statutorily excluded, or not "
    "reasonable and necessary: not paid on an outpatient claim",
    "E2": "no pricing information or claims data: not paid on an outpatient claim",
    "F": "corneal tissue acquisition, certain CRNA services, hepatitis B vaccines: paid at reasonable cost",
    "G": "pass-through drug or biological: separate APC payment",
    "H": "pass-through device category: separate cost-based pass-through payment",
    "J1": "hospital Part B service paid through a comprehensive APC",
    "J2": "hospital Part B service that may be paid through a comprehensive APC",
    "K": "non-pass-through drug, biological or radiopharmaceutical: separate APC payment",
    "L": "influenza or pneumococcal vaccine: paid at reasonable cost, no deductible or coinsurance",
    "M": "not billable to the Medicare Administrative Contractor (MAC); not paid under OPPS",
    "N": "packaged: payment included in other services, no separate payment",
    "P": "partial hospitalization: per diem APC payment",
    "Q1": "STV-packaged codes: paid separately only without a S, T or V service on the date",
    "Q2": "T-packaged codes: paid separately only without a T service on the date",
    "Q3": "codes that may be paid through a composite APC",
    "Q4": "conditionally packaged laboratory test",
    "R": "blood and blood products: separate APC payment",
    "S": "significant procedure, not discounted when multiple: separate APC payment",
    "T": "significant procedure, multiple procedure reduction applies: separate APC payment",
    "U": "brachytherapy source: separate APC payment",
    "V": "clinic or emergency department visit: separate APC payment",
    "Y": "non-implantable durable medical equipment: not paid under OPPS; bill the DME MAC",
}
# The letters whose line a Medicare outpatient claim (12x, 13x, 14x) does not pay under OPPS, with the
# I/OCE's disposition: the claim is returned to the provider (RTP), or the line is denied / rejected.
NOT_PAYABLE = {
    "B": "returned to the provider (I/OCE edit 62, code not recognized by OPPS)",
    "C": "denied (I/OCE edit 18, inpatient procedure)",
    "D": "returned to the provider (discontinued code)",
    "M": "returned to the provider (I/OCE edit 72, service not billable to the MAC)",
    "E1": "line rejected (I/OCE edit 9/50, non-covered service)",
    "E2": "line rejected (I/OCE edit 9/50, non-covered service)",
    "Y": "line rejected (I/OCE edit 61, service billable to the DME MAC only)",
}
CLAIM_RETURNED = frozenset({"B", "C", "D", "M"})


@dataclass(frozen=True, slots=True)
class StatusIndicator:
    code: str
    letter: str
    meaning: str
    title: str  # the I/OCE short descriptor of the code

    @property
    def payable_under_opps(self) -> bool:
        return self.letter not in NOT_PAYABLE


def status_indicator(code: str, dos: date) -> StatusIndicator | None:
    """The OPPS status indicator of a HCPCS Level II code on the DOS (raises NO_RELEASE_FOR_DATE before
    2019-07-01); None when the code is not in the I/OCE then (or is not a Level II code)."""
    key = code.strip().upper()
    if not hcpcs.HCPCS_SHAPE.match(key):
        return None
    found = hcpcs.lookup(key, dos)
    if found is None:
        return None
    letter = found.detail("opps_status_indicator")
    return StatusIndicator(
        key, letter, STATUS_INDICATORS.get(letter, "status indicator not described"), found.title
    )


@cache
def outpatient_ptp() -> PtpTable:
    """The hospital outpatient NCCI PTP table (loaded once, ~30 MB in memory)."""
    with np.load(data_file(IOCE_PTP_FILE)) as stored:
        column1 = np.cumsum(stored["column1_deltas"])
        keys = column1 * CODE_SPACE + stored["column2"].astype(np.int64)
        starts = _days(stored["first_quarter"], stored["quarter_starts"], BEFORE_THE_DATA)
        ends = _days(stored["last_quarter"], stored["quarter_ends"], int(OPEN_END))
        indicators = stored["modifier_indicator"].astype(np.int8)
    return PtpTable(keys, starts, ends, indicators, source=f"I/OCE hospital outpatient NCCI PTP ({SOURCE})")


def _days(quarters: np.ndarray, texts: np.ndarray, open_value: int) -> np.ndarray:
    ordinals = [
        date(int(t[:4]), int(t[4:6]), int(t[6:])).toordinal() if t else open_value for t in texts.tolist()
    ]
    table = np.array([*ordinals, *([open_value] * (OPEN_QUARTER + 1 - len(ordinals)))], dtype=np.int64)
    return table[quarters.astype(np.int64)].astype(np.int32)
