"""999 (005010X231A1) and 997 reading, consistent with the 999s `acknowledge` generates."""

from __future__ import annotations

import datetime as dt

from x12_samples import REMIT_835

from revcycle.services.x12_files import pyx12_errors, summarize
from revcycle.x12 import AckHeader, InterchangeHeader, acknowledge, read_x12
from revcycle.x12.guides.x999.model import ElementError, SegmentError
from revcycle.x12.guides.x999.write import write_acknowledgments

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000101*0*T*:~"
REJECTED_999 = "\n".join(
    [
        ISA,
        "GS*FA*SENDER*RECEIVER*20260101*1200*1*X*005010X231A1~",
        "ST*999*0001*005010X231A1~",
        "AK1*HC*17456*005010X222A1~",
        "AK2*837*0001*005010X222A1~",
        "IK5*A~",
        "AK2*837*0002*005010X222A1~",
        "IK3*CLM*22*2300*8~",
        "CTX*CLM01:E2-1~",
        "IK4*2*782*1~",
        "IK3*REF*57**3~",
        "CTX*SITUATIONAL TRIGGER*CLM*43**5:3~",
        "IK4*5:1*1331*7*99~",
        "CTX*SITUATIONAL TRIGGER*CLM*43~",
        "IK5*R*5~",
        "AK9*P*2*2*1~",
        "SE*15*0001~",
        "GE*1*1~",
        "IEA*1*000000101~",
        "",
    ]
)
HEADER = InterchangeHeader("SENDER", "RECEIVER", 101, created=dt.datetime(2026, 1, 1, 12, 0), usage="T")


def test_999_segment_and_element_errors_with_contexts():
    # when
    result = read_x12(REJECTED_999, validate=True)
    ack = result.models("999")[0]
    # then
    assert result.errors == []
    assert (ack.functional_id, ack.group_control_number, ack.version) == ("HC", "17456", "005010X222A1")
    assert (ack.status, ack.declared, ack.received, ack.accepted) == ("P", 2, 2, 1)
    assert [t.control_number for t in ack.rejected_transactions] == ["0002"]
    first, second = ack.transactions[1].segment_errors
    assert first == SegmentError(
        "CLM", 22, "2300", "8", [[("CLM01", "E2-1")]], [ElementError(2, "1", element_ref="782")]
    )
    assert (second.segment_id, second.position, second.code) == ("REF", 57, "3")
    assert second.contexts == [["SITUATIONAL TRIGGER", "CLM", "43", "", ("5", "3")]]
    assert second.element_errors == [
        ElementError(5, "7", 1, None, "1331", "99", [["SITUATIONAL TRIGGER", "CLM", "43"]]),
    ]
    assert ack.transactions[1].error_codes == ["5"]


def test_999_writes_back_byte_identical_and_passes_pyx12():
    # given
    acks = read_x12(REJECTED_999).models("999")
    # when
    text = write_acknowledgments(acks, HEADER, sender="SENDER", receiver="RECEIVER", group_control=1)
    # then
    assert text == REJECTED_999
    assert pyx12_errors(text) == []


def test_a_generated_999_reads_back_as_the_problems_it_reports():
    # given an 835 with a bad amount (segment 13, position 11 in the set)
    broken = REMIT_835.replace("CLP*CLAIM-1*1*100*80*", "CLP*CLAIM-1*1*100*ABC*")
    generated = acknowledge(read_x12(broken, validate=True), AckHeader("RECEIVER", "SENDER", 7))
    # when
    result = read_x12(generated, validate=True)
    ack = result.models("999")[0]
    # then it is a valid 999 that says what the generator saw
    assert result.errors == []
    assert pyx12_errors(generated) == []
    assert (ack.functional_id, ack.status, ack.declared, ack.received, ack.accepted) == ("HP", "R", 1, 1, 0)
    transaction = ack.transactions[0]
    assert (transaction.set_id, transaction.control_number, transaction.status) == ("835", "0001", "R")
    clp = transaction.segment_errors[0]
    assert (clp.segment_id, clp.position, clp.loop_id, clp.code) == ("CLP", 11, "2100", "8")
    assert clp.element_errors == [ElementError(4, "6", element_ref="782", bad_value="ABC")]  # once
    # and writing the model gives the generated text back
    header = InterchangeHeader("RECEIVER", "SENDER", 7)
    assert (
        write_acknowledgments([ack], header, sender="RECEIVER", receiver="SENDER", group_control=7)
        == generated
    )


def test_an_accepting_999_reads_as_accepted():
    # given
    generated = acknowledge(read_x12(REMIT_835, validate=True), AckHeader("RECEIVER", "SENDER", 8))
    # when
    ack = read_x12(generated).models("999")[0]
    # then
    [transaction] = ack.transactions
    assert (transaction.set_id, transaction.control_number, transaction.status) == ("835", "0001", "A")
    assert (transaction.error_codes, transaction.segment_errors) == ([], [])
    assert (ack.status, ack.accepted) == ("A", 1)


def test_997_reads_ak3_ak4_into_the_same_model():
    # given
    text = "\n".join(
        [
            ISA.replace("00501", "00401").replace("*^*", "*U*"),
            "GS*FA*SENDER*RECEIVER*20260101*1200*1*X*004010~",
            "ST*997*0001~",
            "AK1*HC*12~",
            "AK2*837*0001~",
            "AK3*NM1*8*2010*8~",
            "AK4*3*1035*1~",
            "AK5*R*5~",
            "AK9*R*1*1*0~",
            "SE*8*0001~",
            "GE*1*1~",
            "IEA*1*000000101~",
            "",
        ]
    )
    # when
    ack = read_x12(text).models("997")[0]
    # then
    [transaction] = ack.transactions
    assert transaction.status == "R"
    assert transaction.segment_errors == [
        SegmentError("NM1", 8, "2010", "8", [], [ElementError(3, "1", element_ref="1035")])
    ]


def test_parse_summary_of_a_999():
    # when
    [row] = summarize(read_x12(REJECTED_999))
    # then
    assert {
        k: row[k]
        for k in ("type", "acknowledges", "group_status", "transactions", "rejected", "segment_errors")
    } == {
        "type": "999",
        "acknowledges": "HC 17456",
        "group_status": "P",
        "transactions": 2,
        "rejected": "0002",
        "segment_errors": 2,
    }
