"""835 <-> `RemittanceAdvice`: the only place that knows both the X12 835 and the domain in cents.

    text = write_835(advice, settings, control_number=7, created=datetime(...))   # pyx12-valid 835
    advices, problems = read_835(data)        # every 835 transaction set in a file, amounts in cents

Writing: CLP/CAS/NM1*QC/NM1*IL/MIA|MOA/DTM*050/AMT*I per claim, SVC/DTM*472/CAS/REF*6R/AMT*B6/LQ*HE
per line, PLB per provider, BPR/TRN for the payment (ACH with bank ids, CHK, or NON for $0).
Reading: any 5010 (or 4010) 835 the x12 reader types; the payer id is TRN03 (else N1*PR's id).

Facility claims: CLP08 the bill type's digits 2-3 (11 inpatient, 13 outpatient; 11 for professional claims
as before), CLP11/CLP12 the DRG and its weight, MIA for an inpatient stay (MIA01 covered days, MIA02 the
outlier, MIA04 the DRG amount, remarks in MIA05/20-23), MOA for outpatient (MOA01 the reimbursement rate,
MOA02 the HCPCS payable amount, remarks in MOA03-07); a line billed by revenue code alone is SVC01 NU:0120,
a HCPCS line carries its revenue code in SVC04.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.remittance import model as domain
from revcycle.x12.guides.x835 import model as x835
from revcycle.x12.guides.x835.write import write_remittances

# SBR09 claim filing indicator (what the 837 says) -> CLP06 (what the 835 code list allows)
CLP06_BY_SBR09 = {"CI": "12", "BL": "12", "HM": "HM", "11": "ZZ", "ZZ": "ZZ"}
CLP06_CODES = frozenset(
    {
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "AM",
        "CH",
        "DS",
        "HM",
        "LM",
        "MA",
        "MB",
        "MC",
        "OF",
        "TV",
        "VA",
        "WC",
        "ZZ",
    }
)
ACH_BANK = ["01", "999999992", "DA", "123456", "1512345678", "", "01", "999988880", "DA", "98765"]


def dollars(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def write_835(
    advice: domain.RemittanceAdvice, settings: EnvelopeSettings, control_number: int, created: dt.datetime
) -> str:
    typed = to_x835(advice)
    return write_remittances(
        [typed],
        settings.header(control_number, created),
        sender=settings.group_sender,
        receiver=settings.group_receiver,
        group_control=control_number,
    )


def to_x835(advice: domain.RemittanceAdvice) -> x835.Remittance:
    method = advice.payment_method if advice.total_paid_cents > 0 else "NON"
    remittance = x835.Remittance(
        control_number=advice.control_number,
        handling="I" if advice.total_paid_cents > 0 else "H",
        total_paid=dollars(advice.total_paid_cents),
        payment_method=method,
        payment_format="CCP" if method == "ACH" else "",
        bank=list(ACH_BANK) if method == "ACH" else [],
        payment_date=advice.payment_date,
        trace_type="1",
        trace_number=advice.trace_number,
        trace_payer_id="1" + advice.payer_id[:9].rjust(9, "0"),
        production_date=advice.payment_date,
        payer=x835.Party(
            x835.Name("PR", "", advice.payer_name, "", "", "", "XV", advice.payer_id),
            ["PO BOX 1000"],
            "COLUMBUS",
            "OH",
            "43215",
            contacts=[x835.Contact("BL", "PROVIDER SERVICES", [("TE", "8005550100")])],
        ),  # fmt: skip
        payee=x835.Party(
            x835.Name("PE", "", advice.payee_name, "", "", "", advice.payee_id_qualifier, advice.payee_id)
        ),
        claims=[_claim(claim) for claim in advice.claims],
        provider_adjustments=[
            _plb(adjustment, advice.payment_date) for adjustment in advice.provider_adjustments
        ],
    )
    for claim in remittance.claims:
        claim.header_number = "1"
    return remittance


def clp06(filing_indicator: str) -> str:
    if filing_indicator in CLP06_CODES:
        return filing_indicator
    return CLP06_BY_SBR09.get(filing_indicator, "ZZ")


def _adjustments(adjustments: tuple[domain.Adjustment, ...]) -> list[x835.Adjustment]:
    return [
        x835.Adjustment(
            a.group, a.reason, dollars(a.amount_cents), None if a.quantity is None else Decimal(a.quantity)
        )
        for a in adjustments
    ]


def _claim(claim: domain.ClaimPayment) -> x835.ClaimPayment:
    names = [
        x835.Name("QC", "1", claim.patient_last_name, claim.patient_first_name, "", "", "MI", claim.member_id)
    ]
    typed = x835.ClaimPayment(
        claim_id=claim.claim_id,
        status=claim.status,
        charge=dollars(claim.charge_cents),
        paid=dollars(claim.paid_cents),
        patient_responsibility=dollars(claim.patient_responsibility_cents or 0),
        filing_indicator=clp06(claim.filing_indicator),
        payer_claim_number=claim.payer_claim_number,
        facility_type=claim.facility_type,
        frequency=claim.frequency or "1",
        drg=claim.drg,
        drg_weight=claim.drg_weight,
        adjustments=_adjustments(claim.adjustments),
        names=names,
        service_lines=[_line(line) for line in claim.lines],
    )
    if claim.facility is not None and claim.facility.inpatient:
        typed.adjudications.append(_mia(claim.facility, claim.remarks))
    elif claim.remarks or claim.facility is not None:
        typed.adjudications.append(_moa(claim.facility, claim.remarks))
    if claim.received_date is not None:
        typed.dates.append(("050", claim.received_date))
    if claim.interest_cents:
        typed.amounts.append(("I", dollars(claim.interest_cents)))
    return typed


def _mia(facility: domain.FacilityAdjudication, remarks: tuple[str, ...]) -> x835.Adjudication:
    """MIA01 covered days, MIA02 PPS operating outlier, MIA04 the DRG amount, remarks in MIA05, 20-23."""
    values = {1: Decimal(facility.covered_days)}
    if facility.outlier_cents:
        values[2] = dollars(facility.outlier_cents)
    if facility.drg_amount_cents:
        values[4] = dollars(facility.drg_amount_cents)
    return x835.Adjudication("MIA", values, dict(zip((5, 20, 21, 22, 23), remarks, strict=False)))


def _moa(facility: domain.FacilityAdjudication | None, remarks: tuple[str, ...]) -> x835.Adjudication:
    """MOA01 reimbursement rate, MOA02 the HCPCS payable amount, remarks in MOA03-07."""
    values: dict[int, Decimal] = {}
    if facility is not None and facility.reimbursement_rate is not None:
        values[1] = facility.reimbursement_rate
    if facility is not None and facility.hcpcs_payable_cents is not None:
        values[2] = dollars(facility.hcpcs_payable_cents)
    return x835.Adjudication("MOA", values, dict(enumerate(remarks[:5], start=3)))


def _line(line: domain.ServicePayment) -> x835.ServiceLine:
    by_revenue_code = line.is_revenue_code_only
    typed = x835.ServiceLine(
        procedure=x835.Procedure(line.qualifier, line.procedure_code, list(line.modifiers)),
        charge=dollars(line.charge_cents),
        paid=dollars(line.paid_cents),
        revenue_code="" if by_revenue_code else line.revenue_code,
        units_paid=Decimal(line.units) if line.units != 1 else None,
        dates=[("472", line.service_date)] if line.service_date else [],
        adjustments=_adjustments(line.adjustments),
        references=[("6R", line.control_number)] if line.control_number else [],
        remarks=[("HE", remark) for remark in line.remarks],
    )
    if line.submitted_code:
        typed.submitted_procedure = x835.Procedure(
            line.qualifier, line.submitted_code, list(line.submitted_modifiers)
        )
    if line.allowed_cents is not None and line.paid_cents >= 0 and line.allowed_cents:
        typed.amounts.append(("B6", dollars(line.allowed_cents)))
    return typed


def _plb(adjustment: domain.ProviderAdjustment, paid_on: dt.date | None) -> x835.ProviderAdjustment:
    period_end = adjustment.period_end or dt.date((paid_on or dt.date.today()).year, 12, 31)
    return x835.ProviderAdjustment(
        adjustment.provider_id,
        period_end,
        adjustment.reason,
        adjustment.reference,
        dollars(adjustment.amount_cents),
    )
