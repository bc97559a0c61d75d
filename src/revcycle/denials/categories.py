"""CARC (+ group) -> what kind of adjustment it is: a contractual reduction, the patient's share, or
a denial in one of eight categories with the next action a biller takes.

    classify("CO", "45") -> Kind.CONTRACTUAL
    classify("PR", "2")  -> Kind.PATIENT_SHARE
    classify("CO", "197") -> Kind.DENIAL;  category_of("197") -> Category.AUTHORIZATION
"""

from __future__ import annotations

from enum import StrEnum


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
    OTHER = "other"


CONTRACTUAL_CARCS = frozenset(
    {"45", "59", "253", "131", "42", "94", "172", "236", "P24", "237", "144"}
)
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
            "16",
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
        ("50", "55", "56", "57", "58", "150", "151", "152", "167", "204", "96", "49", "119", "35"),
        Category.MEDICAL_NECESSITY,
    ),  # fmt: skip
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
    Category.OTHER: "read the CARC/RARC, call the payer, and correct, appeal or write off",
}


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


def category_of(carc: str) -> Category:
    return CATEGORY_BY_CARC.get(carc, Category.OTHER)


def next_action(category: Category) -> str:
    return NEXT_ACTION[category]
