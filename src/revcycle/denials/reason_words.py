"""Plain words for the claim adjustment reason codes (CARC) and remark codes (RARC) a biller meets most.

Our own short paraphrases for letters and screens, not the official X12 texts; an unknown code reads
as "reason code N" so a letter never shows an empty reason.
"""

from __future__ import annotations

CARC_WORDS: dict[str, str] = {
    "1": "deductible amount",
    "2": "coinsurance amount",
    "3": "copayment amount",
    "4": "the procedure code is inconsistent with the modifier used, or a modifier is missing",
    "5": "the procedure code or type of bill is inconsistent with the place of service",
    "6": "the procedure or revenue code is inconsistent with the patient's age",
    "7": "the procedure or revenue code is inconsistent with the patient's sex",
    "11": "the diagnosis is inconsistent with the procedure",
    "15": "the authorization number is missing, invalid, or does not apply to the service",
    "16": "the claim or service lacks information or has submission or billing errors",
    "18": "exact duplicate of a claim or service already processed",
    "22": "the care may be covered by another payer",
    "23": "the impact of prior payers' adjudication",
    "26": "expenses incurred before coverage began",
    "27": "expenses incurred after coverage ended",
    "29": "the time limit for filing has expired",
    "31": "the patient cannot be identified as our insured",
    "45": "the charge exceeds the fee schedule or contracted amount",
    "49": "a routine or preventive service not covered with this diagnosis",
    "50": "the payer does not consider the service medically necessary",
    "55": "the procedure or treatment is considered experimental or investigational",
    "56": "the procedure or treatment has not been shown to be effective",
    "57": "the payment adjusted because the information given does not support this level of service",
    "96": "non-covered charge",
    "97": "the benefit is included in the payment for another service already adjudicated",
    "109": "the claim or service is not covered by this payer",
    "119": "the benefit maximum for this period has been reached",
    "150": "the information given does not support this level of service",
    "151": "the information given does not support this many or this frequency of services",
    "167": "the diagnosis is not covered",
    "197": "precertification, authorization or notification was absent",
    "198": "precertification, notification or authorization was exceeded",
    "204": "the service is not covered under the patient's current benefit plan",
    "234": "the procedure is not paid separately",
    "B4": "late filing penalty",
    "B7": "the provider was not certified or eligible to be paid for this procedure on this date",
    "B15": "the service requires a qualifying service that was not received or paid",
    "B20": "the procedure was partially or fully furnished by another provider",
}

RARC_WORDS: dict[str, str] = {
    "M15": "separately billed services or tests have been bundled as they are considered components of the "
    "same procedure",
    "M62": "missing, incomplete or invalid treatment authorization code",
    "M47": "missing, incomplete or invalid internal or document control number",
    "M76": "missing, incomplete or invalid diagnosis or condition",
    "MA63": "missing, incomplete or invalid principal diagnosis",
    "MA130": "the claim has missing or invalid information; submit a new claim with the complete information",
    "N130": "consult the plan's benefit documents for coverage limits",
    "N382": "missing, incomplete or invalid patient identifier",
    "N390": "this service is not paid separately under the contract",
    "N115": "the decision was based on a local coverage determination",
    "N657": "this should be billed with the appropriate code for these services",
}


def carc_words(carc: str) -> str:
    return CARC_WORDS.get(carc, f"reason code {carc}")


def rarc_words(rarc: str) -> str:
    return RARC_WORDS.get(rarc, f"remark code {rarc}")
