"""The payer simulator's eligibility responder: what it says of one member on one date, from its
benefit plans and accumulators (what its adjudications have met so far).

    benefits = answer_eligibility(config, engine.accumulators, question)

Per member and date of service: active or inactive, the plan, copays per visit code, coinsurance, and
deductible / out-of-pocket limits (individual and family, in and out of network) with what remains.
A member is found by current or prior id, a dependent by subscriber id and name; otherwise AAA 75
(unknown member) or 67 (unknown dependent); a birth date that does not match is AAA 71. Family limits
count the members sharing `subscriber_id`.
"""

from __future__ import annotations

from revcycle.payer.eligibility import Benefits, Coinsurance, Copay, EligibilityQuestion, Limit
from revcycle.simulator.benefits import Accumulators
from revcycle.simulator.config import BenefitPlan, Member, PayerConfig

# AAA03 reasons the responder gives (the words live with the 271 reader)
MEMBER_NOT_FOUND = "75"
PATIENT_NOT_FOUND = "67"
BIRTH_DATE_MISMATCH = "71"


def find_member(config: PayerConfig, question: EligibilityQuestion) -> Member | None:
    """The member asked about: by current or prior id; a dependent by subscriber id and name."""
    subscriber = next(
        (m for m in config.members if question.member_id in (m.member_id, *m.prior_member_ids)), None
    )
    if subscriber is None or not question.about_dependent:
        return subscriber
    wanted = (question.dependent_last_name.upper(), question.dependent_first_name.upper())
    return next(
        (
            m
            for m in config.members
            if m.subscriber_id == subscriber.member_id and (m.last_name.upper(), m.first_name.upper()) == wanted
        ),
        None,
    )


def answer_eligibility(
    config: PayerConfig, accumulators: Accumulators, question: EligibilityQuestion
) -> Benefits:
    member = find_member(config, question)
    last, first = (
        (question.dependent_last_name, question.dependent_first_name)
        if question.about_dependent
        else (question.last_name, question.first_name)
    )
    if member is None:
        reason = PATIENT_NOT_FOUND if question.about_dependent else MEMBER_NOT_FOUND
        return Benefits(question.member_id, last, first, question.date_of_service, None,
                        rejections=[(reason, "")], dependent=question.about_dependent, trace=question.trace)  # fmt: skip
    asked_birth = question.dependent_birth_date if question.about_dependent else question.birth_date
    if asked_birth is not None and member.birth_date is not None and asked_birth != member.birth_date:
        return Benefits(question.member_id, last, first, question.date_of_service, None,
                        rejections=[(BIRTH_DATE_MISMATCH, "")], dependent=question.about_dependent, trace=question.trace)  # fmt: skip
    plan = config.plan(member.plan_id)
    asked_id = question.member_id if not question.about_dependent else member.member_id
    renamed = (member.last_name, member.first_name) != (last.upper(), first.upper()) and bool(member.last_name)
    benefits = Benefits(
        member.member_id, member.last_name or last, member.first_name or first, question.date_of_service,
        member.covered_on(question.date_of_service), plan.name or plan.plan_id, member.effective_from,
        member.effective_to, prior_member_id=asked_id if asked_id != member.member_id else "",
        identity_changed=renamed or asked_id != member.member_id, dependent=question.about_dependent,
        trace=question.trace,
    )  # fmt: skip
    if benefits.active:
        _add_cost_sharing(benefits, config, accumulators, member, plan)
    return benefits


def _add_cost_sharing(
    benefits: Benefits, config: PayerConfig, accumulators: Accumulators, member: Member, plan: BenefitPlan
) -> None:
    on = benefits.date_of_service or member.effective_from
    year = plan.plan_year(on)
    mine = accumulators.for_member(member, year)
    has_family_limits = plan.family_deductible_cents > 0 or plan.family_out_of_pocket_max_cents > 0
    family = [accumulators.for_member(m, year) for m in config.members
              if has_family_limits and m.family_id == member.family_id]  # fmt: skip
    family_deductible = sum(a.deductible_met_cents for a in family)
    family_out_of_pocket = sum(a.out_of_pocket_met_cents for a in family)
    benefits.copays += [Copay("98", cents, True, code) for code, cents in plan.copays]
    benefits.coinsurance.append(Coinsurance("30", plan.coinsurance_percent, True))
    if plan.out_of_network_coinsurance_percent is not None:
        benefits.coinsurance.append(Coinsurance("30", plan.out_of_network_coinsurance_percent, False))
    limits = [
        ("deductible", "individual", True, plan.deductible_cents, mine.deductible_met_cents),
        ("out_of_pocket", "individual", True, plan.out_of_pocket_max_cents, mine.out_of_pocket_met_cents),
        ("deductible", "family", True, plan.family_deductible_cents, family_deductible),
        ("out_of_pocket", "family", True, plan.family_out_of_pocket_max_cents, family_out_of_pocket),
        # the simulator adjudicates in network only: nothing has been met out of network
        ("deductible", "individual", False, plan.out_of_network_deductible_cents, 0),
        ("out_of_pocket", "individual", False, plan.out_of_network_out_of_pocket_max_cents, 0),
    ]
    for kind, level, network, total, met in limits:
        if total > 0 or (network and level == "individual"):
            benefits.limits.append(Limit(kind, level, network, total, max(total - met, 0)))
