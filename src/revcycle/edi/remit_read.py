"""Read any 835 into `RemittanceAdvice` values (amounts in integer cents via `round_cents`).

    advices, problems = read_835(data)     # problems: located X12 problems as strings (errors only)

The payer id is N1*PR's id (N104) when present, else TRN03 without its leading "1" (the 1 + EIN
convention), else the payer name. Units become whole numbers (fractions are rounded half-up).

An advice whose amounts (each, or all of them added up) or units are beyond what the ledger can hold
(`kernel.money.MAX_CENTS`, `MAX_UNITS`) makes the whole file unreadable: no advices, one problem naming
the trace and the amount, so preview and post refuse it alike (never a database error at post).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from revcycle.kernel.money import MAX_CENTS, Money, round_cents
from revcycle.remittance import model as domain
from revcycle.x12 import X12Error, X12File, read_x12
from revcycle.x12.guides.x835 import model as x835

MAX_UNITS = 2**31 - 1  # units and adjustment quantities are stored as Integer


def read_835(data: bytes | str | Path | X12File) -> tuple[list[domain.RemittanceAdvice], list[str]]:
    """`data`: the file, or the file already read (`read_x12`)."""
    try:
        result = data if isinstance(data, X12File) else read_x12(data)
    except X12Error as error:
        return [], [str(problem) for problem in error.problems] or [str(error)]
    problems = [str(problem) for problem in result.errors]
    advices = [from_x835(model) for model in result.models("835") if isinstance(model, x835.Remittance)]
    if beyond := [message for advice in advices if (message := beyond_ledger(advice)) is not None]:
        return [], problems + beyond
    if not advices and not problems:
        problems.append("no 835 transaction set in the file")
    return advices, problems


def from_x835(remittance: x835.Remittance) -> domain.RemittanceAdvice:
    payer = remittance.payer
    payee = remittance.payee
    payer_id = _payer_id(remittance)
    return domain.RemittanceAdvice(
        payer_name=payer.name.last_or_organization if payer else "",
        payer_id=payer_id,
        payee_name=payee.name.last_or_organization if payee else "",
        payee_id=payee.name.id if payee else "",
        payee_id_qualifier=payee.name.id_qualifier if payee else "",
        trace_number=remittance.trace_number,
        trace_originator=remittance.trace_payer_id,
        payment_date=remittance.payment_date,
        total_paid_cents=_cents(remittance.total_paid) * (-1 if remittance.credit_debit == "D" else 1),
        payment_method=remittance.payment_method,
        control_number=remittance.control_number,
        claims=tuple(_claim(claim) for claim in remittance.claims),
        provider_adjustments=tuple(
            domain.ProviderAdjustment(
                a.provider_id, a.reason, _cents(a.amount), a.reference, a.fiscal_period_end
            )
            for a in remittance.provider_adjustments
        ),
    )


def _payer_id(remittance: x835.Remittance) -> str:
    if remittance.payer is not None and remittance.payer.name.id:
        return remittance.payer.name.id
    trace = remittance.trace_payer_id
    if trace:
        return trace[1:] if len(trace) == 10 and trace.startswith("1") else trace
    return remittance.payer.name.last_or_organization if remittance.payer is not None else ""


def _cents(amount: Decimal | None) -> int:
    """Exact for amounts with at most two decimals (all X12 money in practice); else `round_cents`."""
    if amount is None:
        return 0
    scaled = amount.scaleb(2)
    whole = int(scaled)
    return whole if whole == scaled else round_cents(amount)


def _units(amount: Decimal | None) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)) if amount is not None else 1


def _adjustments(adjustments: list[x835.Adjustment]) -> tuple[domain.Adjustment, ...]:
    return tuple(
        domain.Adjustment(
            a.group, a.reason, _cents(a.amount), None if a.quantity is None else _units(a.quantity)
        )
        for a in adjustments
    )


def _claim(claim: x835.ClaimPayment) -> domain.ClaimPayment:
    patient = claim.patient
    remarks = tuple(
        code for adjudication in claim.adjudications for code in adjudication.remark_codes.values()
    )
    interest = sum((amount for qualifier, amount in claim.amounts if qualifier == "I"), Decimal(0))
    received = next((value for qualifier, value in claim.dates if qualifier == "050"), None)
    return domain.ClaimPayment(
        claim_id=claim.claim_id,
        status=claim.status,
        charge_cents=_cents(claim.charge),
        paid_cents=_cents(claim.paid),
        patient_responsibility_cents=None
        if claim.patient_responsibility is None
        else _cents(claim.patient_responsibility),
        filing_indicator=claim.filing_indicator,
        payer_claim_number=claim.payer_claim_number,
        frequency=claim.frequency,
        patient_last_name=patient.last_or_organization if patient else "",
        patient_first_name=patient.first if patient else "",
        member_id=patient.id if patient else "",
        adjustments=_adjustments(claim.adjustments),
        lines=tuple(_line(line) for line in claim.service_lines),
        interest_cents=_cents(interest),
        remarks=remarks,
        received_date=received,
        facility_type=claim.facility_type,
        drg=claim.drg,
        drg_weight=claim.drg_weight,
        facility=_facility(claim.adjudications),
    )


def _facility(adjudications: list[x835.Adjudication]) -> domain.FacilityAdjudication | None:
    """MIA (inpatient: covered days, outlier, DRG amount) or MOA with amounts (rate, HCPCS payable); an MOA
    holding remarks only is a professional claim's (None)."""
    for adjudication in adjudications:
        values = adjudication.values
        if adjudication.segment_id == "MIA":
            return domain.FacilityAdjudication(
                True, _units(values.get(1, Decimal(0))), _cents(values.get(4)), _cents(values.get(2))
            )
        if values:
            payable = values.get(2)
            return domain.FacilityAdjudication(
                False,
                reimbursement_rate=values.get(1),
                hcpcs_payable_cents=None if payable is None else _cents(payable),
            )
    return None


def _line(line: x835.ServiceLine) -> domain.ServicePayment:
    submitted = line.submitted_procedure
    return domain.ServicePayment(
        procedure_code=line.procedure.code,
        charge_cents=_cents(line.charge),
        paid_cents=_cents(line.paid),
        modifiers=tuple(m for m in line.procedure.modifiers if m),
        qualifier=line.procedure.qualifier,
        units=_units(line.units_paid),
        service_date=line.service_date,
        control_number=line.control_number,
        adjustments=_adjustments(line.adjustments),
        remarks=tuple(code for qualifier, code in line.remarks if qualifier == "HE"),
        allowed_cents=None if line.allowed is None else _cents(line.allowed),
        submitted_code=submitted.code if submitted else "",
        submitted_modifiers=tuple(m for m in submitted.modifiers if m) if submitted else (),
        revenue_code=line.procedure.code
        if line.procedure.qualifier == domain.REVENUE_CODE_QUALIFIER
        else line.revenue_code,
    )


def beyond_ledger(advice: domain.RemittanceAdvice) -> str | None:
    """Why the advice cannot be posted to the ledger (an amount or units too large), else None."""
    amounts = list(_amounts(advice))
    for where, cents in amounts:
        if abs(cents) > MAX_CENTS:
            return f"trace {advice.trace_number[:50]!r}: {where} {Money(cents)} is beyond what the ledger can hold"
    if sum(abs(cents) for _where, cents in amounts) > MAX_CENTS:
        return f"trace {advice.trace_number[:50]!r}: its amounts add up beyond what the ledger can hold"
    for claim in advice.claims:
        units = [line.units for line in claim.lines] + [a.quantity or 0 for a in _all_adjustments(claim)]
        if any(abs(value) > MAX_UNITS for value in units):
            return f"trace {advice.trace_number[:50]!r}: claim {claim.claim_id[:38]!r} has units beyond {MAX_UNITS}"
    return None


def _all_adjustments(claim: domain.ClaimPayment) -> list[domain.Adjustment]:
    return list(claim.adjustments) + [a for line in claim.lines for a in line.adjustments]


def _amounts(advice: domain.RemittanceAdvice):  # noqa: ANN202 - (where, cents) pairs
    yield "BPR02", advice.total_paid_cents
    for adjustment in advice.provider_adjustments:
        yield "PLB amount", adjustment.amount_cents
    for claim in advice.claims:
        name = f"claim {claim.claim_id[:38]!r}"
        yield f"{name} CLP03", claim.charge_cents
        yield f"{name} CLP04", claim.paid_cents
        yield f"{name} CLP05", claim.patient_responsibility_cents or 0
        yield f"{name} interest", claim.interest_cents
        for line in claim.lines:
            yield f"{name} SVC02", line.charge_cents
            yield f"{name} SVC03", line.paid_cents
            yield f"{name} allowed", line.allowed_cents or 0
        for adjustment in _all_adjustments(claim):
            yield f"{name} CAS amount", adjustment.amount_cents
