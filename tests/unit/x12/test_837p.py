"""837P (005010X222A1) write and read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from x12_samples import sample_claim_batch

from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.x837p.write import write_claim_batches

HEADER = InterchangeHeader("CLINIC", "CLEARINGHOUSE", 17, created=dt.datetime(2026, 1, 10, 12, 0), usage="T")


def _write(batch) -> str:
    return write_claim_batches([batch], HEADER, sender="CLINIC", receiver="CLEARINGHOUSE", group_control=17)


def test_written_batch_has_hl_numbering_counts_and_guide_order():
    # when
    lines = _write(sample_claim_batch()).splitlines()
    # then
    assert [line for line in lines if line.startswith("HL")] == [
        "HL*1**20*1~",
        "HL*2*1*22*0~",
        "HL*3*1*22*1~",
        "HL*4*3*23*0~",
    ]
    assert lines[2] == "ST*837*0001*005010X222A1~"
    assert lines[-3] == f"SE*{len(lines) - 4}*0001~"
    assert lines[-2:] == ["GE*1*17~", "IEA*1*000000017~"]
    assert "CLM*PCN-1001*125***11:B:1*Y*A*Y*Y~" in lines
    assert "HI*ABK:E119*ABF:I10~" in lines
    assert "SV1*HC:99213:25*125*UN*1***1:2~" in lines
    assert lines.index("DTP*472*D8*20260105~") == lines.index("SV1*HC:99213:25*125*UN*1***1:2~") + 1
    assert "SVD*ACME1*30*HC:87880:QW**1~" in lines


def test_written_batch_reads_back_equal_and_clean():
    # given
    batch = sample_claim_batch()
    # when
    result = read_x12(_write(batch), validate=True)
    # then
    assert result.problems == []
    assert result.models("837p") == [batch]


def test_claims_are_flattened_across_subscribers_and_patients():
    # when
    claims = sample_claim_batch().claims
    # then
    assert [claim.claim_id for claim in claims] == ["PCN-1001", "PCN-1002"]
    assert sum((claim.charge for claim in claims), Decimal(0)) == Decimal("165.00")
