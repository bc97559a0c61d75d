"""The X12 corpus: lossless round trip, every file of a modelled type parses, stupidedi pass files are
clean, every malformed file is rejected with a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from revcycle.x12 import read_document, read_x12

NOT_X12 = {".md", ".csv", ".tsv", ".json"}
# malformed files of a type no guide here models yet: only envelope/segment checks apply.
UNMODELLED_MALFORMED: set[str] = set()
# stupidedi checks transaction sets, not the interchange trailer: this pass file's IEA02 is wrong.
PASS_FILE_ENVELOPE_ERRORS = {
    "stupidedi_X212_pass__1.era": ["segment 20 (IEA): IEA02 '267365555' differs from ISA13 '269895334'"]
}


def _x12_files(root: Path, *folders: str) -> list[Path]:
    paths = [path for folder in folders for path in sorted((root / "x12" / folder).rglob("*"))]
    return [path for path in paths if path.is_file() and path.suffix not in NOT_X12]


def test_every_corpus_file_round_trips_byte_identically(corpus_dir):
    # given every X12 file of every type, except the malformed ones
    files = [p for p in _x12_files(corpus_dir, ".") if "malformed" not in p.parts]
    assert len(files) > 300
    # when
    changed = [p.name for p in files if read_document(p.read_bytes()).to_bytes() != p.read_bytes()]
    # then
    assert changed == []


@pytest.mark.parametrize(
    "folder, key",
    [("835", "835"), ("837p", "837p"), ("837i", "837i"), ("835_openemr_phpunit_fixtures", "835")],
)
def test_every_file_of_a_modelled_type_parses_into_typed_models(corpus_dir, folder, key):
    # given
    files = _x12_files(corpus_dir, folder)
    # when
    results = {path.name: read_x12(path.read_bytes()) for path in files}
    # then every transaction set we have a guide for became a typed model
    without_model = [name for name, result in results.items() if not result.models(key)]
    assert without_model == []
    unbuilt = [
        name for name, result in results.items() for p in result.transactions if p.guide and p.model is None
    ]
    assert unbuilt == []


def test_837i_claims_charge_what_their_lines_charge(corpus_dir):
    # given the TR3 example files (stupidedi pass files: valid institutional claims)
    files = [p for p in _x12_files(corpus_dir, "837i") if "_pass" in p.name]
    # when
    claims = [
        claim for p in files for batch in read_x12(p.read_bytes()).models("837i") for claim in batch.claims
    ]
    # then
    assert len(claims) == 6
    assert [claim.charge - sum(line.charge for line in claim.service_lines) for claim in claims] == [0] * 6
    assert all(claim.diagnoses and claim.facility_type for claim in claims)


def test_stupidedi_pass_files_of_modelled_types_validate_without_errors(corpus_dir):
    # given
    files = [p for p in _x12_files(corpus_dir, ".") if "_pass" in p.name and "malformed" not in p.parts]
    # when
    results = {p.name: read_x12(p.read_bytes(), validate=True) for p in files}
    modelled = {
        name: r for name, r in results.items() if r.transactions and all(t.guide for t in r.transactions)
    }
    # then
    assert len(modelled) >= 23
    assert {name: [str(e) for e in r.errors] for name, r in modelled.items() if r.errors} == (
        PASS_FILE_ENVELOPE_ERRORS
    )


def test_every_malformed_file_is_rejected_with_a_located_error(corpus_dir):
    # given
    files = _x12_files(corpus_dir, "malformed")
    assert len(files) == 20
    # when
    results = {p.name: read_x12(p.read_bytes(), validate=True) for p in files}
    # then
    accepted = sorted(name for name, result in results.items() if not result.errors)
    assert accepted == sorted(UNMODELLED_MALFORMED)
    unlocated = [
        name
        for name, r in results.items()
        for e in r.errors
        if e.segment_number is None or e.segment_id is None
    ]
    assert unlocated == []
    # the 271 missing its 2100C NM1*IL (after TRN, segment 10): the subscriber's N3 has no place
    first = results["edx12__271_unmatched_segment.txt"].errors[0]
    assert str(first) == "segment 11 (N3): segment N3 is not expected in loop 2000C here"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("badx12__bad_file.edi", "segment 1 (bad): the file must start with an ISA segment, found 'bad'"),
        (
            "imsweb__x12_no_isa_line.txt",
            "segment 1 (GS*): the file must start with an ISA segment, found 'GS*'",
        ),
        ("imsweb__x12_bad_first_line.txt", "segment 1 (ISA): the ISA is 105 characters long, expected 106"),
        ("imsweb__x12_segment_errors.txt", "segment 25 (SE): SE01 says 25 segments, counted 23"),
        ("imsweb__x12_segment_errors.txt", "segment 12 (REF): REF occurs more than 1 time(s) in loop 2010AA"),
        (
            "imsweb__x12_segments_out_of_order.txt",
            "segment 12 (N4): segment N4 is out of sequence in loop 2010AA",
        ),
        ("imsweb__x12_bad_segment_identifier.txt", "segment 11 (Nd4): 'Nd4' is not a valid segment id"),
        ("imsweb__x12_missing_elements.txt", "segment 7 (NM1): NM102 is required"),
        (
            "imsweb__x12_loop_errors1_exceeds_max_1_parent.txt",
            "segment 15 (NM1): loop 2010AA occurs more than 1 time(s) in loop 2000A",
        ),
        (
            "imsweb__x12_loop_errors3_missing_loops.txt",
            "segment 8 (HL): required loop 2010AA (Billing Provider Name) is missing from loop 2000A",
        ),
        ("edifabric_native__837p_error.txt", "segment 9 (PRV): PRV02 'PX' is not a valid code here"),
        (
            "edx12__271_mismatched_control_numbers.txt",
            "segment 24 (SE): SE02 '4321' differs from ST02 '1234'",
        ),
        ("badx12__error_validation.edi", "segment 30 (GE): GE02 '20213' differs from GS06 '20413'"),
    ],
)
def test_malformed_files_name_segment_element_and_expectation(corpus_dir, name, expected):
    # when
    errors = read_x12((corpus_dir / "x12" / "malformed" / name).read_bytes(), validate=True).errors
    # then
    assert expected in [str(error) for error in errors]
