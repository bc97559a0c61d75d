"""CARC (+ group) -> what kind of adjustment it is: a contractual reduction, the patient's share, or
a denial; a denial's group + CARC + remark codes (RARC) together -> what it means (one of eleven
categories) and the next action a biller takes.

    classify("CO", "45") -> Kind.CONTRACTUAL
    classify("PR", "2")  -> Kind.PATIENT_SHARE
    classify("CO", "197") -> Kind.DENIAL;  categorize("CO", "197") -> Category.AUTHORIZATION
    categorize("CO", "96", ("N130",)) -> Category.NON_COVERED   (plan exclusion: bill the patient or write off)
    categorize("CO", "16", ("MA63",)) -> Category.MISSING_INFORMATION   (correct and resubmit)
    categorize("PR", "204") -> Category.PATIENT_RESPONSIBILITY
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from importlib.resources import files


class Kind(StrEnum):
    CONTRACTUAL = "contractual"  # allowed-amount reductions the contract requires: written off
    PATIENT_SHARE = "patient_share"  # deductible, coinsurance, copay: moved to the patient (or next payer)
    PRIOR_PAYER = "prior_payer"  # OA-23: the earlier payer's payments and adjustments (information)
    DENIAL = "denial"  # the payer refused (part of) the line: worked by a biller


class Category(StrEnum):
    ELIGIBILITY = "eligibility"
    AUTHORIZATION = "authorization"
    CODING = "coding"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    BUNDLING = "bundling"
    NON_COVERED = "non_covered"  # the plan excludes or limits the service: not a question of necessity
    MISSING_INFORMATION = "missing_information"  # the claim lacks or garbles something: correct and resubmit
    PATIENT_RESPONSIBILITY = "patient_responsibility"  # the payer assigned the amount to the patient (PR)
    OTHER = "other"


CONTRACTUAL_CARCS = frozenset({"45", "59", "253", "131", "42", "94", "172", "236", "P24", "237", "144"})
PATIENT_SHARE_CARCS = frozenset({"1", "2", "3", "66", "122", "187", "241", "247", "248"})
CATEGORY_BY_CARC: dict[str, Category] = {
    **dict.fromkeys(
        ("26", "27", "31", "32", "33", "39", "109", "177", "200", "22", "24"), Category.ELIGIBILITY
    ),
    **dict.fromkeys(("15", "62", "197", "198", "243", "278", "288", "B7", "B15"), Category.AUTHORIZATION),
    **dict.fromkeys(
        (
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "10",
            "11",
            "125",
            "146",
            "181",
            "182",
            "189",
            "199",
            "206",
            "B16",
        ),
        Category.CODING,
    ),  # fmt: skip
    **dict.fromkeys(
        ("50", "55", "56", "57", "58", "150", "151", "152", "167"),
        Category.MEDICAL_NECESSITY,
    ),  # fmt: skip
    **dict.fromkeys(("96", "204", "49", "119", "35", "149", "202", "258", "A8"), Category.NON_COVERED),
    **dict.fromkeys(("16", "226", "227", "252"), Category.MISSING_INFORMATION),
    **dict.fromkeys(("29", "B4"), Category.TIMELY_FILING),
    **dict.fromkeys(("18", "B13"), Category.DUPLICATE),
    **dict.fromkeys(("97", "234", "B20"), Category.BUNDLING),
}
NEXT_ACTION: dict[Category, str] = {
    Category.ELIGIBILITY: "verify coverage on the date of service (270/271); bill the right payer or the patient",
    Category.AUTHORIZATION: "obtain or attach the authorization number (REF*G1) and send a corrected claim, or appeal",
    Category.CODING: "fix the codes, modifiers or diagnosis named by the remark code and send a corrected claim (frequency 7)",
    Category.MEDICAL_NECESSITY: "appeal with the medical record, or bill the patient if an ABN/waiver was signed",
    Category.TIMELY_FILING: "appeal with proof of timely filing (999/277CA acceptance); else write off",
    Category.DUPLICATE: "check the earlier claim's status (276/277); if truly separate, resubmit with modifier 76/77/59",
    Category.BUNDLING: "check the NCCI pair; add 25/59/X{EPSU} only when documented, then send a corrected claim; else write off",
    Category.NON_COVERED: "not covered by the plan: bill the patient if a signed ABN/waiver is on file (GA/GX), "
    "else write off as non-covered; appeal only if the plan's documents cover the service",
    Category.MISSING_INFORMATION: "supply what the remark code names and send a corrected claim (frequency 7), "
    "or a new claim when it was unprocessable; not an appeal",
    Category.PATIENT_RESPONSIBILITY: "the payer assigned it to the patient: bill a secondary coverage if any, "
    "else the patient (statement)",
    Category.OTHER: "read the CARC/RARC, call the payer, and correct, appeal or write off",
}
# Remark codes that change what a CARC means (checked in order, first match wins); a CARC the table
# names is the whole meaning only when no remark says otherwise.
CATEGORY_BY_REMARK: dict[str, Category] = {
    "N130": Category.NON_COVERED,  # consult plan benefit documents: a plan limit or exclusion
    "N425": Category.NON_COVERED,  # statutorily excluded
    "N115": Category.MEDICAL_NECESSITY,  # decided by a local coverage determination
    "N386": Category.MEDICAL_NECESSITY,  # decided by a national coverage determination
    "M25": Category.MEDICAL_NECESSITY,  # the information furnished does not substantiate the need
    "MA130": Category.MISSING_INFORMATION,  # unprocessable: submit a new claim with complete information
}
# The CARCs whose meaning a remark can sharpen: the general ones ("non-covered", "lacks information")
REMARK_SHARPENS = frozenset({"96", "204", "50", "16"})
# The CARCs that mean the same whatever the remarks: the remark only details them
FIXED_MEANING = frozenset({"18", "B13", "29", "B4", "197", "198", "15", "97", "234", "B20"})


def classify(group: str, carc: str) -> Kind:
    if group == "OA" and carc == "23":
        return Kind.PRIOR_PAYER
    if group == "PR" and carc in PATIENT_SHARE_CARCS:
        return Kind.PATIENT_SHARE
    if group in ("CO", "PI", "CR") and carc in CONTRACTUAL_CARCS:
        return Kind.CONTRACTUAL
    if group == "PR":
        return Kind.PATIENT_SHARE if carc not in CATEGORY_BY_CARC else Kind.DENIAL
    return Kind.DENIAL


def categorize(group: str, carc: str, remarks: Iterable[str] = ()) -> Category:
    """What a denial means, from its group, its CARC and its remark codes together.

    PR (the patient's responsibility) decides alone, except for duplicates and filing limits; a remark in
    `CATEGORY_BY_REMARK` sharpens a general CARC (CO-96 + N130: a plan exclusion; CO-96 + N115: medical
    necessity by an LCD); a "Missing/incomplete/invalid ..." remark makes a non-specific CARC a
    missing-information denial; otherwise the CARC's own category."""
    codes = tuple(code.strip().upper() for code in remarks if code.strip())
    if carc in FIXED_MEANING:
        return CATEGORY_BY_CARC[carc]
    if group == "PR":
        return Category.PATIENT_RESPONSIBILITY
    if carc in REMARK_SHARPENS or carc not in CATEGORY_BY_CARC:
        for code in codes:
            if code in CATEGORY_BY_REMARK:
                return CATEGORY_BY_REMARK[code]
        if carc not in CATEGORY_BY_CARC and any(remark_kind(code) == "missing_information" for code in codes):
            return Category.MISSING_INFORMATION
    return CATEGORY_BY_CARC.get(carc, Category.OTHER)


def remark_kind(code: str) -> str | None:
    """ "missing_information", "alert" or None, from the public RARC list (`tools/build_rarc_kinds.py`)."""
    return _remark_kinds().get(code)


@cache
def _remark_kinds() -> dict[str, str]:
    text = files("revcycle.denials").joinpath("data/rarc_kinds.csv").read_text(encoding="utf-8")
    return dict(line.split(",", 1) for line in text.splitlines()[1:] if line)


def next_action(category: Category) -> str:
    return NEXT_ACTION[category]
