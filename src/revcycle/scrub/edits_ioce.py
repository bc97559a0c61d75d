"""I/OCE edits on outpatient facility claims (the Integrated Outpatient Code Editor a Medicare
contractor runs on 012x, 013x, 014x, 085x ... bills), each by the line's date of service.

Finding codes, located "line n":

    hcpcs_not_valid_on_dos     a HCPCS Level II code not in the I/OCE HCPCS table on the date (the claim
                               is returned: invalid HCPCS); a CPT code outside its validity in the CPT
                               table in use (a CPT code the table does not hold is not judged: the public
                               I/OCE files carry no CPT and the shipped CPT table is a demo subset)
    status_indicator_not_payable   the OPPS status indicator of the code on the date says the line is not
                               paid under OPPS: B, C, D, M (error: the claim is returned or denied);
                               E1, E2, Y (warning: the line is rejected, the claim goes on) — no finding
                               on an E1/E2 line the hospital marked GA, GY, GZ or on a C line with CA
    ncci_pair_never_together, ncci_pair_needs_modifier
                               the hospital outpatient NCCI PTP table (I/OCE `map_ncci`), pairs billed
                               on one date: indicator 0 never; indicator 1 only with an NCCI-associated
                               modifier (59, XE, XS, XP, XU, anatomic, 24, 27, 58, 78, 79, 91; 25, 27
                               or 57 on an E/M, G0463 included) on either line of the pair

Status-indicator edits judge OPPS bill types (012x, 013x, 014x, 076x); the HCPCS and NCCI edits
every bill type the I/OCE processes (OUTPATIENT_BILL_TYPES).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from revcycle.claims.model import Claim, ClaimLine
from revcycle.codesets import ioce
from revcycle.codesets.ncci import PtpEdit
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub import procedures
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.edits_ncci import PROCEDURE_BYPASS, lines_by_date
from revcycle.scrub.registry import INSTITUTIONAL, edit

# Bill types (facility type + classification) the I/OCE processes; OPPS pays 12x, 13x, 14x and CMHC 76x.
OUTPATIENT_BILL_TYPES = frozenset({"12", "13", "14", "22", "23", "32", "34", "71", "72", "73", "74", "75",
                                   "76", "77", "81", "82", "83", "85"})  # fmt: skip
OPPS_BILL_TYPES = frozenset({"12", "13", "14", "76"})
OUTPATIENT_EM_BYPASS = frozenset({"25", "27", "57"})
OUTPATIENT_EM_HCPCS = frozenset({"G0463", "G0380", "G0381", "G0382", "G0383", "G0384"})  # clinic, type B ED
NON_COVERED_NOTICE = frozenset({"GA", "GY", "GZ"})  # ABN on file / statutorily excluded / no ABN
INPATIENT_ONLY_BYPASS = frozenset({"CA"})  # the patient died before admission


def _is_outpatient_bill(claim: Claim, bill_types: frozenset[str]) -> bool:
    return claim.institutional is not None and claim.institutional.bill_type in bill_types


@edit("ioce", kinds=INSTITUTIONAL)
def check_outpatient_hcpcs(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Every line's HCPCS/CPT code is valid on its date of service (the I/OCE HCPCS table for Level II)."""
    if not _is_outpatient_bill(claim, OUTPATIENT_BILL_TYPES):
        return []
    findings = []
    for line in claim.lines:
        if not line.procedure_code:
            continue
        where = f"line {line.line_number}"
        for problem in procedures.validate(line.procedure_code, line.service_date, context.cpt_codes):
            if problem.code == "unknown_code" and procedures.system_of(line.procedure_code) == "cpt":
                continue  # the CPT table in use may be the demo subset: a code it lacks is not judged
            findings.append(Finding("hcpcs_not_valid_on_dos", f"{where} ({line.revenue_code}): {problem.message}",
                                    location=where, hint="use the code in force on the date of service "
                                    "(the charge master may still carry a deleted code)"))  # fmt: skip
    return findings


@edit("ioce", kinds=INSTITUTIONAL)
def check_status_indicator(claim: Claim, context: ScrubContext) -> list[Finding]:
    """No line's OPPS status indicator on its date says Medicare does not pay it on an outpatient
    hospital claim (B, C, D, M; E1, E2, Y)."""
    if not _is_outpatient_bill(claim, OPPS_BILL_TYPES):
        return []
    findings = []
    for line in claim.lines:
        found = _status_finding(claim, line)
        if found is not None:
            findings.append(found)
    return findings


def _status_finding(claim: Claim, line: ClaimLine) -> Finding | None:
    try:
        indicator = (
            ioce.status_indicator(line.procedure_code, line.service_date) if line.procedure_code else None
        )
    except RevcycleError as error:
        if error.code is ErrorCode.NO_RELEASE_FOR_DATE:
            return None  # before the I/OCE data held: the HCPCS edit says so
        raise
    if indicator is None or indicator.payable_under_opps:
        return None
    marked = set(line.modifiers)
    if (indicator.letter in ("E1", "E2") and marked & NON_COVERED_NOTICE) or (
        indicator.letter == "C" and marked & INPATIENT_ONLY_BYPASS
    ):
        return None
    where = f"line {line.line_number}"
    severity = Severity.ERROR if indicator.letter in ioce.CLAIM_RETURNED else Severity.WARNING
    message = (f"{where}: {indicator.code} ({indicator.title}) has OPPS status indicator {indicator.letter} on "
               f"{line.service_date.isoformat()}: {indicator.meaning}; on type of bill {claim.type_of_bill} the "
               f"line is {ioce.NOT_PAYABLE[indicator.letter]}")  # fmt: skip
    return Finding(
        "status_indicator_not_payable", message, severity, location=where, hint=_status_hint(indicator.letter)
    )


def _status_hint(letter: str) -> str:
    return {
        "B": "bill the alternate code OPPS recognizes for the service (often the CPT code)",
        "C": "an inpatient-only procedure: admit and bill it on the inpatient claim (011x)",
        "D": "the code is discontinued: use its replacement",
        "M": "not billable to the MAC: remove the line (it belongs on another claim type)",
        "E1": "not covered: append GA (ABN on file), GY (excluded) or GZ (no ABN), or bill the patient",
        "E2": "not covered on an outpatient claim: append GY/GZ or remove the line",
        "Y": "bill the durable medical equipment to the DME MAC",
    }[letter]


@edit("ioce", kinds=INSTITUTIONAL)
def check_outpatient_ncci_pairs(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Hospital outpatient NCCI PTP pairs on one date: indicator 0 never; indicator 1 only with a modifier."""
    if not _is_outpatient_bill(claim, OUTPATIENT_BILL_TYPES):
        return []
    table = ioce.outpatient_ptp() if context.outpatient_ptp is None else context.outpatient_ptp
    findings: list[Finding] = []
    for dos, lines in lines_by_date(claim).items():
        by_code: dict[str, list[ClaimLine]] = defaultdict(list)
        for line in lines:
            if line.procedure_code:
                by_code[line.procedure_code.upper()].append(line)
        for ptp in table.edits_among(list(by_code), dos):
            finding = _pair_finding(ptp, by_code[ptp.column1], by_code[ptp.column2], dos, context)
            if finding is not None:
                findings.append(finding)
    return sorted(findings, key=lambda found: int(found.location.removeprefix("line ")))


def _is_em(code: str, dos: date, context: ScrubContext) -> bool:
    return code in OUTPATIENT_EM_HCPCS or procedures.is_em(code, dos, context.cpt_codes)


def _pair_finding(
    ptp: PtpEdit, firsts: list[ClaimLine], seconds: list[ClaimLine], dos: date, context: ScrubContext
) -> Finding | None:
    where = f"line {seconds[0].line_number}"
    pair = (
        f"{ptp.column1} (column 1, line {firsts[0].line_number}) and {ptp.column2} (column 2) "
        f"on {dos.isoformat()}"
    )
    rule = "hospital outpatient NCCI PTP edit (I/OCE)"
    if ptp.modifier_indicator == 0:
        return Finding("ncci_pair_never_together", f"{where}: {rule}: {pair}: {ptp.column2} is not paid with "
                       f"{ptp.column1}; modifier indicator 0, no modifier bypasses it", location=where,
                       hint=f"remove {ptp.column2}; it is included in {ptp.column1}")  # fmt: skip
    em_codes = [code for code in (ptp.column1, ptp.column2) if _is_em(code, dos, context)]
    if em_codes:
        em_lines = firsts if em_codes[0] == ptp.column1 else seconds
        if any(OUTPATIENT_EM_BYPASS & set(line.modifiers) for line in em_lines):
            return None
        return Finding("ncci_pair_needs_modifier", f"{where}: {rule}: {pair}: the visit {em_codes[0]} needs "
                       "modifier 25 (or 27 for a second visit that day); modifier indicator 1", location=where,
                       hint=f"append 25 to {em_codes[0]} when the visit is significant and separately "
                            "identifiable from the procedure")  # fmt: skip
    if any(PROCEDURE_BYPASS & set(line.modifiers) for line in (*firsts, *seconds)):
        return None
    return Finding("ncci_pair_needs_modifier", f"{where}: {rule}: {pair}: paid together only with an "
                   "NCCI-associated modifier (modifier indicator 1)", location=where,
                   hint=f"if {ptp.column2} was a distinct service (other site, session or practitioner), "
                        "append XS/XE/XP/XU or 59; otherwise remove it")  # fmt: skip
