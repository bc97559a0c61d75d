"""services.x12_files: what `revcycle x12 parse | validate | ack` do, as functions of a file's bytes."""

from __future__ import annotations

import datetime as dt

import pytest
from x12_samples import REMIT_835

from revcycle.claims.examples import example_claim
from revcycle.edi.claim_to_837 import write_837p
from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services.x12_files import acknowledge_file, parse_file, pyx12_errors, validate_file

BAD_835 = REMIT_835.replace("CLP*CLAIM-1*1*", "CLP*CLAIM-1*99*")
CREATED = dt.datetime(2026, 3, 10, 9, 0)


def test_an_835_is_summarized_with_its_totals_and_its_loop_tree():
    # when the 835 is parsed
    parsed = parse_file(REMIT_835.encode())
    # then one transaction set is summarized with its money totals, its tree starts at 1000A, no problems
    assert parsed.summaries == [{"type": "835", "version": "005010X221A1", "control_number": "0001", "segments": 18,
                                 "claims": 1, "total_paid_bpr02": "80", "claims_paid": "80", "claims_charged": "100",
                                 "service_lines": 1}]  # fmt: skip
    assert [loop["loop"] for loop in parsed.trees[0]["loops"]] == ["1000A", "1000B", "2000"]
    assert (parsed.problems, parsed.problem_lines) == ([], [])


def test_an_837p_is_summarized_with_its_charges_and_lines():
    # given the example claim written as an 837P
    text = write_837p([example_claim()], Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office",
                      "2175550100"), Receiver("Acme Health", "87726"), 5, CREATED)  # fmt: skip
    # when it is parsed
    parsed = parse_file(text.encode())
    # then its claim count, charges and lines are summarized (no payment totals)
    assert parsed.summaries == [{"type": "837p", "version": "005010X222A1", "control_number": "0005", "segments": 38,
                                 "claims": 1, "claims_charged": "205", "service_lines": 3}]  # fmt: skip


def test_validation_gives_our_located_errors_then_pyx12s():
    # when a good and a bad 835 are validated, the bad one strictly too
    good = validate_file(REMIT_835.encode())
    bad = validate_file(BAD_835.encode())
    strict = validate_file(BAD_835.encode(), strict=True)
    # then the good one is valid for both; the bad one names CLP02 (ours and pyx12's); strict stops before pyx12
    assert (good.valid, good.errors, good.pyx12) == (True, [], [])
    assert bad.valid is False
    assert bad.errors == ["segment 13 (CLP): CLP02 '99' is not a valid code here"]
    assert bad.pyx12 == ["line 13 (CLP): 7 (99) is not a valid code for Claim Status Code (CLP02) '99'",
                         "Line:13 ELE:7 - (99) is not a valid code for Claim Status Code (CLP02) (99)"]  # fmt: skip
    assert (strict.errors, strict.pyx12) == (bad.errors, None)


def test_a_999_accepts_a_good_file_and_rejects_a_bad_one():
    # when the good and the bad 835 are acknowledged by CLINIC as interchange 7
    good = acknowledge_file(REMIT_835.encode(), "CLINIC", 7, created=CREATED)
    bad = acknowledge_file(BAD_835.encode(), "CLINIC", 7, created=CREATED)
    # then the good one is accepted, the bad one rejected; the 999 goes back to the file's sender
    assert good.statuses == ["IK5*A~", "AK9*A*1*1*1~"]
    assert good.text.splitlines()[:2] == [
        "ISA*00*          *00*          *ZZ*CLINIC         *ZZ*SENDER         *260310*0900*^*00501*000000007*0*P*:~",
        "GS*FA*CLINIC*SENDER*20260310*0900*7*X*005010X231A1~",
    ]
    assert bad.statuses == ["IK5*R*5~", "AK9*R*1*1*0~"]
    assert pyx12_errors(good.text) == []


def test_a_file_with_no_transaction_set_cannot_be_acknowledged():
    # when a broken envelope is acknowledged
    with pytest.raises(RevcycleError) as refused:
        acknowledge_file(b"ISA*00*", source="x.x12")
    # then it is an X12 syntax error naming the file and what is wrong
    assert refused.value.code is ErrorCode.X12_SYNTAX
    assert refused.value.message == (
        "x.x12: no transaction set to acknowledge (segment 1 (ISA): the ISA segment has fewer than 16 elements)"
    )
