"""HCPCS Level II, CPT (demo subset and licensed import), modifiers and POS by date of service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from revcycle.codesets import code_systems, cpt, hcpcs, modifiers, pos
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding


@pytest.fixture(autouse=True)
def no_licensed_cpt(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers come from the shipped demo subset, whatever the user's own data dir holds."""
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))


def test_hcpcs_lookup_answers_from_the_range_in_force():
    # when
    flu_admin = hcpcs.lookup("G0008", date(2026, 5, 1))
    # then
    assert flu_admin is not None
    assert (flu_admin.code, flu_admin.title, flu_admin.valid_from, flu_admin.valid_through) == (
        "G0008", "Admin influenza virus vac", date(2019, 7, 1), None)  # merged ranges, floored at 2019-07-01
    assert flu_admin.detail("opps_status_indicator") == "S"


def test_hcpcs_code_added_in_2025q4_is_invalid_a_year_earlier():
    # when
    earlier = hcpcs.validate("A2036", date(2025, 5, 1))
    later = hcpcs.validate("A2036", date(2026, 5, 1))
    # then
    assert earlier == [Finding("not_in_release", "A2036 is not valid on 2025-05-01: valid from 2025-10-01",
                               location="A2036", hint="use a HCPCS Level II code in force on the date of service")]
    assert later == []


def test_hcpcs_code_dropped_after_2025_is_valid_in_2025q2_only():
    # when / then
    assert hcpcs.validate("C5271", date(2025, 5, 1)) == []
    assert [finding.message for finding in hcpcs.validate("C5271", date(2026, 5, 1))] == [
        "C5271 is not valid on 2026-05-01: valid through 2025-12-31"]


def test_hcpcs_before_the_data_held_raises():
    # when
    with pytest.raises(RevcycleError) as raised:
        hcpcs.lookup("G0008", date(2019, 6, 30))
    # then
    assert raised.value.code is ErrorCode.NO_RELEASE_FOR_DATE


def test_cpt_demo_subset_is_date_aware():
    # when / then
    assert cpt.lookup("99213", date(2025, 6, 1)).title == "Office visit established low MDM"  # type: ignore[union-attr]
    assert cpt.validate("99441", date(2024, 12, 31)) == []
    assert [finding.message for finding in cpt.validate("99441", date(2025, 1, 1))] == [
        "99441 is not valid on 2025-01-01: valid through 2024-12-31"]
    assert [finding.message for finding in cpt.validate("98000", date(2024, 12, 31))] == [
        "98000 is not valid on 2024-12-31: valid from 2025-01-01"]


def test_cpt_unknown_code_points_to_the_licensed_import():
    # when
    findings = cpt.validate("99999", date(2025, 6, 1))
    # then
    assert findings == [Finding("unknown_code", "99999 is not a CPT code we hold", location="99999",
                                hint="check the code; a licensed CPT file can be added with `revcycle codes import-cpt`")]


def test_import_cpt_overrides_the_demo_wording_and_adds_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # given: a synthetic "licensed" file (invented wording) and an empty user data dir
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path / "data"))
    licensed = tmp_path / "licensed.csv"
    licensed.write_text(
        "Code,Description,Effective_Date,End_Date\n"
        "99213,SYNTHETIC LICENSED TEXT FOR 99213,2019-01-01,\n"
        "0001F,SYNTHETIC CATEGORY II MEASURE,20240101,20251231\n",
        encoding="utf-8",
    )
    # when
    result = cpt.import_licensed_csv(licensed)
    # then
    assert (result.imported, result.path) == (2, tmp_path / "data" / "cpt_licensed.csv")
    assert cpt.lookup("99213", date(2025, 6, 1)).title == "SYNTHETIC LICENSED TEXT FOR 99213"  # type: ignore[union-attr]
    measure = cpt.lookup("0001F", date(2025, 6, 1))
    assert measure is not None and (measure.valid_from, measure.valid_through) == (date(2024, 1, 1), date(2025, 12, 31))
    assert cpt.lookup("0001F", date(2026, 1, 1)) is None
    assert cpt.lookup("99214", date(2025, 6, 1)).title == "Office visit established moderate MDM"  # type: ignore[union-attr]


def test_import_cpt_rejects_a_row_without_a_cpt_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # given
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path))
    bad = tmp_path / "bad.csv"
    bad.write_text("code,description\n99213,ok\nJ1100,not cpt\n", encoding="utf-8")
    # when
    with pytest.raises(RevcycleError) as raised:
        cpt.import_licensed_csv(bad)
    # then
    assert raised.value.code is ErrorCode.INVALID_CODESET_FILE
    assert "line 3" in raised.value.message
    assert not (tmp_path / "cpt_licensed.csv").exists()


def test_modifiers_say_which_code_types_they_apply_to():
    # when / then
    assert modifiers.applies_to(modifiers.lookup("25", date(2025, 6, 1))) == ("em",)  # type: ignore[arg-type]
    assert modifiers.check_pairing("25", "em", date(2025, 6, 1)) == []
    assert modifiers.check_pairing("QW", "lab", date(2025, 6, 1)) == []
    assert modifiers.check_pairing("GA", "radiology", date(2025, 6, 1)) == []
    assert modifiers.check_pairing("25", "procedure", date(2025, 6, 1)) == [Finding(
        "modifier_not_applicable",
        "modifier 25 (Separate significant E/M same day as a procedure) applies to em codes, not procedure",
        location="25", hint="remove the modifier or check the code it is attached to")]
    assert [finding.code for finding in modifiers.check_pairing("93", "em", date(2021, 6, 1))] == ["not_in_release"]


def test_modifier_families_are_all_present():
    # when
    held = {row.code for row in modifiers.table().codes_on(date(2025, 6, 1))}
    # then
    families = {"FA", *(f"F{n}" for n in range(1, 10)), "TA", *(f"T{n}" for n in range(1, 10)),
                "E1", "E2", "E3", "E4", "XE", "XS", "XP", "XU", "59", "25", "26", "TC", "76", "77", "50", "LT", "RT",
                "51", "52", "53", "24", "57", "58", "78", "79", "91", "GA", "GY", "GZ", "KX", "QW", "95", "GT"}
    assert families <= held


def test_place_of_service_codes():
    # when / then
    assert pos.lookup("11", date(2025, 6, 1)).title == "Office"  # type: ignore[union-attr]
    assert pos.lookup("2", date(2025, 6, 1)).code == "02"  # type: ignore[union-attr]
    assert [finding.message for finding in pos.validate("10", date(2021, 12, 31))] == [
        "10 is not valid on 2021-12-31: valid from 2022-01-01"]
    assert [finding.code for finding in pos.validate("98", date(2025, 6, 1))] == ["unknown_code"]


def test_code_system_is_detected_by_shape():
    # given
    dos = date(2025, 6, 1)
    # when
    detected = {code: code_systems.detect(code, dos) for code in ("E11.9", "E119", "99213", "0001F", "J1100",
                                                                   "G0008", "25", "11", "S52.521A")}
    # then
    assert detected == {"E11.9": "icd10cm", "E119": "icd10cm", "99213": "cpt", "0001F": "cpt",
                        "J1100": "icd10cm", "G0008": "hcpcs", "25": "modifier", "11": "pos", "S52.521A": "icd10cm"}


def test_mixed_validation_accepts_a_hcpcs_code_that_looks_like_icd10cm():
    # given: J1100 is both J11.00 (ICD-10-CM, billable) and J1100 (HCPCS dexamethasone)
    # when
    findings = code_systems.validate_mixed(["E11.9", "J1100", "99213", "A2036"], date(2025, 6, 1))
    # then
    assert [(finding.code, finding.location) for finding in findings] == [("not_in_release", "A2036")]
