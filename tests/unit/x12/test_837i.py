"""837I (005010X223A2) typed read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.x12 import read_x12

INSTITUTIONAL = "\n".join(
    [
        "ISA*00*          *00*          *ZZ*HOSPITAL       *ZZ*PAYER          *260101*1200*^*00501*000000001*0*T*:~",
        "GS*HC*HOSPITAL*PAYER*20260101*1200*1*X*005010X223A2~",
        "ST*837*0001*005010X223A2~",
        "BHT*0019*00*B1*20260101*1200*CH~",
        "NM1*41*2*GENERAL HOSPITAL*****46*H1~",
        "PER*IC*BILLING*TE*2175551212~",
        "NM1*40*2*ACME HEALTH PLAN*****46*P1~",
        "HL*1**20*1~",
        "NM1*85*2*GENERAL HOSPITAL*****XX*1234567893~",
        "N3*1 HOSPITAL DR~",
        "N4*SPRINGFIELD*IL*627010000~",
        "REF*EI*123456789~",
        "HL*2*1*22*0~",
        "SBR*P*18*******CI~",
        "NM1*IL*1*DOE*JANE****MI*W123~",
        "N3*9 ELM ST~",
        "N4*SPRINGFIELD*IL*62701~",
        "DMG*D8*19800229*F~",
        "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME1~",
        "CLM*INP-1*1500***11:A:1**A*Y*Y~",
        "DTP*434*RD8*20260102-20260105~",
        "DTP*435*DT*202601020800~",
        "CL1*1*7*01~",
        "HI*ABK:E119~",
        "HI*ABJ:R739~",
        "HI*ABF:I10*ABF:E785~",
        "NM1*71*1*WELBY*MARCUS****XX*1999999992~",
        "LX*1~",
        "SV2*0120**1200*DA*3~",
        "DTP*472*RD8*20260102-20260105~",
        "LX*2~",
        "SV2*0300*HC:80053*300*UN*1~",
        "DTP*472*D8*20260102~",
        "SE*32*0001~",
        "GE*1*1~",
        "IEA*1*000000001~",
        "",
    ]
)


def test_reads_institutional_claim_codes_dates_and_revenue_lines():
    # when
    result = read_x12(INSTITUTIONAL, validate=True)
    claim = result.models("837i")[0].claims[0]
    # then
    assert result.problems == []
    assert (claim.claim_id, claim.charge, claim.facility_type, claim.frequency) == (
        "INP-1",
        Decimal(1500),
        "11",
        "1",
    )
    assert (claim.statement_from, claim.statement_to) == (dt.date(2026, 1, 2), dt.date(2026, 1, 5))
    assert (claim.admission_type, claim.admission_source, claim.patient_status) == ("1", "7", "01")
    assert claim.diagnoses == ["E119", "I10", "E785"]
    assert claim.admitting_diagnosis == "R739"
    assert claim.providers[0].name.entity == "71"
    room, lab = claim.service_lines
    assert (room.revenue_code, room.procedure, room.charge, room.units, room.unit_basis) == (
        "0120",
        "",
        Decimal(1200),
        Decimal(3),
        "DA",
    )
    assert (lab.revenue_code, lab.procedure, lab.service_date) == ("0300", "80053", dt.date(2026, 1, 2))
    assert sum((line.charge for line in claim.service_lines), Decimal(0)) == claim.charge
