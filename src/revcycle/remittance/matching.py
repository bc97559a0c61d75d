"""Match what an 835 paid to what we sent: a remitted claim to our claim by its number (CLP01), each
remitted line to one of the claim's lines.

Line matching, in order: the line item control number we sent (REF*6R, `Claim.line_control_number`);
code + modifiers + date; code + date when the payer dropped or changed modifiers (said in a note); the
code we billed (SVC06) + date when the payer re-coded the line. A line that matches nothing stops the
claim (`PostingProblem("unmatched_line")`): a claim posts completely or not at all.

A facility line (837I) is matched the same way on its identity: a revenue-code-only line (SVC01 NU:0120)
by its revenue code and no HCPCS, a HCPCS line by HCPCS + modifiers and, when the payer returned it in
SVC04, the revenue code too. A room-and-board line spans days: its date is the first day it was billed for.
"""

from __future__ import annotations

from revcycle.claims.model import Claim, ClaimLine
from revcycle.remittance.model import ServicePayment


class PostingProblem(Exception):
    """Why one remitted claim cannot post; it goes to the exception queue with `reason`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def match_line(paid: ServicePayment, claim: Claim, used: set[int], notes: list[str], claim_id: str) -> ClaimLine:
    free = [line for line in claim.lines if line.line_number not in used]
    if paid.control_number:
        found = [line for line in free if claim.line_control_number(line) == paid.control_number]
        if found:
            return found[0]
    same_day = [line for line in free if paid.service_date is None or line.service_date == paid.service_date]
    if paid.is_revenue_code_only:
        code = paid.procedure_code
        by_revenue = [line for line in same_day if line.revenue_code == code and not line.procedure_code]
        if by_revenue:
            return by_revenue[0]
        raise PostingProblem("unmatched_line", f"revenue code {paid.procedure_code} on {paid.service_date} matches "
                                               "no line we sent")  # fmt: skip
    if paid.revenue_code:
        same_day = [line for line in same_day if line.revenue_code in (paid.revenue_code, "")]
    exact = [line for line in same_day if _code(line) == paid.procedure_code and _modifiers(line) == paid.modifiers]
    if exact:
        return exact[0]
    by_code = [line for line in same_day if _code(line) == paid.procedure_code]
    if by_code:
        notes.append(f"{claim_id}: {paid.procedure_code} matched by code and date; the payer returned modifiers "
                     f"{list(paid.modifiers)}, we sent {list(by_code[0].modifiers)}")  # fmt: skip
        return by_code[0]
    if paid.submitted_code:
        recoded = [line for line in same_day if _code(line) == paid.submitted_code]
        if recoded:
            notes.append(f"{claim_id}: the payer re-coded {paid.submitted_code} as {paid.procedure_code}; matched by SVC06")
            return recoded[0]
    raise PostingProblem("unmatched_line", f"{paid.procedure_code} on {paid.service_date} matches no line we sent")


def _code(line: ClaimLine) -> str:
    return line.procedure_code.upper()  # as the 837P sent it


def _modifiers(line: ClaimLine) -> tuple[str, ...]:
    return tuple(modifier.upper() for modifier in line.modifiers)
