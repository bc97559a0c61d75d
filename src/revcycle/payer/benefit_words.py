"""A 271's benefits in the words the front desk uses: active or not, the plan, its dates, the copay,
the deductible met and remaining, the out-of-pocket maximum, the coinsurance.

    for label, words in plain_benefits(benefits): print(f"{label}: {words}")
    # Status: active on 2026-03-02
    # Copay: $25.00 office visit (99213), in network
    # Deductible: individual, in network: $1,500.00; met $300.00, $1,200.00 remaining
"""

from __future__ import annotations

from revcycle.kernel.money import Money
from revcycle.payer.eligibility import Benefits, Limit

# X12 service type codes (EB03) as a front desk names them (the ones revcycle asks about and answers with)
SERVICE_TYPES = {
    "1": "medical care",
    "30": "health plan",
    "33": "chiropractic",
    "35": "dental",
    "47": "hospital",
    "48": "hospital inpatient",
    "50": "hospital outpatient",
    "86": "emergency",
    "88": "pharmacy",
    "98": "office visit",
    "AL": "vision",
    "MH": "mental health",
    "UC": "urgent care",
}
LIMIT_WORDS = {"deductible": "Deductible", "out_of_pocket": "Out-of-pocket maximum"}


def service_words(code: str) -> str:
    return SERVICE_TYPES.get(code, f"service type {code}")


def _network(in_network: bool | None) -> str:
    return {True: "in network", False: "out of network"}.get(in_network, "network not said")  # type: ignore[arg-type]


def status_words(benefits: Benefits) -> str:
    on = f" on {benefits.date_of_service.isoformat()}" if benefits.date_of_service else ""
    if benefits.active is True:
        return f"active{on}"
    if benefits.active is False:
        return f"NOT active{on}"
    reasons = "; ".join(words for _code, words in benefits.rejections) or "no reason given"
    return f"the payer could not answer: {reasons}"


def dates_words(benefits: Benefits) -> str:
    if benefits.plan_begin is None and benefits.plan_end is None:
        return "not given"
    begin = benefits.plan_begin.isoformat() if benefits.plan_begin else "a date not given"
    end = f"to {benefits.plan_end.isoformat()}" if benefits.plan_end else "with no end date given"
    return f"from {begin} {end}"


def limit_words(limit: Limit) -> str:
    """`individual, in network: $1,500.00; met $300.00, $1,200.00 remaining` (what the payer said)."""
    head = f"{limit.level}, {_network(limit.in_network)}"
    if limit.total_cents is None:
        left = "" if limit.remaining_cents is None else f"{Money(limit.remaining_cents)} remaining"
        return f"{head}: {left or 'amount not given'}"
    text = f"{head}: {Money(limit.total_cents)}"
    if limit.remaining_cents is not None:
        met = max(0, limit.total_cents - limit.remaining_cents)
        text += f"; met {Money(met)}, {Money(limit.remaining_cents)} remaining"
    return text


def plain_benefits(benefits: Benefits) -> list[tuple[str, str]]:
    """(label, words) rows in the order a front desk reads them; rows the payer said nothing about are left out
    (the status always shows)."""
    rows = [("Status", status_words(benefits))]
    if benefits.active is None:
        return rows
    if benefits.plan_name:
        rows.append(("Plan", benefits.plan_name))
    rows.append(("Coverage dates", dates_words(benefits)))
    for copay in benefits.copays:
        code = f" ({copay.procedure_code})" if copay.procedure_code else ""
        rows.append(("Copay", f"{Money(copay.amount_cents)} {service_words(copay.service_type)}{code}, "
                              f"{_network(copay.in_network)}"))  # fmt: skip
    for kind, label in LIMIT_WORDS.items():
        rows += [(label, limit_words(limit)) for limit in benefits.limits if limit.kind == kind]
    for share in benefits.coinsurance:
        rows.append(("Coinsurance", f"patient pays {share.percent.normalize():f}% of {service_words(share.service_type)}, "
                                    f"{_network(share.in_network)}"))  # fmt: skip
    if benefits.identity_changed:
        was = f" (was {benefits.prior_member_id})" if benefits.prior_member_id else ""
        rows.append(
            (
                "Payer's record",
                f"member {benefits.member_id}{was}: {benefits.last_name}, {benefits.first_name}",
            )
        )
    return rows


def office_copay_cents(benefits: Benefits) -> int | None:
    """The in-network office-visit copay (service type 98, else the plan's 30), for the check-in form."""
    for service_type in ("98", "30"):
        for copay in benefits.copays:
            if copay.service_type == service_type and copay.in_network is not False:
                return copay.amount_cents
    return None
