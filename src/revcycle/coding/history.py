"""Personal and family history codes for conditions the note mentions as past or in a relative.

"history of MI" is not an acute MI (I21.x) but an old one (I25.2); "hx of breast cancer" is
Z85.3, "mother had breast cancer" Z80.3. The tables map the active condition's code prefix
(longest prefix wins) to the history code; a code the release does not hold on the date of
service is not offered. Codes that already are history codes stay as they are.
"""

from __future__ import annotations

PERSONAL_HISTORY: dict[str, str] = {
    "I21": "I25.2", "I22": "I25.2",  # old myocardial infarction
    "C50": "Z85.3", "C18": "Z85.038", "C19": "Z85.048", "C20": "Z85.048", "C34": "Z85.118",
    "C61": "Z85.46", "C67": "Z85.51", "C64": "Z85.528", "C43": "Z85.820", "C73": "Z85.850",
    "C53": "Z85.41", "C54": "Z85.42", "C56": "Z85.43", "C16": "Z85.028", "C25": "Z85.07",
    "C81": "Z85.71", "C82": "Z85.72", "C83": "Z85.72", "C85": "Z85.72", "C91": "Z85.6", "C92": "Z85.6",
    "C": "Z85.9",
    "I63": "Z86.73", "G45": "Z86.73", "I26": "Z86.711", "I82.4": "Z86.718",
    "J18": "Z87.01", "J15": "Z87.01", "N20": "Z87.442", "N39.0": "Z87.440",
    "K25": "Z87.11", "K26": "Z87.11", "K27": "Z87.11",
    "O14": "Z87.59", "O13": "Z87.59", "S": "Z87.828", "A15": "Z86.11",
    "D1": "Z86.018", "D2": "Z86.018", "D3": "Z86.018",  # benign neoplasms D10-D36
}

FAMILY_HISTORY: dict[str, str] = {
    "C50": "Z80.3", "C18": "Z80.0", "C19": "Z80.0", "C20": "Z80.0", "C21": "Z80.0", "C15": "Z80.0",
    "C16": "Z80.0", "C25": "Z80.0", "C34": "Z80.1", "C61": "Z80.42", "C56": "Z80.41", "C53": "Z80.49",
    "C64": "Z80.51", "C67": "Z80.52", "C91": "Z80.6", "C92": "Z80.6", "C81": "Z80.7", "C43": "Z80.8",
    "C": "Z80.9",
    "E10": "Z83.3", "E11": "Z83.3", "E13": "Z83.3",
    "I20": "Z82.49", "I21": "Z82.49", "I25": "Z82.49", "I10": "Z82.49", "I50": "Z82.49",
    "I63": "Z82.3", "I64": "Z82.3", "G40": "Z82.0", "G30": "Z82.0", "J45": "Z82.5", "N18": "Z84.1",
    "F32": "Z81.8", "F33": "Z81.8", "F10": "Z81.1", "F20": "Z81.8", "Q": "Z82.79",
}

HISTORY_CODE_PREFIXES = ("Z80", "Z81", "Z82", "Z83", "Z84", "Z85", "Z86", "Z87", "Z91", "Z92", "I25.2")


def is_history_code(code: str) -> bool:
    return code.upper().startswith(HISTORY_CODE_PREFIXES)


def _longest_prefix(code: str, table: dict[str, str]) -> str | None:
    upper = code.upper()
    for length in range(len(upper), 0, -1):
        if upper[:length] in table:
            return table[upper[:length]]
    return None


def personal_history_code(code: str) -> str | None:
    """The personal-history code for an active condition's code, or None when there is none."""
    return _longest_prefix(code, PERSONAL_HISTORY)


def family_history_code(code: str) -> str | None:
    return _longest_prefix(code, FAMILY_HISTORY)
