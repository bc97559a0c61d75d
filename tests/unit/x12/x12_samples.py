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


def sample_claim_batch():
    """A small, complete 837P batch (subscriber is the patient, one COB secondary claim for a dependant)."""
    import datetime as dt
    from decimal import Decimal

    from revcycle.x12.guides.x837p.model import (
        Address,
        Adjustment,
        BillingProvider,
        Claim,
        ClaimBatch,
        LineAdjudication,
        Name,
        OtherPayer,
        Party,
        Patient,
        ServiceLine,
        Subscriber,
    )

    billing = Party(
        Name("85", "2", "FAMILY CLINIC", id_qualifier="XX", id="1234567893"),
        Address(["1 MAIN ST"], "SPRINGFIELD", "IL", "627010000"),
        references=[("EI", "123456789")],
    )
    payer = Party(Name("PR", "2", "ACME HEALTH PLAN", id_qualifier="PI", id="ACME1"))
    office_visit = ServiceLine(
        "HC",
        "99213",
        Decimal("125.00"),
        Decimal("1"),
        "UN",
        ["25"],
        diagnosis_pointers=[1, 2],
        service_date=dt.date(2026, 1, 5),
        service_end=dt.date(2026, 1, 5),
        line_number="1",
        references=[("6R", "LINE-1")],
    )
    claim = Claim(
        "PCN-1001",
        Decimal("125.00"),
        "11",
        diagnoses=["E119", "I10"],
        diagnosis_qualifiers=["ABK", "ABF"],
        service_lines=[office_visit],
    )
    subscriber = Subscriber(
        "P",
        Party(
            Name("IL", "1", "DOE", "JANE", id_qualifier="MI", id="W123456789"),
            Address(["9 ELM ST"], "SPRINGFIELD", "IL", "62701"),
            birth_date=dt.date(1980, 2, 29),
            gender="F",
        ),
        payer,
        group_number="GRP-7",
        claims=[claim],
    )
    secondary_line = ServiceLine(
        "HC",
        "87880",
        Decimal("40"),
        Decimal("1"),
        "UN",
        ["QW"],
        diagnosis_pointers=[1],
        service_date=dt.date(2026, 1, 6),
        service_end=dt.date(2026, 1, 6),
        line_number="1",
        adjudications=[
            LineAdjudication(
                "ACME1",
                Decimal("30"),
                ["HC", "87880", "QW"],
                Decimal("1"),
                adjustments=[Adjustment("CO", "45", Decimal("10"))],
                paid_date=dt.date(2026, 2, 1),
            )
        ],
    )
    secondary = Claim(
        "PCN-1002",
        Decimal("40"),
        "11",
        diagnoses=["J029"],
        diagnosis_qualifiers=["ABK"],
        other_payers=[
            OtherPayer(
                "P",
                "01",
                group_number="GRP-7",
                filing_indicator="CI",
                paid=Decimal("30"),
                subscriber=Party(Name("IL", "1", "DOE", "JOHN", id_qualifier="MI", id="W999")),
                payer=Party(Name("PR", "2", "ACME HEALTH PLAN", id_qualifier="PI", id="ACME1")),
            )
        ],
        service_lines=[secondary_line],
    )
    child = Patient(
        "19",
        Party(
            Name("QC", "1", "DOE", "JIMMY"),
            Address(["9 ELM ST"], "SPRINGFIELD", "IL", "62701"),
            birth_date=dt.date(2015, 6, 1),
            gender="M",
        ),
        claims=[secondary],
    )
    dependant_subscriber = Subscriber(
        "S",
        Party(Name("IL", "1", "DOE", "JOHN", id_qualifier="MI", id="B555")),
        Party(Name("PR", "2", "SECOND PAYER", id_qualifier="PI", id="SEC22")),
        relationship="",
        filing_indicator="CI",
        patients=[child],
    )
    return ClaimBatch(
        "0001",
        "BATCH-1",
        dt.date(2026, 1, 10),
        "1200",
        Party(
            Name("41", "2", "FAMILY CLINIC", id_qualifier="46", id="S1234"),
            contacts=[["IC", "BILLING", "TE", "2175551212"]],
        ),
        Party(Name("40", "2", "CLEARINGHOUSE", id_qualifier="46", id="CH1")),
        [BillingProvider(billing, subscribers=[subscriber, dependant_subscriber], taxonomy="207Q00000X")],
        purpose="00",
        claim_or_encounter="CH",
    )
