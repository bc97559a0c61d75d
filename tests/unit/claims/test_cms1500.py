import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pdf_forms import red_and_dark_pixels, words_by_page
from revcycle.claims import Frequency
from revcycle.claims.cms1500 import box, render_cms1500, service_cell
from revcycle.claims.examples import example_claim, example_line
from revcycle.practice.charges import DrugIdentification


def inside(word: dict, rect: tuple[float, float, float, float]) -> bool:
    """The word lies within the box across, and its middle within the box down (a 12 pt word fills a line)."""
    x0, top, x1, bottom = rect
    middle = (word["top"] + word["bottom"]) / 2
    return x0 <= word["x0"] and word["x1"] <= x1 and top <= middle <= bottom


def texts_in(words: list[dict], rect) -> list[str]:
    return [word["text"] for word in words if inside(word, rect)]


def render(tmp_path: Path, claims, background=True, name="claim.pdf") -> Path:
    path = tmp_path / name
    render_cms1500(claims, path, background=background)
    return path


def test_claim_data_lands_in_the_forms_boxes(tmp_path):
    # given the example claim rendered on the drawn form
    [words] = words_by_page(render(tmp_path, [example_claim()]))
    # then each value sits inside its box (pdfplumber coordinates)
    expected = {
        "carrier": ["ACME", "HEALTH", "PO", "BOX", "1000", "HARTFORD", "CT", "061011000"],
        "1a": ["XYZ123456789"],
        "3": ["04", "12", "1980", "X"],
        "11": ["GRP100"],
        "17": ["DN", "JONES,", "ALICE"],
        "17b": ["1456789019"],
        "21": ["0", "E119", "I10"],
        "25": ["123456789", "X"],
        "26": ["E1-1"],
        "28": ["205", "00"],
        "33": ["SPRINGFIELD", "FAMILY", "MEDICINE", "100", "MAIN", "ST", "SUITE", "200", "SPRINGFIELD", "IL",
               "627011234", "1234567893", "ZZ207Q00000X"],
    }
    for key, texts in expected.items():
        assert texts_in(words, box(key).top_down_rect()) == texts, key
    # and the service lines sit in their box 24 cells, one row per line
    cells = {(0, "A_from"): ["03", "02", "26"], (0, "B"): ["11"], (0, "D"): ["99214"], (0, "E"): ["AB"],
             (0, "F"): ["150", "00"], (0, "G"): ["1"], (0, "J"): ["1987654328"], (1, "D"): ["83036"],
             (1, "F"): ["40", "00"], (2, "D"): ["36415"], (2, "E"): ["A"], (3, "D"): []}
    for (index, column), texts in cells.items():
        assert texts_in(words, service_cell(index, column).top_down_rect()) == texts, (index, column)
    assert texts_in(words, service_cell(0, "J", shaded=True).top_down_rect()) == ["207Q00000X"]


def test_modifiers_resubmission_and_prior_authorization(tmp_path):
    # given a corrected claim with a modifier and a prior authorization
    claim = example_claim(frequency=Frequency.CORRECTED, payer_claim_control_number="2026061500123",
                          prior_authorization="PA778899",
                          lines=(example_line(1, "99214", 15000, (1, 2), ("25", "95")),))
    [words] = words_by_page(render(tmp_path, [claim]))
    # then
    assert texts_in(words, box("22").top_down_rect()) == ["7", "2026061500123"]
    assert texts_in(words, box("23").top_down_rect()) == ["PA778899"]
    assert texts_in(words, service_cell(0, "D").top_down_rect()) == ["99214", "25", "95"]


def test_more_than_six_lines_continue_on_a_second_page(tmp_path):
    # given a claim with 8 lines of $10, $20 ... $80
    lines = tuple(example_line(n, "99214" if n == 1 else "83036", 1000 * n, modifiers=() if n < 3 else ("91",))
                  for n in range(1, 9))
    pages = words_by_page(render(tmp_path, [example_claim(lines=lines)]))
    # then two pages; the first says CONTINUED in box 28, the last holds the total ($360)
    assert len(pages) == 2
    assert texts_in(pages[0], box("28").top_down_rect()) == ["CONTINUED"]
    assert texts_in(pages[1], box("28").top_down_rect()) == ["360", "00"]
    assert [texts_in(pages[1], service_cell(i, "F").top_down_rect()) for i in range(3)] == [["70", "00"], ["80", "00"], []]
    assert " ".join(w["text"] for w in pages[1] if 44 < w["top"] < 56) == "PAGE 2 OF 2"
    # and the claim data repeats on the continuation page
    assert texts_in(pages[1], box("1a").top_down_rect()) == ["XYZ123456789"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed")
def test_background_and_data_only_modes_render_as_images(tmp_path):
    # given the same claim on the drawn form and for a pre-printed red form
    drawn = render(tmp_path, [example_claim()], background=True, name="drawn.pdf")
    data_only = render(tmp_path, [example_claim()], background=False, name="data.pdf")
    # when both pages are rasterised
    drawn_red, drawn_dark = red_and_dark_pixels(drawn, tmp_path, dpi=60)
    plain_red, plain_dark = red_and_dark_pixels(data_only, tmp_path, dpi=60)
    # then the drawn form is red with black data, and data-only mode prints no red at all
    assert drawn_red > 5000
    assert plain_red == 0
    assert plain_dark > 1000
    # and the data words are the same, at the same places, in both modes
    drawn_words = {(w["text"], round(w["x0"]), round(w["top"])) for w in words_by_page(drawn)[0]}
    plain_words = {(w["text"], round(w["x0"]), round(w["top"])) for w in words_by_page(data_only)[0]}
    assert plain_words <= drawn_words
    assert ("XYZ123456789", round(box("1a").top_down_rect()[0] + 2), 83) in plain_words


def test_a_drug_lines_ndc_prints_in_its_shaded_row(tmp_path):
    # given a claim whose second line is an injected drug billed with its NDC (2.5 mL)
    drug = replace(example_line(2, "J3301", 2400, units=4), drug=DrugIdentification("00003029305", "ML", Decimal("2.5")))
    claim = example_claim(lines=(example_line(1, "20610", 15000, modifiers=("RT",)), drug))
    [words] = words_by_page(render(tmp_path, [claim]))
    # then the NDC, its unit and quantity fill the drug line's shaded row, starting in 24A (NUCC: N4, no space)
    x0, top, _, bottom = service_cell(1, "A_from", shaded=True).top_down_rect()
    shaded_row = [w["text"] for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom and w["x0"] >= x0]
    assert shaded_row[:2] == ["N400003029305", "ML2.5"]
    # and the first line, no drug, has nothing in 24A's shaded row
    assert texts_in(words, service_cell(0, "A_from", shaded=True).top_down_rect()) == []
