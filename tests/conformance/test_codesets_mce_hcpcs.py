"""Compiled MCE age/sex edits and HCPCS Level II against independent source files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from revcycle.codesets import hcpcs, mce

FY2020_MCE = "icd10/nlindner__MCE_Simple_Code_Edits_v37_FY2020.tsv"
EDIT_TYPES = {"Newborn_Only": "newborn", "Pediatric_Only": "pediatric", "Maternity_Only": "maternity",
              "Adult_Only": "adult", "Female_Only": "F", "Male_Only": "M"}


def _fy2020_lists(corpus_dir: Path) -> dict[str, set[str]]:
    lists: dict[str, set[str]] = {value: set() for value in EDIT_TYPES.values()}
    with (corpus_dir / FY2020_MCE).open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            if row["ICD_Code_Type"] == "D" and row["MCE_Edit_Type"] in EDIT_TYPES:
                lists[EDIT_TYPES[row["MCE_Edit_Type"]]].add(row["ICD_Code"])
    return lists


def test_compiled_mce_reproduces_the_independent_fy2020_lists_code_for_code(corpus_dir: Path):
    # given
    expected = _fy2020_lists(corpus_dir)
    first_day_fy2020 = date(2019, 10, 1)
    candidates = set().union(*expected.values()) | set(mce._mce()["edits"])
    # when
    ours: dict[str, set[str]] = {value: set() for value in EDIT_TYPES.values()}
    for code in candidates:
        age = mce.age_edit(code, first_day_fy2020)
        sex = mce.sex_edit(code, first_day_fy2020)
        if age is not None:
            ours[age.group].add(code)
        if sex is not None:
            ours[sex.sex].add(code)
    # then
    assert {key: len(codes) for key, codes in expected.items()} == {
        "newborn": 41, "pediatric": 114, "maternity": 2372, "adult": 771, "F": 3135, "M": 529}
    assert ours == expected


def test_maternity_age_range_changed_with_fy2020():
    # when / then
    assert mce.age_range("maternity", date(2019, 9, 30)) == (12, 55)
    assert mce.age_range("maternity", date(2019, 10, 1)) == (9, 64)
    assert mce.age_range("adult", date(2026, 1, 1)) == (15, 124)


def _snapshot(corpus_dir: Path, name: str) -> dict[str, str]:
    with (corpus_dir / "cms" / name).open(encoding="utf-8") as stream:
        return {row["code"]: row["short_description"] for row in csv.DictReader(stream)}


def test_hcpcs_by_dos_reproduces_the_2025q2_and_2026q2_snapshots(corpus_dir: Path):
    # given
    q2_2025 = _snapshot(corpus_dir, "hcpcs_level2_ioce_v26.1.4_2025Q2.csv")
    q2_2026 = _snapshot(corpus_dir, "hcpcs_level2_ioce_v27.1.0_2026Q2.csv")
    # when
    ours_2025 = {row.code: row.title for row in hcpcs.table().codes_on(date(2025, 5, 15))}
    ours_2026 = {row.code: row.title for row in hcpcs.table().codes_on(date(2026, 5, 15))}
    # then
    assert (len(q2_2025), len(q2_2026)) == (8014, 8256)
    assert ours_2025 == q2_2025
    assert ours_2026 == q2_2026


def test_every_x12_place_of_service_code_is_held(corpus_dir: Path):
    # given
    from revcycle.codesets import pos

    with (corpus_dir / "cms" / "x12_place_of_service_codes_pyx12.csv").open(encoding="utf-8") as stream:
        x12_codes = {row["code"] for row in csv.DictReader(stream)}
    # when
    held = {row.code for row in pos.table().codes_on(date(2025, 6, 1))}
    # then
    assert len(x12_codes) == 52
    assert held == x12_codes
