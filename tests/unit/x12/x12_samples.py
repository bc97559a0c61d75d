"""Small hand-made X12 texts for unit tests (synthetic; no PHI)."""

from __future__ import annotations

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000101*0*T*:~"

REMIT_835 = "\n".join(
    [
        ISA,
        "GS*HP*SENDER*RECEIVER*20260101*1200*1*X*005010X221A1~",
        "ST*835*0001~",
        "BPR*I*80*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260105~",
        "TRN*1*12345*1512345678~",
        "DTM*405*20260105~",
        "N1*PR*ACME HEALTH PLAN~",
        "N3*1 MAIN STREET~",
        "N4*SPRINGFIELD*IL*62701~",
        "PER*BL*EDI DESK*TE*8005551212~",
        "N1*PE*FAMILY CLINIC*XX*1234567893~",
        "LX*1~",
        "CLP*CLAIM-1*1*100*80*20*12*PAYERCTL1*11*1~",
        "CAS*PR*1*20~",
        "NM1*QC*1*DOE*JANE****MI*W123~",
        "SVC*HC:99213:25*100*80**1~",
        "DTM*472*20251220~",
        "CAS*PR*1*20~",
        "REF*6R*LINE1~",
        "SE*18*0001~",
        "GE*1*1~",
        "IEA*1*000000101~",
        "",
    ]
)
