"""Every 837P, 835 and 999 we write passes pyx12 (an independent validator) with zero errors.

pyx12 takes ~0.5 s per file here, so the corpus is sampled: files pyx12 accepts as they are
(stupidedi pass files, TR3 examples), read into typed models and written back by us.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from revcycle.services.x12_files import pyx12_errors
from revcycle.x12 import AckHeader, InterchangeHeader, acknowledge, read_x12
from revcycle.x12.guides.x835.write import write_remittances
from revcycle.x12.guides.x837p.write import write_claim_batches

pytest.importorskip("pyx12")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit" / "x12"))  # the hand-made samples
HEADER = InterchangeHeader("CLINIC", "PAYER", 1, created=dt.datetime(2026, 1, 2, 3, 4))
VALID_SOURCES = [
    ("835", "stupidedi_X221A1_pass__secondary-payments.edi"),
    ("835", "dwai__X221-coordination-of-benefits-example-4aa.edi"),
    ("835", "herophilus__835_Inst_Sample_Inpatient_DRG_Retro_.txt"),
    ("837p", "stupidedi_X222A1_pass__COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi"),
    ("837p", "stupidedi_X222A1_pass__ambulance.edi"),
    ("837p", "stupidedi_X222A1_pass__home-infusion-therapy-pharmacy-_adjudicated-with-NDC-in-loop-2410_.edi"),
]


def _write(key: str, models: list) -> str:
    if key == "835":
        return write_remittances(models, HEADER, sender="PAYER", receiver="CLINIC", group_control=1)
    return write_claim_batches(models, HEADER, sender="CLINIC", receiver="PAYER", group_control=1)


@pytest.mark.parametrize("key, name", VALID_SOURCES)
def test_corpus_files_rewritten_from_typed_models_pass_pyx12(corpus_dir, key, name):
    # given
    models = read_x12((corpus_dir / "x12" / key / name).read_bytes()).models(key)
    # when
    text = _write(key, models)
    # then
    assert pyx12_errors(text) == []
    assert read_x12(text).models(key) == models


def test_a_claim_batch_built_from_scratch_passes_pyx12():
    # given
    from x12_samples import sample_claim_batch

    # when
    text = _write("837p", [sample_claim_batch()])
    # then
    assert pyx12_errors(text) == []


def test_a_remittance_passes_pyx12():
    # given
    from x12_samples import REMIT_835

    # when
    text = _write("835", read_x12(REMIT_835).models("835"))
    # then
    assert pyx12_errors(text) == []


@pytest.mark.parametrize(
    "name", ["imsweb__x12_segments_out_of_order.txt", "imsweb__x12_bad_segment_identifier.txt"]
)
def test_999_rejecting_a_malformed_file_passes_pyx12(corpus_dir, name):
    # given
    result = read_x12((corpus_dir / "x12" / "malformed" / name).read_bytes(), validate=True)
    # when
    text = acknowledge(result, AckHeader("CLEARINGHOUSE", "CLINIC", 9))
    # then
    assert pyx12_errors(text) == []
    assert "IK5*R*" in text and "AK9*R*1*1*0~" in text


def test_999_accepting_a_clean_file_passes_pyx12(corpus_dir):
    # given
    result = read_x12(
        (corpus_dir / "x12" / "835" / "stupidedi_X221A1_pass__era-sample.edi").read_bytes(), validate=True
    )
    # when
    text = acknowledge(result, AckHeader("CLINIC", "PAYER", 3))
    # then
    assert pyx12_errors(text) == []
    assert [line for line in text.splitlines() if line[:3] in ("AK1", "AK2", "IK5", "AK9")] == [
        "AK1*HP*278*005010X221A1~",
        "AK2*835*35681~",
        "IK5*A~",
        "AK9*A*1*1*1~",
    ]
