"""The CMS-1500's check boxes, payer block, box 33 phone and the other insured (boxes 9, 9a, 9d, 11d), read
back from the rendered PDF with pdfplumber (words and rectangles with their coordinates)."""

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pdfplumber

from revcycle.claims import ClaimPerson, ClaimSubscriber
from revcycle.claims.cms1500 import box, render_cms1500
from revcycle.claims.examples import BILLING, PATIENT, example_claim
from revcycle.claims.parties import ClaimPayer, OtherCoverage, PostalAddress
from revcycle.practice import Relationship

SECOND = ClaimPayer("55555", "Second Health", "CI", 365, PostalAddress("PO Box 77", "Boston", "MA", "02101"))
SPOUSE_PLAN = OtherCoverage(
    SECOND, ClaimSubscriber("SH998877", ClaimPerson("John", "Doe", dt.date(1978, 6, 1), "M", PATIENT.address), "G77"),
    Relationship.SPOUSE, "S")  # fmt: skip


def read(path: Path) -> tuple[list[dict], list[dict], list[tuple[float, float, float, float]]]:
    """(data words in Courier, caption words in Helvetica, rectangles as (x0, top, x1, bottom))."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["fontname", "size"])
        squares = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects if r["width"] < 12]
    data = [w for w in words if w["fontname"] == "Courier"]
    return data, [w for w in words if w["fontname"] != "Courier"], squares


def in_rect(word: dict, rect) -> bool:
    x0, top, x1, bottom = rect
    middle = (word["top"] + word["bottom"]) / 2
    return x0 <= word["x0"] and word["x1"] <= x1 and top <= middle <= bottom


def texts_in(words, rect) -> list[str]:
    return [w["text"] for w in words if in_rect(w, rect)]


def label_of(square, captions) -> str:
    """The caption word just left of a square on its row (the check box's label)."""
    x0, top, _x1, bottom = square
    left = [w for w in captions if w["x1"] <= x0 and x0 - w["x1"] < 4 and top <= w["bottom"] and w["top"] <= bottom]
    return left[-1]["text"] if left else ""


def test_a_male_patients_x_sits_in_the_square_labelled_m(tmp_path):
    # given a male patient (the insured is himself) rendered on the drawn form
    male = replace(PATIENT, first_name="John", sex="M")
    claim = example_claim(patient=male, subscriber=replace(example_claim().subscriber, person=male))
    render_cms1500([claim], tmp_path / "m.pdf")
    data, captions, squares = read(tmp_path / "m.pdf")
    # then each X of boxes 3 and 11a sits inside a drawn square whose label is "M"
    sex_rows = {"3": box("3").top_down_rect(), "11a": box("11a").top_down_rect()}
    for key, rect in sex_rows.items():
        [mark] = [w for w in data if w["text"] == "X" and in_rect(w, rect)]
        [square] = [s for s in squares if s[0] <= mark["x0"] and mark["x1"] <= s[2] and s[1] <= mark["top"] + 3
                    and mark["bottom"] - 3 <= s[3]]  # fmt: skip
        assert label_of(square, captions) == "M", key
    # and the relationship X (self) is in the square labelled Self, assignment in YES, the EIN in EIN
    for key, label in (("6", "Self"), ("27", "YES"), ("25", "EIN")):
        [mark] = [w for w in data if w["text"] == "X" and in_rect(w, box(key).top_down_rect())]
        [square] = [s for s in squares if s[0] <= mark["x0"] and mark["x1"] <= s[2] and abs(s[3] - mark["bottom"]) < 6]
        assert label_of(square, captions) == label, key


def test_payer_block_box_33_phone_and_the_other_insured(tmp_path):
    # given Jane's primary claim to Acme (PO Box 1000), her husband's Second Health plan, the practice's phone
    claim = example_claim(other_coverages=(SPOUSE_PLAN,), billing=replace(BILLING, phone="2175550142"))
    render_cms1500([claim], tmp_path / "c.pdf", background=False)
    data, _captions, _squares = read(tmp_path / "c.pdf")
    # then the carrier block has the payer's name and address
    assert texts_in(data, box("carrier").top_down_rect()) == [
        "ACME", "HEALTH", "PO", "BOX", "1000", "HARTFORD", "CT", "061011000"]
    # and box 33 has the phone right of its title, above the practice's name and address
    assert texts_in(data, box("33").top_down_rect())[:3] == ["(217)", "555-0142", "SPRINGFIELD"]
    # and boxes 9, 9a, 9d name the other insured, his policy and plan; 11d is YES (column 52), not NO
    assert texts_in(data, box("9").top_down_rect()) == ["DOE,", "JOHN"]
    assert texts_in(data, box("9a").top_down_rect()) == ["SH998877"]
    assert texts_in(data, box("9d").top_down_rect()) == ["SECOND", "HEALTH"]
    [mark] = [w for w in data if w["text"] == "X" and in_rect(w, box("11d").top_down_rect())]
    assert round(mark["x0"], 1) == round(18.0 + 51 * 7.2, 1)


def test_without_another_plan_11d_is_no_and_box_9_is_empty(tmp_path):
    render_cms1500([example_claim()], tmp_path / "n.pdf", background=False)
    data, _captions, _squares = read(tmp_path / "n.pdf")
    assert texts_in(data, box("9").top_down_rect()) == []
    [mark] = [w for w in data if w["text"] == "X" and in_rect(w, box("11d").top_down_rect())]
    assert round(mark["x0"], 1) == round(18.0 + 56 * 7.2, 1)
