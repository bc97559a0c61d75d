"""A drug billed without its NDC (`drug_without_ndc`).

A physician-administered drug (HCPCS J-codes) is billed with the National Drug Code of what was given
(837P loop 2410 LIN*N4 and CTP; the CMS-1500's shaded 24A row). Medicaid requires it on every drug line
(Deficit Reduction Act of 2005, section 6002; claim filing indicator MC): an error. A not-otherwise-
classified drug code (J3490, J3590, J9999 ...) says nothing of the drug by itself, so every payer needs
the NDC to price it: an error too. Other payers' policies vary (Medicare Part B prices J-codes by HCPCS
alone; many commercial plans ask for the NDC): a warning.
"""

from __future__ import annotations

from revcycle.claims.model import Claim
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import edit

MEDICAID = "MC"
# HCPCS drug codes that name no drug: unclassified drugs and biologics, by route
NOT_OTHERWISE_CLASSIFIED = frozenset(
    {"J3490", "J3590", "J7599", "J7699", "J7799", "J7999", "J8499", "J8597", "J8999", "J9999"}
)


@edit("billing")
def check_drug_ndc(claim: Claim, context: ScrubContext) -> list[Finding]:
    """A J-code drug line carries the NDC of what was given (always for Medicaid and unclassified drugs)."""
    findings: list[Finding] = []
    for line in claim.lines:
        code = line.procedure_code.strip().upper()
        if not code.startswith("J") or line.drug is not None:
            continue
        required = claim.claim_filing_indicator == MEDICAID or code in NOT_OTHERWISE_CLASSIFIED
        why = ("Medicaid requires it" if claim.claim_filing_indicator == MEDICAID
               else f"{code} names no drug" if code in NOT_OTHERWISE_CLASSIFIED
               else f"{claim.payer.name} may ask for it")  # fmt: skip
        findings.append(Finding(
            "drug_without_ndc", f"line {line.line_number} ({code}) bills a drug without its NDC: {why}",
            Severity.ERROR if required else Severity.WARNING, location=f"lines[{line.line_number}].drug",
            hint="enter the NDC from the vial (11 digits, 5-4-2), its unit (UN, ML, GR, F2, ME) and the quantity given",
        ))
    return findings
