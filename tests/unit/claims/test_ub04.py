import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from pdf_forms import red_and_dark_pixels, words_by_page
from revcycle.claims.examples import example_claim, example_inpatient_claim, example_stay
from revcycle.claims.institutional import StayCharge, build_institutional_claim
from revcycle.claims.institutional_model import Occurrence, ValueAmount
from revcycle.claims.ub04 import locator, render_ub04, service_cell
from revcycle.claims.ub04.layout import form_locator_numbers
from revcycle.kernel.errors import RevcycleError

CREATED = date(2026, 3, 10)


def texts_in(words: list[dict], rect) -> list[str]:
    x0, top, x1, bottom = rect
    return [
        w["text"]
        for w in words
        if x0 <= w["x0"] and w["x1"] <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
    ]


def at(words, key: str, row: int = 0) -> list[str]:
    return texts_in(words, locator(key).top_down_rect(row))


def cell(words, index: int, column: str) -> list[str]:
    return texts_in(words, service_cell(index, column).top_down_rect())


def render(tmp_path: Path, claims, background=True, name="ub04.pdf") -> Path:
    path = tmp_path / name
    render_ub04(claims, path, background=background, created=CREATED)
    return path


def test_the_layout_draws_all_81_form_locators():
    # then
    assert form_locator_numbers() == list(range(1, 82))


def test_inpatient_claim_lands_in_its_form_locators(tmp_path):
    # given the example inpatient stay rendered on the drawn form
    [words] = words_by_page(render(tmp_path, [example_inpatient_claim()]))
    # then each value is read back inside its form locator
    expected = {
        ("1", 0): ["SPRINGFIELD", "GENERAL", "HOSPI"], ("1", 1): ["1", "HOSPITAL", "DR"],
        ("3a", 0): ["H1-1"], ("3b", 0): ["MR4455"], ("4", 0): ["0111"], ("5", 0): ["371234567"],
        ("6_from", 0): ["030226"], ("6_through", 0): ["030526"], ("8b", 0): ["DOE,", "JANE"],
        ("10", 0): ["04121980"], ("11", 0): ["F"], ("12", 0): ["030226"], ("13", 0): ["14"], ("14", 0): ["1"],
        ("15", 0): ["1"], ("16", 0): ["11"], ("17", 0): ["01"], ("50", 0): ["ACME", "HEALTH"], ("51", 0): ["87726"],
        ("56", 0): ["1316000003"], ("58", 0): ["DOE,", "JANE"], ("59", 0): ["18"], ("60", 0): ["XYZ123456789"],
        ("62", 0): ["GRP100"], ("66", 0): ["0"], ("67", 0): ["I5023", "Y"], ("67A", 0): ["N179", "N"],
        ("67B", 0): ["E119", "Y"], ("67C", 0): [], ("69", 0): ["R0600"], ("74_code", 0): ["02HV33Z"],
        ("74_date", 0): ["030326"], ("76_npi", 0): ["1528000007"], ("76_last", 0): ["WELBY"],
        ("76_first", 0): ["MARCUS"], ("77_npi", 0): ["1740000009"], ("77_last", 0): ["GREY"],
        ("81a", 0): ["B3", "282N00000X"],
    }  # fmt: skip
    for (key, row), texts in expected.items():
        assert at(words, key, row) == texts, key
    # and the revenue lines (FL 42-47) and line 23
    lines = {
        (0, "42"): ["0120"], (0, "43"): ["ROOM", "&", "BOARD", "-", "SEMI-PRIV"], (0, "44"): [],
        (0, "45"): ["030226"], (0, "46"): ["3"], (0, "47"): ["5550", "00"],
        (1, "42"): ["0250"], (1, "43"): ["PHARMACY"], (1, "45"): ["030326"], (1, "47"): ["420", "00"],
        (2, "42"): ["0300"], (2, "44"): ["80053"], (2, "46"): ["1"], (2, "47"): ["185", "00"], (3, "42"): [],
        (22, "42"): ["0001"], (22, "43"): ["PAGE", "1", "OF", "1"], (22, "44"): ["CREATED", "031026"],
        (22, "47"): ["6155", "00"], (22, "48"): [],
    }  # fmt: skip
    for (index, column), texts in lines.items():
        assert cell(words, index, column) == texts, (index, column)


def test_outpatient_codes_values_and_non_covered_charges(tmp_path):
    # given an outpatient ER visit (TOB 0131) with a reason for visit, an occurrence, a value code and a
    # non-covered EKG
    stay = example_stay(
        "H3-1", bill_type="13", statement_from=date(2026, 3, 2), statement_to=date(2026, 3, 2),
        admission_date=None, admission_hour=None, discharge_hour=None, admission_type="", admission_source="",
        reasons_for_visit=("R07.9",), procedures=(), operating=None, condition_codes=("39",),
        occurrences=(Occurrence("11", date(2026, 3, 1)),), value_amounts=(ValueAmount("A1", 25000),),
        charges=(StayCharge("0450", date(2026, 3, 2), 1, "99284", ("25",), charge_cents=98000),
                 StayCharge("0730", date(2026, 3, 2), 1, "93005", charge_cents=21000, non_covered_cents=5000)),
    )  # fmt: skip
    [words] = words_by_page(render(tmp_path, [build_institutional_claim(stay)]))
    # then
    assert at(words, "4") == ["0131"]
    assert at(words, "70a") == ["R079"]
    assert at(words, "18") == ["39"]
    assert (at(words, "31_code"), at(words, "31_date")) == (["11"], ["030126"])
    assert (at(words, "39_code"), at(words, "39_amount")) == (["A1"], ["250", "00"])
    assert cell(words, 0, "44") == ["99284", "25"]
    assert cell(words, 1, "48") == ["50", "00"]
    assert (cell(words, 22, "47"), cell(words, 22, "48")) == (["1190", "00"], ["50", "00"])


def test_more_than_22_lines_continue_with_totals_on_the_last_page(tmp_path):
    # given 25 daily pharmacy lines of $10, $20 ... $250
    day = date(2026, 3, 2)
    charges = tuple(
        StayCharge("0250", day + timedelta(days=n % 4), 1, charge_cents=1000 * (n + 1)) for n in range(25)
    )
    claim = build_institutional_claim(example_stay(charges=charges))
    # when
    pages = words_by_page(render(tmp_path, [claim]))
    # then two pages: 22 lines, then 3; PAGE n OF 2 on both, the total ($3,250.00) only on the last
    assert len(pages) == 2
    assert cell(pages[0], 21, "47") == ["220", "00"]
    assert [cell(pages[1], i, "47") for i in range(4)] == [["230", "00"], ["240", "00"], ["250", "00"], []]
    assert cell(pages[0], 22, "43") == ["PAGE", "1", "OF", "2"]
    assert cell(pages[1], 22, "43") == ["PAGE", "2", "OF", "2"]
    assert (cell(pages[0], 22, "47"), cell(pages[1], 22, "47")) == ([], ["3250", "00"])
    # and the claim's locators repeat on the continuation page
    assert at(pages[1], "4") == ["0111"]
    assert at(pages[1], "67") == ["I5023", "Y"]


def test_a_professional_claim_is_refused(tmp_path):
    # when / then
    with pytest.raises(RevcycleError, match="claim E1-1 is professional: it prints on the CMS-1500"):
        render_ub04([example_claim()], tmp_path / "x.pdf")


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_drawn_form_and_data_only_modes_render_as_images(tmp_path):
    # given the same claim on the drawn form and for pre-printed paper
    drawn = render(tmp_path, [example_inpatient_claim()], background=True, name="drawn.pdf")
    data_only = render(tmp_path, [example_inpatient_claim()], background=False, name="data.pdf")
    # when both are rasterised
    drawn_red, drawn_dark = red_and_dark_pixels(drawn, tmp_path, dpi=50)
    data_red, data_dark = red_and_dark_pixels(data_only, tmp_path, dpi=50)
    # then the drawn form has red rules and the data-only page none, and both carry the same data
    assert drawn_red > 2000
    assert data_red == 0
    assert data_dark > 1000
    assert abs(drawn_dark - data_dark) < data_dark * 0.2
    # and the data-only page reads back the same type of bill
    assert at(words_by_page(data_only)[0], "4") == ["0111"]
