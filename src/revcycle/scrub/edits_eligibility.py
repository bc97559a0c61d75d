"""Eligibility edit: the payer's latest 270/271 answer for the claim's encounter.

Finding codes: coverage_inactive (error: the payer said the coverage was not active on the date of
service), eligibility_not_confirmed (warning: the payer rejected the inquiry, e.g. member not
found). A claim whose encounter was never checked, or was checked for another date, gets nothing:
checking is a front-desk step, not a requirement of the claim.
"""

from __future__ import annotations

from revcycle.claims.model import Claim
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import BOTH_KINDS, edit


@edit("billing", kinds=BOTH_KINDS)
def check_coverage_active_on_service_date(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The payer's eligibility answer says the coverage is active on the date of service."""
    found = context.coverage_checks.get(claim.encounter_id) if claim.encounter_id is not None else None
    if found is None or found.date_of_service != claim.first_service_date:
        return []
    if found.active is False:
        plan = f" ({found.plan_name})" if found.plan_name else ""
        return [Finding("coverage_inactive",
                        f"the payer answered on {found.checked_on} that the coverage{plan} was inactive on "
                        f"{found.date_of_service}", Severity.ERROR, "encounter",
                        "verify the patient's insurance: bill the coverage in force on that date, or the patient")]  # fmt: skip
    if found.active is None:
        return [Finding("eligibility_not_confirmed",
                        f"the payer could not confirm coverage on {found.date_of_service}: {found.reasons or 'no reason given'}",
                        Severity.WARNING, "encounter",
                        "correct the member id, name or birth date and check eligibility again")]  # fmt: skip
    return []
