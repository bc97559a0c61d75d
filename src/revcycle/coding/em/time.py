"""Total time on the date of the encounter: the 2023 office/outpatient thresholds and prolonged services.

Thresholds are "must be met or exceeded" (CPT 2023 removed the ranges):

    new patient          99202 15   99203 30   99204 45   99205 60   minutes
    established patient  99212 10   99213 20   99214 30   99215 40   minutes

99211 has no time threshold (and no MDM): it is chosen only when nothing supports 99212.
Prolonged service beyond the highest level, by time only:
- CPT 99417, each full 15 minutes beyond the 99205/99215 threshold (first unit at 75 / 55 minutes);
- CMS G2212 (Medicare), each full 15 minutes beyond the top of the old ranges
  (first unit at 89 minutes for 99205, 69 minutes for 99215).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from revcycle.coding.em.mdm import MdmLevel

NEW_CODES: dict[MdmLevel, str] = {
    MdmLevel.STRAIGHTFORWARD: "99202",
    MdmLevel.LOW: "99203",
    MdmLevel.MODERATE: "99204",
    MdmLevel.HIGH: "99205",
}
ESTABLISHED_CODES: dict[MdmLevel, str] = {
    MdmLevel.STRAIGHTFORWARD: "99212",
    MdmLevel.LOW: "99213",
    MdmLevel.MODERATE: "99214",
    MdmLevel.HIGH: "99215",
}
NEW_MINUTES: dict[MdmLevel, int] = {
    MdmLevel.STRAIGHTFORWARD: 15,
    MdmLevel.LOW: 30,
    MdmLevel.MODERATE: 45,
    MdmLevel.HIGH: 60,
}
ESTABLISHED_MINUTES: dict[MdmLevel, int] = {
    MdmLevel.STRAIGHTFORWARD: 10,
    MdmLevel.LOW: 20,
    MdmLevel.MODERATE: 30,
    MdmLevel.HIGH: 40,
}
CPT_PROLONGED_START = {"new": 75, "established": 55}
CMS_PROLONGED_START = {"new": 89, "established": 69}


@dataclass(frozen=True, slots=True)
class Prolonged:
    code: str
    units: int
    why: str

    def to_dict(self) -> dict[str, str | int]:
        return {"code": self.code, "units": self.units, "why": self.why}


def level_by_time(patient: str, minutes: int) -> MdmLevel:
    """The highest level whose threshold `minutes` meets or exceeds (NONE below the lowest)."""
    table = NEW_MINUTES if patient == "new" else ESTABLISHED_MINUTES
    reached = [level for level, threshold in table.items() if minutes >= threshold]
    return max(reached) if reached else MdmLevel.NONE


def minutes_for(patient: str, level: MdmLevel) -> int:
    return (NEW_MINUTES if patient == "new" else ESTABLISHED_MINUTES)[level]


def code_for(patient: str, level: MdmLevel) -> str:
    return (NEW_CODES if patient == "new" else ESTABLISHED_CODES)[level]


def prolonged_services(patient: str, minutes: int) -> list[Prolonged]:
    """99417 (CPT) and G2212 (CMS) units for a time-based 99205/99215; empty when none is reached."""
    out: list[Prolonged] = []
    cpt_start = CPT_PROLONGED_START[patient]
    if minutes >= cpt_start:
        units = 1 + (minutes - cpt_start) // 15
        out.append(Prolonged("99417", units, f"CPT: {minutes} min; first unit at {cpt_start} min, then every 15"))
    cms_start = CMS_PROLONGED_START[patient]
    if minutes >= cms_start:
        units = 1 + (minutes - cms_start) // 15
        out.append(
            Prolonged("G2212", units, f"Medicare: {minutes} min; first unit at {cms_start} min, then every 15")
        )
    return out


_TIME_PATTERNS = [
    re.compile(
        r"total\s+(?:time|of)\b[^.\n\d]{0,60}?(\d{1,3})\s*(?:minutes|minute|mins|min)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bspent\s+(?:a\s+total\s+of\s+)?(\d{1,3})\s*(?:minutes|minute|mins|min)\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,3})\s*(?:minutes|minute|mins|min)\s+(?:were\s+|was\s+)?spent\b", re.IGNORECASE),
    re.compile(r"\btime\s*(?:spent)?\s*[:=]\s*(\d{1,3})\s*(?:minutes|minute|mins|min)\b", re.IGNORECASE),
]


@dataclass(frozen=True, slots=True)
class TimeStatement:
    minutes: int
    start: int
    end: int
    text: str


def extract_total_time(note: str) -> TimeStatement | None:
    """The total time the note states ("total time 42 minutes", "spent 45 min"), with its span.

    The first pattern that matches wins, in the order above (an explicit "total time" beats "spent").
    """
    for pattern in _TIME_PATTERNS:
        match = pattern.search(note)
        if match:
            return TimeStatement(int(match.group(1)), match.start(), match.end(), match.group(0))
    return None
