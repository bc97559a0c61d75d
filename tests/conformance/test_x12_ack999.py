"""999s generated for corpus files: exact text, each problem once, pyx12-valid even when GS01 is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.services.x12_files import pyx12_errors
from revcycle.x12 import AckHeader, acknowledge, read_x12

pytest.importorskip("pyx12")
HEADER = AckHeader("CLEARINGHOUSE", "BILLING", 17, created=dt.datetime(2026, 11, 23, 9, 30))


def test_999_reports_a_bad_number_once_with_its_element_reference(corpus_dir):
    # given the edifabric 837P error file (PRV02 bad code, NM103 not used) with a letter in an SV102 charge
    data = (corpus_dir / "x12" / "malformed" / "edifabric_native__837p_error.txt").read_bytes()
    data = data.replace(b"SV1*HC:87070*15*", b"SV1*HC:87070*1O5*")
    result = read_x12(data, validate=True)
    # when
    text = acknowledge(result, HEADER)
    # then: validator and typed reader both saw SV102; it is one problem and the 999 says it once
    assert [str(problem) for problem in result.errors if problem.segment_id == "SV1"] == [
        "segment 36 (SV1): SV102 '1O5' is not a number"
    ]
    assert text.splitlines() == [
        "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*BILLING        *261123*0930*^*00501*000000017*0*P*:~",
        "GS*FA*CLEARINGHOUSE*BILLING*20261123*0930*17*X*005010X231A1~",
        "ST*999*0001*005010X231A1~",
        "AK1*HC*101*005010X222A1~",
        "AK2*837*0021*005010X222A1~",
        "IK3*PRV*7*2000*8~",
        "IK4*2*128*7*PX~",
        "IK3*NM1*12*2010*8~",
        "IK4*3*1035*I10*Kildare Associates~",
        "IK3*SV1*34*2400*8~",
        "IK4*2*782*6*1O5~",
        "IK5*R*5~",
        "AK9*R*1*1*0~",
        "SE*12*0001~",
        "GE*1*17~",
        "IEA*1*000000017~",
    ]
    assert pyx12_errors(text) == []


@pytest.mark.parametrize("gs01", ["HP", "HPO", "ZZ"])
def test_999_for_a_group_under_a_wrong_gs01_echoes_the_expected_code_and_rejects_the_group(corpus_dir, gs01):
    # given a clean 837P sent under a GS01 that is not HC
    name = "stupidedi_X222A1_pass__ambulance.edi"
    data = (corpus_dir / "x12" / "837p" / name).read_bytes().replace(b"~GS*HC*", f"~GS*{gs01}*".encode())
    result = read_x12(data, validate=True)
    # when
    text = acknowledge(result, HEADER)
    # then: AK101 is HC (a valid code), AK905 1 says the group is not supported, and pyx12 accepts the 999
    assert [str(problem) for problem in result.errors] == [
        f"segment 2 (GS): GS01 '{gs01}' is not the functional identifier code of a 837 (HC)"
    ]
    assert [line for line in text.splitlines() if line[:3] in ("AK1", "AK2", "IK5", "AK9")] == [
        "AK1*HC*20213*005010X222A1~",
        "AK2*837*000017712*005010X222A1~",
        "IK5*A~",
        "AK9*R*1*1*0*1~",
    ]
    assert pyx12_errors(text) == []
