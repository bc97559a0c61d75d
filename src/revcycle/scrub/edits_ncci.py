"""NCCI: procedure-to-procedure pairs with the modifier indicator, add-on codes, MUE unit limits.

Finding codes: ncci_pair_never_together (indicator 0), ncci_pair_needs_modifier (indicator 1, no
NCCI-associated modifier), addon_without_primary, mue_units_exceeded.

Modifier indicator 1 is bypassed by an NCCI-associated modifier: on an E/M code, 25 (or 57 for
the decision for surgery); otherwise 59, XE, XS, XP, XU, the anatomic modifiers, 24, 27, 58, 78,
79 or 91, on either code of the pair.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from revcycle.claims.model import Claim, ClaimLine
from revcycle.codesets.ncci import PtpEdit, addon_primaries
from revcycle.kernel.findings import Finding
from revcycle.scrub import procedures
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.registry import edit

EM_BYPASS = frozenset({"25", "57"})
ANATOMIC = frozenset({"E1", "E2", "E3", "E4", "FA", "LC", "LD", "LM", "LT", "RC", "RI", "RT", "TA"}
                     | {f"F{n}" for n in range(1, 10)} | {f"T{n}" for n in range(1, 10)})
PROCEDURE_BYPASS = frozenset({"59", "XE", "XS", "XP", "XU", "24", "27", "58", "78", "79", "91"}) | ANATOMIC


def lines_by_date(claim: Claim) -> dict[date, list[ClaimLine]]:
    grouped: dict[date, list[ClaimLine]] = defaultdict(list)
    for line in claim.lines:
        grouped[line.service_date].append(line)
    return grouped


@edit("ncci")
def check_ncci_pairs(claim: Claim, context: ScrubContext) -> list[Finding]:
    """NCCI PTP pairs billed on one date: indicator 0 never; indicator 1 only with an NCCI modifier."""
    findings: list[Finding] = []
    for dos, lines in lines_by_date(claim).items():
        by_code: dict[str, list[ClaimLine]] = defaultdict(list)
        for line in lines:
            by_code[line.procedure_code.upper()].append(line)
        for ptp in context.ptp.edits_among(list(by_code), dos):
            finding = _pair_finding(ptp, by_code[ptp.column1], by_code[ptp.column2], dos, context)
            if finding is not None:
                findings.append(finding)
    return findings


def _pair_finding(ptp: PtpEdit, firsts: list[ClaimLine], seconds: list[ClaimLine], dos: date,
                  context: ScrubContext) -> Finding | None:
    where = f"line {seconds[0].line_number}"
    pair = f"{ptp.column1} (column 1, line {firsts[0].line_number}) and {ptp.column2} (column 2)"
    if ptp.modifier_indicator == 0:
        return Finding("ncci_pair_never_together",
                       f"{where}: NCCI PTP edit: {pair} are not paid together on {dos.isoformat()}; "
                       "modifier indicator 0, no modifier bypasses it",
                       location=where, hint=f"remove {ptp.column2}; it is included in {ptp.column1}")
    em_codes = [code for code in (ptp.column1, ptp.column2) if procedures.is_em(code, dos, context.cpt_codes)]
    if em_codes:
        em_lines = firsts if em_codes[0] == ptp.column1 else seconds
        if any(EM_BYPASS & set(line.modifiers) for line in em_lines):
            return None
        return Finding("ncci_pair_needs_modifier",
                       f"{where}: NCCI PTP edit: {pair} on {dos.isoformat()}: the E/M needs modifier 25 "
                       "(modifier indicator 1)", location=where,
                       hint=f"append 25 to {em_codes[0]} when the E/M is significant and separately "
                            "identifiable (documented beyond the procedure's usual pre/post work)")
    if any(PROCEDURE_BYPASS & set(line.modifiers) for line in (*firsts, *seconds)):
        return None
    return Finding("ncci_pair_needs_modifier",
                   f"{where}: NCCI PTP edit: {pair} on {dos.isoformat()}: billed together only with an "
                   "NCCI-associated modifier (modifier indicator 1)", location=where,
                   hint=f"if {ptp.column2} was a distinct service (other site, session or practitioner), "
                        "append XS/XE/XP/XU or 59; otherwise remove it")


@edit("ncci")
def check_addon_codes(claim: Claim, context: ScrubContext) -> list[Finding]:
    """An add-on code is billed with one of its primary codes on the same date."""
    findings: list[Finding] = []
    for dos, lines in lines_by_date(claim).items():
        codes = {line.procedure_code.upper() for line in lines}
        for line in lines:
            primaries = addon_primaries(line.procedure_code, dos)
            if primaries is None or primaries & codes:
                continue
            where = f"line {line.line_number}"
            findings.append(Finding("addon_without_primary",
                                    f"{where}: {line.procedure_code} is an add-on code billed without its primary "
                                    f"procedure on {dos.isoformat()}", location=where,
                                    hint=f"bill it with one of: {', '.join(sorted(primaries))}"))
    return findings


@edit("ncci")
def check_mue_units(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Units of a code stay within its MUE (per line for MAI 1, per date of service for MAI 2/3)."""
    findings: list[Finding] = []
    for dos, lines in lines_by_date(claim).items():
        units_on_day: dict[str, int] = defaultdict(int)
        for line in lines:
            units_on_day[line.procedure_code.upper()] += line.units
        reported: set[str] = set()
        for line in lines:
            limit = context.mue.limit_for(line.procedure_code)
            if limit is None or limit.code in reported:
                continue
            billed = units_on_day[limit.code] if limit.per_date_of_service else line.units
            if billed <= limit.max_units:
                continue
            if limit.per_date_of_service:
                reported.add(limit.code)
            scope = f"on {dos.isoformat()}" if limit.per_date_of_service else "on one line"
            where = f"line {line.line_number}"
            findings.append(Finding("mue_units_exceeded",
                                    f"{where}: {billed} units of {line.procedure_code} {scope}; the MUE is "
                                    f"{limit.max_units} (adjudication indicator {limit.adjudication_indicator})",
                                    location=where, hint="check the units; document medical necessity and appeal "
                                    "if more were truly given" if limit.per_date_of_service else "split the units "
                                    "over lines with an appropriate modifier only if documented"))
    return findings
