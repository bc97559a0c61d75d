"""276/277 claim status (005010X212) and 277CA claim acknowledgements (005010X214)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.services.x12_files import pyx12_errors, summarize
from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.parts import DatePeriod, Entity, Reference, Trace
from revcycle.x12.guides.x276_277.model import StatusCode, StatusInfo
from revcycle.x12.guides.x276_277.write import write_claim_status
from revcycle.x12.guides.x277ca.build import AcknowledgedBatch, ReceivedClaim, build_claim_acknowledgment
from revcycle.x12.guides.x277ca.model import claim_acknowledgments
from revcycle.x12.guides.x835.model import Procedure

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000101*0*T*:~"
HEADER = InterchangeHeader("SENDER", "RECEIVER", 101, created=dt.datetime(2026, 1, 1, 12, 0), usage="T")


def interchange(functional_id: str, version: str, body: list[str]) -> str:
    control = body[0].split("*")[2].rstrip("~")
    return "\n".join(
        [
            ISA,
            f"GS*{functional_id}*SENDER*RECEIVER*20260101*1200*1*X*{version}~",
            *body,
            f"SE*{len(body) + 1}*{control}~",
            "GE*1*1~",
            "IEA*1*000000101~",
            "",
        ]
    )


REQUEST = [
    "ST*276*0001*005010X212~",
    "BHT*0010*13*REQ0001*20260310*0930~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "HL*2*1*21*1~",
    "NM1*41*2*SPRINGFIELD FAMILY MEDICINE*****46*CLINIC01~",
    "HL*3*2*19*1~",
    "NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "HL*4*3*22*0~",
    "DMG*D8*19800412*F~",
    "NM1*IL*1*DOE*JANE****MI*W987654~",
    "TRN*1*STATUS-E1-1~",
    "REF*1K*PCN001~",
    "REF*EJ*E1-1~",
    "AMT*T3*205~",
    "DTP*472*RD8*20260302-20260303~",
    "SVC*HC:99214:25*150*****1~",
    "REF*FJ*L1~",
    "DTP*472*D8*20260302~",
]

RESPONSE = [
    "ST*277*0001*005010X212~",
    "BHT*0010*08*RSP0001*20260311*0800*DG~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "PER*IC*CLAIMS*TE*8005551212~",
    "HL*2*1*21*1~",
    "NM1*41*2*SPRINGFIELD FAMILY MEDICINE*****46*CLINIC01~",
    "HL*3*2*19*1~",
    "NM1*1P*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "HL*4*3*22*0~",
    "NM1*IL*1*DOE*JANE****MI*W987654~",
    "TRN*2*STATUS-E1-1~",
    "STC*F1:65*20260309**205*120.5*20260308**20260309*CHK12345*F1:107:PR*F1:88:QC~",
    "REF*1K*PCN001~",
    "REF*EJ*E1-1~",
    "DTP*472*RD8*20260302-20260303~",
    "SVC*HC:99214:25*150*95.5****1~",
    "STC*F1:65*20260309~",
    "REF*FJ*L1~",
    "DTP*472*D8*20260302~",
]

REJECTED_277CA = [
    "ST*277*0001*005010X214~",
    "BHT*0085*08*ACK0001*20260311*1200*TH~",
    "HL*1**20*1~",
    "NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~",
    "TRN*1*ACK0001~",
    "DTP*050*D8*20260310~",
    "DTP*009*D8*20260311~",
    "HL*2*1*21*1~",
    "NM1*41*2*SPRINGFIELD FAMILY MEDICINE*****46*CLINIC01~",
    "TRN*2*BATCH17~",
    "STC*A1:19*20260311*WQ*150.5~",
    "QTY*AA*1~",
    "AMT*YY*150.5~",
    "HL*3*2*19*1~",
    "NM1*85*2*SPRINGFIELD FAMILY MEDICINE*****XX*1234567893~",
    "TRN*1*ACK0001-1~",
    "STC*A1:19**WQ*150.5~",
    "QTY*QC*1~",
    "AMT*YY*150.5~",
    "HL*4*3*PT~",
    "NM1*QC*1*DOE*JANE****MI*W987654~",
    "TRN*2*E2-1~",
    "STC*A7:562:85*20260311*U*150.5******A7:21~",
    "REF*D9*CH-778~",
    "DTP*472*D8*20260303~",
]


def test_276_reads_trace_references_amount_dates_and_service_line():
    # when
    result = read_x12(interchange("HR", "005010X212", REQUEST), validate=True)
    request = result.models("276")[0]
    # then
    assert result.errors == []
    [(level, claim)] = request.claims()
    assert (level.level, level.entity.id, level.demographics.birth_date) == (
        "22",
        "W987654",
        dt.date(1980, 4, 12),
    )
    assert claim.trace == Trace("1", "STATUS-E1-1")
    assert (claim.payer_claim_number, claim.reference("EJ"), claim.amount("T3")) == (
        "PCN001",
        "E1-1",
        Decimal(205),
    )
    assert claim.dates == [DatePeriod("472", dt.date(2026, 3, 2), dt.date(2026, 3, 3), "RD8")]
    line = claim.service_lines[0]
    assert (line.procedure, line.charge, line.units) == (
        Procedure("HC", "99214", ["25"]),
        Decimal(150),
        Decimal(1),
    )
    assert line.references == [Reference("FJ", "L1")]


def test_277_status_composites_dates_amounts_and_payment():
    # when
    result = read_x12(interchange("HN", "005010X212", RESPONSE), validate=True)
    response = result.models("277")[0]
    # then
    assert result.errors == []
    [(_, claim)] = response.claims()
    status = claim.statuses[0]
    assert status.codes == [
        StatusCode("F1", "65"),
        StatusCode("F1", "107", "PR"),
        StatusCode("F1", "88", "QC"),
    ]
    assert (status.effective_date, status.charge, status.paid) == (
        dt.date(2026, 3, 9),
        Decimal(205),
        Decimal("120.5"),
    )
    assert (status.adjudication_date, status.payment_method, status.payment_date, status.check_number) == (
        dt.date(2026, 3, 8),
        "",  # STC07 is not used in X212
        dt.date(2026, 3, 9),
        "CHK12345",
    )
    assert claim.payer_claim_number == "PCN001"
    line = claim.service_lines[0]
    assert (line.paid, line.statuses) == (
        Decimal("95.5"),
        [StatusInfo([StatusCode("F1", "65")], dt.date(2026, 3, 9))],
    )
    assert response.levels[0].contacts[0].numbers == [("TE", "8005551212")]


def test_277ca_rejected_claim_codes_and_patient_control_number():
    # when
    result = read_x12(interchange("HN", "005010X214", REJECTED_277CA), validate=True)
    acknowledgment = result.models("277ca")[0]
    # then
    assert result.errors == []
    [claim] = claim_acknowledgments(acknowledgment)
    assert (claim.patient_control_number, claim.accepted, claim.clearinghouse_trace) == (
        "E2-1",
        False,
        "CH-778",
    )
    assert claim.status_codes == (StatusCode("A7", "562", "85"), StatusCode("A7", "21"))
    assert (claim.charge, claim.service_date, claim.patient.id) == (
        Decimal("150.5"),
        dt.date(2026, 3, 3),
        "W987654",
    )
    receiver = acknowledgment.levels[0].children[0].reports[0]
    assert (receiver.quantity("AA"), receiver.amount("YY"), receiver.quantity("90")) == (
        Decimal(1),
        Decimal("150.5"),
        None,
    )


def test_276_277_277ca_write_back_byte_identical():
    for functional_id, version, key, body in (
        ("HR", "005010X212", "276", REQUEST),
        ("HN", "005010X212", "277", RESPONSE),
        ("HN", "005010X214", "277ca", REJECTED_277CA),
    ):
        # given
        text = interchange(functional_id, version, body)
        models = read_x12(text).models(key)
        # when
        written = write_claim_status(models, HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
        # then
        assert written == text


PAYER = Entity("PR", "2", "ACME HEALTH PLAN", id_qualifier="PI", id="ACME01")
SUBMITTER = Entity("41", "2", "SPRINGFIELD FAMILY MEDICINE", id_qualifier="46", id="CLINIC01")
BILLING = Entity("85", "2", "SPRINGFIELD FAMILY MEDICINE", id_qualifier="XX", id="1234567893")
OTHER_BILLING = Entity("85", "1", "JONES", "MARCUS", id_qualifier="XX", id="1987654328")
PATIENT = Entity("QC", "1", "DOE", "JANE", id_qualifier="MI", id="W987654")


def test_built_277ca_passes_pyx12_and_counts_accepted_and_rejected():
    # given two providers' claims, one rejected
    batch = AcknowledgedBatch(
        "0001", "ACK0001", PAYER, SUBMITTER, "BATCH17", dt.date(2026, 3, 10), dt.date(2026, 3, 11)
    )
    claims = [
        ReceivedClaim(
            "E1-1",
            Decimal(205),
            PATIENT,
            BILLING,
            dt.date(2026, 3, 2),
            (StatusCode("A2", "20"),),
            payer_claim_number="PCN001",
        ),
        ReceivedClaim(
            "E2-1",
            Decimal("150.5"),
            PATIENT,
            BILLING,
            dt.date(2026, 3, 3),
            (StatusCode("A7", "562", "85"), StatusCode("A7", "21")),
            service_end=dt.date(2026, 3, 4),
        ),
        ReceivedClaim(
            "E3-1",
            Decimal(80),
            PATIENT,
            OTHER_BILLING,
            dt.date(2026, 3, 5),
            (StatusCode("A2", "20"),),
            payer_claim_number="PCN003",
        ),
    ]
    # when
    transaction = build_claim_acknowledgment(batch, claims)
    text = write_claim_status([transaction], HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
    # then pyx12 and our validator find nothing, and it reads back to the same verdicts
    assert pyx12_errors(text) == []
    result = read_x12(text, validate=True)
    assert result.errors == []
    assert result.models("277ca")[0] == transaction
    lines = text.splitlines()
    assert lines[lines.index("TRN*2*BATCH17~") + 1 :][:5] == [
        "STC*A1:19*20260311*WQ*435.5~",
        "QTY*90*2~",
        "QTY*AA*1~",
        "AMT*YU*285~",
        "AMT*YY*150.5~",
    ]
    verdicts = [
        (c.patient_control_number, c.accepted, c.payer_claim_number)
        for c in claim_acknowledgments(transaction)
    ]
    assert verdicts == [("E1-1", True, "PCN001"), ("E2-1", False, ""), ("E3-1", True, "PCN003")]
    assert "DTP*472*RD8*20260303-20260304~" in lines
    assert [line for line in lines if line.startswith("HL")] == [
        "HL*1**20*1~",
        "HL*2*1*21*1~",
        "HL*3*2*19*1~",
        "HL*4*3*PT~",
        "HL*5*3*PT~",
        "HL*6*2*19*1~",
        "HL*7*6*PT~",
    ]


def test_parse_summary_of_a_277ca():
    # when
    [row] = summarize(read_x12(interchange("HN", "005010X214", REJECTED_277CA)))
    # then
    assert row == {
        "type": "277ca",
        "version": "005010X214",
        "control_number": "0001",
        "segments": 26,
        "claims": 1,
        "service_lines": 0,
        "status_categories": "A7:1",
        "claims_charged": "150.5",
    }
