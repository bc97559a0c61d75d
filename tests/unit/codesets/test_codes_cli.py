"""`revcycle codes show|validate|import-cpt` through the real Typer group (and its registration)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from revcycle.cli.codes import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_licensed_cpt(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers come from the shipped demo subset, whatever the user's own data dir holds."""
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))


def test_validate_exits_0_when_every_code_is_valid():
    # when
    result = runner.invoke(app, ["validate", "S52.521A", "T36.0X1A", "O09.523", "99213", "--dos", "2025-06-01"])
    # then
    assert result.exit_code == 0
    assert "valid on 2025-06-01" in result.output


def test_validate_json_lists_one_finding_per_problem_and_exits_1():
    # when
    result = runner.invoke(app, ["validate", "S52.521", "J02", "E11.A", "--dos", "2025-06-01", "--json"])
    # then
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["valid"] is False
    assert [(finding["code"], finding["location"], finding["severity"]) for finding in payload["findings"]] == [
        ("missing_7th_character", "S52.521", "error"),
        ("not_billable", "J02", "error"),
        ("not_in_release", "E11.A", "error"),
    ]
    assert payload["findings"][1]["hint"] == "use one of its billable codes: J02.0, J02.8, J02.9"
    assert set(payload["findings"][0]) == {"code", "message", "hint", "location", "severity"}


def test_validate_with_age_and_sex():
    # when
    result = runner.invoke(app, ["validate", "O80", "--dos", "2025-10-01", "--age", "70", "--json"])
    # then
    assert result.exit_code == 1
    assert [finding["code"] for finding in json.loads(result.output)["findings"]] == ["age_conflict"]


def test_a_date_no_release_serves_is_a_one_line_error_with_exit_2():
    # when
    result = runner.invoke(app, ["validate", "E11.9", "--dos", "2020-01-01"])
    # then
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("error: [no_release_for_date] no ICD-10-CM release serves date of service 2020-01-01")


def test_show_json_reports_the_release_in_force_and_inherited_notes():
    # when
    result = runner.invoke(app, ["show", "S52.521A", "--dos", "2025-10-01", "--json"])
    # then
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["release"]["served"] == "FY2026 (April 1 2026 update), serves 2025-10-01 onward"
    assert (payload["code"], payload["billable"], payload["parent"]) == ("S52.521A", True, "S52.521")
    assert [level["code"] for level in payload["hierarchy"]] == [
        "Chapter 19", "S50-S59", "S52", "S52.5", "S52.52", "S52.521", "S52.521A"]
    assert {"kind": "excludes1", "text": "traumatic amputation of forearm (S58.-)", "codes_referenced": ["S58"],
            "inherited_from": "S52"} in payload["notes"]


def test_show_readable_output_names_the_release_and_the_date_range():
    # when
    result = runner.invoke(app, ["show", "J02", "--dos", "2025-06-01"], terminal_width=200)
    # then
    assert result.exit_code == 0
    assert "ICD-10-CM release: FY2025 (April 1 2025 update), serves 2024-10-01..2025-09-30" in result.output
    assert "children: J02.0, J02.8, J02.9" in result.output


def test_show_detects_cpt_hcpcs_modifier_and_pos_by_shape():
    # when
    shown = {code: json.loads(runner.invoke(app, ["show", code, "--dos", "2026-05-01", "--json"]).output)
             for code in ("99213", "G0008", "25", "11")}
    # then
    assert {code: (payload["system"], payload["title"]) for code, payload in shown.items()} == {
        "99213": ("cpt", "Office visit established low MDM"),
        "G0008": ("hcpcs", "Admin influenza virus vac"),
        "25": ("modifier", "Separate significant E/M same day as a procedure"),
        "11": ("pos", "Office"),
    }


def test_import_cpt_command_writes_the_override_file(tmp_path, monkeypatch):
    # given: a synthetic licensed file (invented wording) and a private data dir
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path / "data"))
    licensed = tmp_path / "cpt.csv"
    licensed.write_text("code,description\n99214,SYNTHETIC LICENSED TEXT\n", encoding="utf-8")
    # when
    result = runner.invoke(app, ["import-cpt", str(licensed)], terminal_width=300)
    shown = runner.invoke(app, ["show", "99214", "--dos", "2025-06-01", "--json"])
    # then
    assert result.exit_code == 0
    assert result.output == f"imported 1 CPT codes into {tmp_path / 'data' / 'cpt_licensed.csv'}\n"
    assert json.loads(shown.output)["title"] == "SYNTHETIC LICENSED TEXT"


def test_import_cpt_of_a_missing_file_is_a_one_line_error(tmp_path):
    # when
    result = runner.invoke(app, ["import-cpt", str(tmp_path / "absent.csv")])
    # then
    assert result.exit_code == 2
    assert result.output == f"error: [not_found] no such file: {tmp_path / 'absent.csv'}\n"


def test_the_codes_group_is_registered_on_the_revcycle_command():
    # given
    from revcycle.cli.main import app as root

    # when
    result = runner.invoke(root, ["codes", "validate", "J02", "--dos", "2025-06-01", "--json"])
    # then
    assert result.exit_code == 1
    assert [finding["code"] for finding in json.loads(result.output)["findings"]] == ["not_billable"]


def test_show_states_the_mce_edit_and_its_vintage():
    # when
    newborn = json.loads(runner.invoke(app, ["show", "Z38.00", "--dos", "2025-06-01", "--json"]).output)
    prostate = json.loads(runner.invoke(app, ["show", "C61", "--dos", "2025-10-01", "--json"]).output)
    plain = json.loads(runner.invoke(app, ["show", "E11.9", "--dos", "2025-10-01", "--json"]).output)
    # then
    assert newborn["mce"] == ["newborn diagnosis, ages 0-0 [MCE v42 (FY2025) age edit]"]
    assert prostate["mce"] == ["male patients only [MCE v41 (FY2024) sex list (the MCE sex edit ended 2024-09-30)]"]
    assert plain["mce"] == ["no age or sex edit for this code [MCE v43 (FY2026)]"]


def test_releases_lists_each_release_with_its_date_range():
    # when
    result = runner.invoke(app, ["releases", "--json"])
    # then
    assert result.exit_code == 0
    assert [(row["name"], row["effective_from"], row["effective_through"]) for row in json.loads(result.output)] == [
        ("FY2025", "2024-10-01", "2025-09-30"), ("FY2026", "2025-10-01", None)]
