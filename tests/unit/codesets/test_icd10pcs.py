"""ICD-10-PCS by date of service: look-up with titles and the seven axes, validity with its reason,
the release for the date (October vs April 2026), the coder's builder, search, MCE procedure edits."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.codesets import icd10pcs, icd10pcs_mce, icd10pcs_search
from revcycle.kernel.errors import RevcycleError

APRIL = date(2026, 5, 1)


def test_a_valid_code_has_its_cms_title_and_seven_named_axes():
    # when
    found = icd10pcs.pcs_code("0SR90J9", APRIL)
    # then
    assert found.valid is True
    assert found.title == "Replacement of Right Hip Joint with Synthetic Substitute, Cemented, Open Approach"
    assert [(axis.name, axis.value, axis.label) for axis in found.axes] == [
        ("section", "0", "Medical and Surgical"),
        ("body_system", "S", "Lower Joints"),
        ("root_operation", "R", "Replacement"),
        ("body_part", "9", "Hip Joint, Right"),
        ("approach", "0", "Open"),
        ("device", "J", "Synthetic Substitute"),
        ("qualifier", "9", "Cemented"),
    ]
    assert found.operation_definition.startswith("Putting in or on biological or synthetic material")
    assert found.valid_in == ("FY2025", "FY2026", "FY2026-APR")


def test_an_axis_value_its_table_row_does_not_allow_is_named():
    # when
    found = icd10pcs.pcs_code("0SR9XJ9", APRIL)
    # then
    assert found.valid is False
    assert [(finding.code, finding.message) for finding in found.findings] == [
        (
            "invalid_axis_value",
            "0SR9XJ9: character 5 (Approach) 'X' is not defined in table 0SR for 0SR9 in FY2026 (April 1 2026 update); "
            "allowed: 0 Open",
        )
    ]


def test_a_code_that_is_not_seven_characters_says_so():
    # when
    findings = icd10pcs.validate(["0SR90J"], APRIL)
    # then
    assert [finding.code for finding in findings] == ["not_7_characters"]
    assert "this has 6" in findings[0].message


def test_an_april_2026_addition_is_invalid_the_day_before_and_valid_from_april_first():
    # when
    before = icd10pcs.pcs_code("02HM3JZ", date(2026, 3, 31))
    after = icd10pcs.pcs_code("02HM3JZ", date(2026, 4, 1))
    # then
    assert before.release.name == "FY2026"
    assert [finding.code for finding in before.findings] == ["not_in_release"]
    assert "valid in FY2026 (April 1 2026 update), serves 2026-04-01 onward" in before.findings[0].message
    assert after.valid is True
    assert after.title == "Insertion of Pacemaker Lead into Ventricular Septum, Percutaneous Approach"


def test_an_april_2026_deletion_is_valid_through_march_only():
    # when / then
    assert icd10pcs.pcs_code("30233AZ", date(2026, 3, 31)).valid is True
    assert icd10pcs.pcs_code("30233AZ", date(2026, 4, 1)).valid is False


def test_each_release_holds_the_cms_count_of_codes():
    # when / then
    assert [
        (release.name, icd10pcs.release_for(release.effective_from).code_count)
        for release in icd10pcs.releases()
    ] == [("FY2025", 78948), ("FY2026", 79115), ("FY2026-APR", 79193)]


def test_no_release_before_fy2025():
    # when / then
    with pytest.raises(RevcycleError, match="no ICD-10-PCS release serves date of service 2024-09-30"):
        icd10pcs.release_for(date(2024, 9, 30))


def test_the_builder_lists_the_body_parts_of_table_0sr():
    # when
    step = icd10pcs.build("0SR", APRIL)
    # then
    assert (step.position, step.axis_name, step.axis_title) == (4, "body_part", "Body Part")
    assert [(option.value, option.label) for option in step.options][:4] == [
        ("0", "Lumbar Vertebral Joint"),
        ("2", "Lumbar Vertebral Disc"),
        ("3", "Lumbosacral Joint"),
        ("4", "Lumbosacral Disc"),
    ]
    assert [option.value for option in step.options] == list("023456789ABCDEFGHJKLMNPQRSTUVW")
    assert {option.value: option.codes for option in step.options}["9"] == 21
    assert [axis.label for axis in step.chosen] == ["Medical and Surgical", "Lower Joints", "Replacement"]


def test_the_builder_narrows_as_characters_are_chosen():
    # when
    approach = icd10pcs.build("0SR9", APRIL)
    device = icd10pcs.build("0SR90", APRIL)
    # then
    assert [(option.value, option.label) for option in approach.options] == [("0", "Open")]
    assert [option.value for option in device.options] == ["1", "2", "3", "4", "6", "7", "E", "J", "K"]
    assert device.axis_name == "device"


def test_the_builder_refuses_a_prefix_no_code_starts_with():
    # when / then
    with pytest.raises(
        RevcycleError, match=r"character 5 \(Approach\) 'X' is not allowed after 0SR9; allowed: 0 Open"
    ):
        icd10pcs.build("0SR9X", APRIL)


def test_the_builder_counts_every_code_of_the_release_from_its_sections():
    # when
    sections = icd10pcs.build("", APRIL).options
    # then
    assert sum(option.codes for option in sections) == 79193
    assert sections[0].label == "Medical and Surgical"


def test_search_finds_the_index_entry_a_coder_would_follow():
    # when
    hits = icd10pcs_search.search("replacement hip joint right", APRIL, limit=3)
    # then
    assert [(hit.source, hit.text, hit.target) for hit in hits] == [
        ("index", "Replacement > Joint > Hip > Right", "0SR9"),
        ("index", "Replacement > Joint > Hip > Right > Acetabular Surface", "0SRA"),
        ("index", "Replacement > Joint > Hip > Right > Femoral Surface", "0SRR"),
    ]


def test_search_follows_see_references_and_falls_back_to_titles():
    # when
    appendectomy = icd10pcs_search.search("appendectomy", APRIL)
    titles = icd10pcs_search.search("resection appendix percutaneous endoscopic", APRIL)
    # then
    assert [(hit.kind, hit.target, hit.note) for hit in appendectomy] == [
        ("see", "0DBJ", "Excision, Appendix"),
        ("see", "0DTJ", "Resection, Appendix"),
    ]
    assert ("title", "0DTJ4ZZ") in [(hit.source, hit.target) for hit in titles]


def test_mce_procedure_edits_by_discharge_date():
    # when
    findings = icd10pcs_mce.procedure_edits(
        ["0SR20JZ", "5A1955Z", "10D00Z1"], ["O80"], date(2026, 5, 2), age=67, sex="F", stay_days=3
    )
    # then
    assert [(finding.code, finding.location, finding.severity.value) for finding in findings] == [
        ("non_covered_procedure", "0SR20JZ", "error"),
        ("inconsistent_with_los", "5A1955Z", "error"),
        ("questionable_obstetric_admission", "10D00Z1", "warning"),
    ]
    assert findings[0].message == (
        "0SR20JZ: not covered for a patient over 60 (age 67) [MCE v43 (FY2026) non-covered procedure edit]"
    )


def test_a_delivery_with_its_outcome_code_and_a_younger_patient_fire_nothing():
    # when / then
    assert (
        icd10pcs_mce.procedure_edits(
            ["0SR20JZ", "10D00Z1"], ["O80", "Z37.0"], date(2026, 5, 2), age=55, sex="F", stay_days=2
        )
        == []
    )
