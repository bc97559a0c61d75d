from revcycle.claims.examples import EXAMPLE_TODAY, example_claim, example_line
from revcycle.scrub import ScrubContext, scrub_claim

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def pointer_findings(claim):
    return [(f.code, f.severity.value, f.message) for f in scrub_claim(claim, CONTEXT).findings
            if f.code == "pointer_not_supporting"]


def test_a_lab_test_pointed_to_the_immunization_encounter_is_an_error():
    # given the demo's 837P: a TSH test pointed first to Z23, a strep test first to obesity
    claim = example_claim(diagnoses=("Z23", "E03.9", "E66.9", "J02.0"), lines=(
        example_line(1, "99214", 15000, (1, 2, 3, 4)),
        example_line(2, "84443", 3000, (1, 2)),
        example_line(3, "87880", 2500, (3, 4)),
        example_line(4, "90686", 3500, (1,)),
        example_line(5, "90471", 2500, (1,)),
    ))
    # then the TSH line is an error and the strep line a warning; the visit and the vaccine lines pass
    assert pointer_findings(claim) == [
        ("pointer_not_supporting", "error",
         "line 2: 84443 points first to Z23 (encounter for immunization), which supports only vaccines"),
        ("pointer_not_supporting", "warning", "line 3: 87880 checks J02.0 on the claim but points first to E66.9"),
    ]


def test_a_vaccine_off_z23_and_a_test_pointed_to_a_status_code():
    claim = example_claim(diagnoses=("E11.9", "Z79.4", "Z23"), lines=(
        example_line(1, "83036", 4000, (2, 1)),
        example_line(2, "90686", 3500, (1, 3)),
    ))
    assert pointer_findings(claim) == [
        ("pointer_not_supporting", "error", "line 1: 83036 points first to Z79.4, a status or history code that is no reason for it"),
        ("pointer_not_supporting", "error", "line 2: 90686 is an immunization: point it first to Z23, not E11.9"),
    ]


def test_lines_pointed_to_their_reason_are_clean():
    claim = example_claim(diagnoses=("E03.9", "J02.0", "Z23"), lines=(
        example_line(1, "84443", 3000, (1,)),
        example_line(2, "87880", 2500, (2,)),
        example_line(3, "90686", 3500, (3,)),
        example_line(4, "90471", 2500, (3,)),
    ))
    assert pointer_findings(claim) == []
