"""Delimiters, lossless tokenizing, envelope checks, strict/lenient reading, the writer."""

from __future__ import annotations

import pytest
from x12_samples import REMIT_835

from revcycle.x12 import (
    Delimiters,
    Group,
    InterchangeHeader,
    Transaction,
    X12Error,
    read_document,
    read_x12,
    write_interchange,
)


def _with_delimiters(text: str, element: str, component: str, repetition: str, terminator: str) -> str:
    table = str.maketrans({"*": element, ":": component, "^": repetition, "~": terminator})
    return text.translate(table)


def test_delimiters_come_from_the_isa():
    # given a file written with unusual delimiters
    text = _with_delimiters(REMIT_835, "|", ">", "!", "'")
    # when
    document = read_document(text)
    # then
    assert document.delimiters == Delimiters("|", ">", "!", "'")
    assert document.segments[12][:3] == ["CLP", "CLAIM-1", "1"]
    assert document.problems == []


@pytest.mark.parametrize("line_break", ["", "\n", "\r\n"])
def test_any_line_break_reads_and_writes_back_byte_identically(line_break):
    # given
    data = REMIT_835.replace("~\n", "~" + line_break).encode()
    # when
    document = read_document(data)
    # then
    assert document.to_bytes() == data
    assert len(document.segments) == 22
    assert document.problems == []


def test_a_bom_and_mixed_line_breaks_survive_the_round_trip():
    # given a BOM, CRLF on some lines, blank lines and no final newline
    data = ("\ufeff" + REMIT_835.replace("LX*1~\n", "LX*1~\r\n\r\n").rstrip("\n")).encode("utf-8")
    # when
    document = read_document(data)
    # then
    assert document.to_bytes() == data
    assert document.segments[11] == ["LX", "1"]
    assert document.problems == []


def test_se01_count_mismatch_is_located():
    # given SE01 says 21 but the set has 18 segments
    text = REMIT_835.replace("SE*18*0001", "SE*21*0001")
    # when
    problems = read_document(text).problems
    # then
    assert [str(problem) for problem in problems] == ["segment 20 (SE): SE01 says 21 segments, counted 18"]
    assert (problems[0].level, problems[0].code, problems[0].element) == ("transaction", "4", 1)


def test_control_number_mismatches_are_located():
    # given
    text = REMIT_835.replace("SE*18*0001", "SE*18*0002").replace("IEA*1*000000101", "IEA*1*000000102")
    # when
    messages = [str(problem) for problem in read_document(text).problems]
    # then
    assert messages == [
        "segment 20 (SE): SE02 '0002' differs from ST02 '0001'",
        "segment 22 (IEA): IEA02 '000000102' differs from ISA13 '000000101'",
    ]


def test_strict_mode_stops_at_the_first_problem():
    # given two problems
    text = REMIT_835.replace("SE*18*0001", "SE*17*0002")
    # when / then
    with pytest.raises(X12Error, match=r"segment 20 \(SE\): SE01 says 17 segments, counted 18"):
        read_x12(text, strict=True)


def test_a_file_without_isa_is_rejected_with_a_located_problem():
    # when
    problems = read_document(b"GS*HP*A*B~ST*835*1~").problems
    # then
    assert [str(problem) for problem in problems] == [
        "segment 1 (GS*): the file must start with an ISA segment, found 'GS*'"
    ]


def test_missing_trailers_are_reported():
    # given the SE, GE and IEA cut off
    text = REMIT_835.split("SE*18")[0]
    # when
    messages = [problem.message for problem in read_document(text).problems]
    # then
    assert messages == [
        "transaction set 0001 has no SE trailer",
        "functional group 1 has no GE trailer",
        "interchange 000000101 has no IEA trailer",
    ]


def test_the_loop_tree_follows_the_835_guide():
    # when
    parsed = read_x12(REMIT_835, typed=False).transactions[0]
    # then
    tree = parsed.tree
    assert [loop.id for loop in tree.loops] == ["1000A", "1000B", "2000"]
    claim = tree.loops[2].loops[0]
    assert claim.id == "2100"
    assert [segment[0] for segment in claim.segments] == ["CLP", "CAS", "NM1"]
    assert [segment[0] for segment in claim.loops[0].segments] == ["SVC", "DTM", "CAS", "REF"]


def test_validation_names_element_and_expectation():
    # given a bad claim status code and a bad date
    text = REMIT_835.replace("CLP*CLAIM-1*1*", "CLP*CLAIM-1*99*").replace(
        "DTM*472*20251220", "DTM*472*20251340"
    )
    # when
    problems = read_x12(text, typed=False, validate=True).problems
    # then
    assert [str(problem) for problem in problems] == [
        "segment 13 (CLP): CLP02 '99' is not a valid code here",
        "segment 17 (DTM): DTM02 '20251340' is not a valid date (CCYYMMDD)",
    ]
    assert [(problem.code, problem.element, problem.st_position) for problem in problems] == [
        ("7", 2, 11),
        ("8", 2, 15),
    ]


def test_unexpected_and_unknown_segments_are_located_and_kept():
    # given
    text = REMIT_835.replace("LX*1~", "LX*1~\nZZZ*1~").replace("SE*18", "SE*19")
    # when
    result = read_x12(text, typed=False)
    # then
    assert [str(problem) for problem in result.problems] == [
        "segment 13 (ZZZ): segment ZZZ is not part of this transaction set"
    ]
    assert result.to_bytes() == text.encode()


def test_writer_produces_counts_and_control_numbers_that_read_back_clean():
    # given
    header = InterchangeHeader("SENDER", "RECEIVER", 42)
    body = [
        ["BHT", "0019", "00", "1", "20260101", "1200", "CH"],
        ["NM1", "41", "2", "CLINIC", None, None, None, None, "46", "S1"],
    ]
    groups = [Group("HC", "SENDER", "RECEIVER", 7, "005010X222A1", [Transaction("837", "0001", body)])]
    # when
    text = write_interchange(header, groups)
    document = read_document(text)
    # then
    assert text.splitlines()[-3:] == ["SE*4*0001~", "GE*1*7~", "IEA*1*000000042~"]
    assert "NM1*41*2*CLINIC*****46*S1~" in text
    assert len(text.splitlines()[0]) == 106
    assert document.problems == []


def test_writer_refuses_values_carrying_a_delimiter():
    # given
    groups = [
        Group(
            "HC",
            "SENDER",
            "RECEIVER",
            1,
            "005010X222A1",
            [Transaction("837", "0001", [["NM1", "41", "A*B"]])],
        )
    ]
    # when / then
    with pytest.raises(X12Error, match=r"NM102 'A\*B' contains an X12 delimiter"):
        write_interchange(InterchangeHeader("SENDER", "RECEIVER", 1), groups)


@pytest.mark.parametrize(
    "values, message",
    [
        (["NM1", "41", "2", "A:B"], r"NM103 'A:B' contains an X12 delimiter"),
        (["NM1", "41", "2", "AB~"], r"NM103 'AB~' contains an X12 delimiter"),
        (["NM1", "41", "2", "A^B"], r"NM103 'A\^B' contains an X12 delimiter"),
        (["SV1", ("HC", "99213*25"), "10"], r"SV101 '99213\*25' contains an X12 delimiter"),
        (["SV1", ("HC", "992:13"), "10"], r"SV101 '992:13' contains an X12 delimiter"),
        (["SV1", ("HC", "99213"), "10*", None, None], r"SV102 '10\*' contains an X12 delimiter"),
        (["SV1", ("HC", "99213"), 10], r"SV102: 10 is not text"),
    ],
)
def test_writer_refuses_a_delimiter_in_any_element_or_component_of_a_long_body(values, message):
    # given the bad segment among many good ones (the body is checked in one scan, then located)
    good = [["NM1", "85", "2", "CLINIC", None, None], ["SV1", ("HC", "99213", "25"), "10", "UN", "1"]]
    groups = [Group("HC", "SENDER", "RECEIVER", 1, "005010X222A1", [Transaction("837", "0001", good * 50 + [values])])]
    # when / then
    with pytest.raises(X12Error, match=message):
        write_interchange(InterchangeHeader("SENDER", "RECEIVER", 1), groups)


def test_writer_drops_trailing_empty_elements_and_components():
    # given
    body = [["SV1", ("HC", "99213", None, ""), "10", None, ""], ["REF", "6R", "", None], ["EB", "1", ["30", "35"]]]
    groups = [Group("HC", "SENDER", "RECEIVER", 1, "005010X222A1", [Transaction("837", "0001", body)])]
    # when
    text = write_interchange(InterchangeHeader("SENDER", "RECEIVER", 1), groups)
    # then
    assert text.splitlines()[3:6] == ["SV1*HC:99213*10~", "REF*6R~", "EB*1*30^35~"]


def test_writer_refuses_envelope_ids_of_the_wrong_length():
    # given GS02 must be 2-15 characters
    groups = [
        Group("HC", "S", "RECEIVER", 1, "005010X222A1", [Transaction("837", "0001", [["BHT", "0019"]])])
    ]
    # when / then
    with pytest.raises(X12Error, match=r"GS02 'S' must be 2 to 15 characters"):
        write_interchange(InterchangeHeader("SENDER", "RECEIVER", 1), groups)


def test_relational_conditions_of_the_guide_are_checked():
    # given PER03 without PER04 (P0304: paired)
    text = REMIT_835.replace("PER*BL*EDI DESK*TE*8005551212~", "PER*BL*EDI DESK*TE~")
    # when
    problems = read_x12(text, typed=False, validate=True).problems
    # then
    assert [str(problem) for problem in problems] == [
        "segment 10 (PER): P0304: if any of PER03, PER04 is present, all are required"
    ]
    assert (problems[0].code, problems[0].element) == ("2", 4)
