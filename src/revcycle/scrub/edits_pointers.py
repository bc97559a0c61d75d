"""Does the line's first diagnosis support its procedure? (`pointer_not_supporting`)

A payer reads a line's first pointer as the reason for the service: a TSH test pointed to Z23
(encounter for immunization) or a strep test pointed to obesity is denied for medical necessity.
The rule is `coding.procedure_lines.unsupported_pointer`: Z23 supports only vaccines and their
administration, a status/history Z code (Z79, Z87, Z68...) supports no test or procedure (errors);
a vaccine points to Z23, and a test whose reason is on the claim (A1c: diabetes) points to it (warning).
"""

from __future__ import annotations

from revcycle.claims.model import Claim
from revcycle.coding.procedure_lines import unsupported_pointer
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import edit


@edit("codes")
def check_pointer_supports_procedure(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Each line's first diagnosis pointer is a reason for its procedure."""
    findings: list[Finding] = []
    for line in claim.lines:
        if not line.diagnosis_pointers or not 1 <= line.diagnosis_pointers[0] <= len(claim.diagnoses):
            continue  # pointer_out_of_range reports it
        first = claim.diagnoses[line.diagnosis_pointers[0] - 1]
        found = unsupported_pointer(line.procedure_code, first, claim.diagnoses)
        if found is None:
            continue
        message, is_error = found
        where = f"line {line.line_number}"
        findings.append(Finding("pointer_not_supporting", f"{where}: {message}",
                                Severity.ERROR if is_error else Severity.WARNING, location=where,
                                hint="point the line first to the diagnosis the note gives as its reason"))  # fmt: skip
    return findings
