"""`Benefits` <-> 271 responses (005010X279A1), amounts in integer cents.

    benefits_list, problems = read_271(data)          # any 271 (5010, or 4010 read with its layout)
    fill_member(member, benefits)                      # the payer's side: EB/AAA/INS/REF/DTP

EB mapping: 1-5 active and 6-8 inactive (service type 30, EB05 the plan name); B copay (EB07,
EB13 the visit code); A coinsurance (EB08 a fraction); C deductible and G out-of-pocket with EB06
29 = remaining, any other period = the total; EB02 IND individual, FAM family; EB12 Y/N network.
A changed id or name comes back as INS*Y*18*001*25 with the old id in REF*Q4.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from revcycle.kernel.money import Money, round_cents
from revcycle.payer.eligibility import Benefits, Coinsurance, Copay, Limit
from revcycle.x12 import read_x12
from revcycle.x12.guides.parts import DatePeriod, Entity, Reference, Rejection
from revcycle.x12.guides.x270_271.model import Benefit, Eligibility, Member
from revcycle.x12.guides.x835.model import Procedure

ACTIVE_CODES = frozenset("12345")
INACTIVE_CODES = frozenset("678")
LIMIT_KINDS = {"C": "deductible", "G": "out_of_pocket"}
FAMILY_LEVELS = frozenset({"FAM", "ESP", "ECH", "EMP", "SPC", "CHD", "DEP"})
REMAINING = "29"
# AAA03 reject reasons, in plain words (our wording)
AAA_WORDS = {
    "04": "the payer does not allow this provider to ask electronically",
    "15": "a required part of the request is missing",
    "41": "the provider is not authorised to ask about this member",
    "42": "the payer cannot answer right now; ask again later",
    "43": "the provider's identifier is invalid or missing",
    "44": "the provider's name is invalid or missing",
    "45": "the provider's specialty is invalid or missing",
    "46": "the provider's phone number is invalid or missing",
    "47": "the provider's state is invalid or missing",
    "48": "the referring provider's identifier is invalid or missing",
    "49": "the provider is not the member's primary care provider",
    "50": "the provider is not eligible to ask",
    "51": "the provider is not on the payer's file",
    "52": "the date of service is outside the provider's participation period",
    "56": "the date range asked about is not allowed",
    "57": "the date of service is invalid, missing or not in the format asked",
    "58": "the member's birth date is invalid or missing",
    "60": "the date of birth follows the date of service",
    "61": "the date of death precedes the date of service",
    "62": "the date of service is not within the period the payer answers for",
    "63": "the date of service is in the future",
    "64": "the patient's id is invalid or missing",
    "65": "the patient's name is invalid or missing",
    "66": "the patient's gender is invalid or missing",
    "67": "the payer has no record of this patient",
    "68": "the patient was found more than once: send more identifying details",
    "69": "the inquiry is a duplicate of one already answered",
    "70": "the member's group number is invalid or missing",
    "71": "the member's birth date does not match the payer's records",
    "72": "the member id is invalid or missing",
    "73": "the member's name is invalid or missing",
    "74": "the member's gender is invalid or missing",
    "75": "the payer has no member with this id and name",
    "76": "the member was found more than once: send more identifying details",
    "77": "the subscriber was found but the patient is not on the policy",
    "78": "the subscriber/member id is not on this payer's file for this plan",
    "79": "the payer's system is unavailable; ask again later",
    "80": "no response was received from the payer",
    "T4": "the payer's name or id is missing",
}


def aaa_words(reason: str) -> str:
    return AAA_WORDS.get(reason, f"rejected (reason code {reason or 'not given'})")


def read_271(data: bytes | str | Path) -> tuple[list[Benefits], list[str]]:
    """Every member answered in every 271 of the file, and the reader's problems as located strings."""
    result = read_x12(data)
    found = [b for response in result.models("271") for b in benefits_from_271(response)]  # type: ignore[arg-type]
    return found, [str(problem) for problem in result.errors]


def benefits_from_271(response: Eligibility) -> list[Benefits]:
    """One `Benefits` per member answered; a rejection above the members (payer or provider level,
    no member loop) still reads as one `Benefits` carrying the reasons, so no rejection is lost."""
    found: list[Benefits] = []
    for source in response.sources:
        upper = [*source.level_rejections, *source.rejections]
        members_before = len(found)
        for receiver in source.receivers:
            upper_here = [*upper, *receiver.rejections]
            for subscriber in receiver.subscribers:
                if subscriber.benefits or subscriber.rejections or not subscriber.dependents:
                    found.append(_benefits(subscriber, upper_here, False))
                for dependent in subscriber.dependents:
                    inherited = subscriber.rejections if not (dependent.benefits or dependent.rejections) else []
                    found.append(_benefits(dependent, [*upper_here, *inherited], True))
            if not receiver.subscribers and receiver.rejections:
                found.append(_rejected_above_members(upper_here))
        if len(found) == members_before and upper:
            found.append(_rejected_above_members(upper))
    return found


def _rejected_above_members(rejections: list[Rejection]) -> Benefits:
    return Benefits("", "", "", None, None, rejections=[(r.reason, aaa_words(r.reason)) for r in rejections])


def _benefits(member: Member, upper: list[Rejection], dependent: bool) -> Benefits:
    rejections = [*upper, *member.rejections, *(r for b in member.benefits for r in b.rejections)]
    asked = member.date("291") or member.date("307")
    begin, end = _plan_dates(member)
    benefits = Benefits(
        member.member_id, member.entity.last_or_organization, member.entity.first,
        asked.start if asked else None, _active(member.benefits), _plan_name(member.benefits), begin, end,
        rejections=[(r.reason, aaa_words(r.reason)) for r in rejections], prior_member_id=member.prior_member_id,
        identity_changed=member.identity_changed, dependent=dependent,
        trace=member.traces[0].number if member.traces else "",
    )  # fmt: skip
    if rejections and benefits.active is None:
        return benefits
    for benefit in member.benefits:
        _add(benefits, benefit)
    return benefits


def _active(found: list[Benefit]) -> bool | None:
    codes = {b.code for b in found}
    if codes & ACTIVE_CODES:
        return True
    return False if codes & INACTIVE_CODES else None


def _plan_name(found: list[Benefit]) -> str:
    named = [b for b in found if b.plan_description]
    status = [b for b in named if b.code in ACTIVE_CODES | INACTIVE_CODES]
    return (status or named)[0].plan_description if named else ""


def _plan_dates(member: Member) -> tuple:
    begin, end = member.date("346"), member.date("347")
    plan = member.date("291") if member.date("346") is None else None
    if plan is not None and plan.end is not None:
        return plan.start, plan.end
    return (begin.start if begin else None), (end.start if end else None)


def _add(benefits: Benefits, benefit: Benefit) -> None:
    types = benefit.service_types or [""]
    network = benefit.is_in_network
    if benefit.code == "B" and benefit.amount is not None:
        code = benefit.procedure.code if benefit.procedure else ""
        benefits.copays += [Copay(t, _cents(benefit.amount), network, code) for t in types]
    elif benefit.code == "A" and benefit.percent is not None:
        benefits.coinsurance += [Coinsurance(t, _percent(benefit.percent), network) for t in types]
    elif benefit.code in LIMIT_KINDS and benefit.amount is not None:
        _add_limit(benefits, benefit, network)


def _add_limit(benefits: Benefits, benefit: Benefit, network: bool | None) -> None:
    kind = LIMIT_KINDS[benefit.code]
    level = "family" if benefit.coverage_level in FAMILY_LEVELS else "individual"
    current = benefits.limit(kind, level, network)
    total, remaining = (current.total_cents, current.remaining_cents) if current else (None, None)
    if benefit.time_period == REMAINING:
        remaining = remaining if remaining is not None else _cents(benefit.amount)
    else:
        total = total if total is not None else _cents(benefit.amount)
    if current is not None:
        benefits.limits.remove(current)
    benefits.limits.append(Limit(kind, level, network, total, remaining))


def _cents(amount: Decimal | None) -> int:
    return round_cents(amount or Decimal(0))


def _percent(fraction: Decimal) -> Decimal:
    """EB08 is a fraction (0.2); a few payers send the percent itself (20): both read as 20."""
    return plain_decimal(fraction * 100 if fraction <= 1 else fraction)


def plain_decimal(value: Decimal) -> Decimal:
    """20.00 -> 20, 0.150 -> 0.15 (never an exponent form such as 2E+1)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def fill_member(member: Member, benefits: Benefits) -> None:
    """Write the payer's answer into a member loop of a `response_skeleton`."""
    if benefits.rejections:
        member.rejections += [Rejection("N", code, "C") for code, _words in benefits.rejections]
        return
    if benefits.identity_changed:
        entity = member.entity
        member.entity = Entity(entity.entity, "1", benefits.last_name, benefits.first_name,
                               id_qualifier="MI" if benefits.member_id else "", id=benefits.member_id)  # fmt: skip
        if benefits.prior_member_id:
            member.references.append(Reference("Q4", benefits.prior_member_id))
        member.relationship = ["N", "G8", "001", "25"] if benefits.dependent else ["Y", "18", "001", "25"]
    member.dates += [DatePeriod("346", benefits.plan_begin)] if benefits.plan_begin else []
    member.dates += [DatePeriod("347", benefits.plan_end)] if benefits.plan_end else []
    member.benefits += benefit_lines(benefits)


def benefit_lines(benefits: Benefits) -> list[Benefit]:
    status = "1" if benefits.active else "6"
    lines = [Benefit(status, "IND", ["30"], plan_description=benefits.plan_name)]
    for copay in benefits.copays:
        procedure = Procedure("HC", copay.procedure_code) if copay.procedure_code else None
        lines.append(Benefit("B", "IND", [copay.service_type], time_period="27",
                             amount=Money(copay.amount_cents).to_decimal(), in_network=_network(copay.in_network),
                             procedure=procedure))  # fmt: skip
    for share in benefits.coinsurance:
        lines.append(Benefit("A", "IND", [share.service_type], percent=plain_decimal(share.percent / 100),
                             in_network=_network(share.in_network)))  # fmt: skip
    code_of = {kind: code for code, kind in LIMIT_KINDS.items()}
    for limit in benefits.limits:
        level = "FAM" if limit.level == "family" else "IND"
        for period, cents in (("23", limit.total_cents), (REMAINING, limit.remaining_cents)):
            if cents is not None:
                lines.append(Benefit(code_of[limit.kind], level, ["30"], time_period=period,
                                     amount=Money(cents).to_decimal(), in_network=_network(limit.in_network)))  # fmt: skip
    return lines


def _network(in_network: bool | None) -> str:
    return {True: "Y", False: "N"}.get(in_network, "")  # type: ignore[arg-type]
