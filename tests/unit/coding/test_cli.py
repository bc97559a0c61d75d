import json

from typer.testing import CliRunner

from revcycle.cli.main import app

runner = CliRunner()


def test_em_command_levels_a_visit_from_json(tmp_path):
    # given a visit whose note states the total time
    visit = tmp_path / "visit.json"
    visit.write_text(json.dumps({
        "patient": "established", "problems": ["stable_chronic", "stable_chronic"],
        "data": {"tests_reviewed": 2, "tests_ordered": 1}, "risks": ["prescription_drug_management"],
        "note": "Total time 42 minutes.",
    }))
    # when leveled
    result = runner.invoke(app, ["coding", "em", "--input", str(visit), "--json"])
    # then time beats the moderate MDM
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert (body["code"], body["basis"], body["mdm_level"], body["mdm_code"], body["total_minutes"]) == (
        "99215", "time", "moderate", "99214", 42,
    )


def test_check_command_exits_1_on_an_error_finding():
    result = runner.invoke(app, ["coding", "check", "F02.80", "G30.9", "--dos", "2026-01-15", "--json"])
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)] == ["manifestation_first_listed"]
    clean = runner.invoke(app, ["coding", "check", "G30.9", "F02.80", "--dos", "2026-01-15"])
    assert (clean.exit_code, clean.stdout.strip()) == (0, "no findings")


def test_rank_dir_refuses_other_code_systems(tmp_path):
    result = runner.invoke(app, ["coding", "rank-dir", str(tmp_path), "--out", str(tmp_path / "p.tsv"), "--system", "cpt"])
    assert result.exit_code == 2
    assert "rank-dir ranks ICD-10-CM diagnoses only" in result.output


def test_suggest_command_writes_json_with_evidence(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Essential hypertension. Patient denies chest pain. ECG performed.")
    result = runner.invoke(app, ["coding", "suggest", str(note), "--dos", "2026-01-15", "--json"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["diagnoses"][0]["code"] == "I10"
    assert body["diagnoses"][0]["evidence"] == [{"start": 0, "end": 22, "text": "Essential hypertension"}]
    assert [p["code"] for p in body["procedures"]] == ["93000"]
    assert "R07.9" in [a["code"] for a in body["set_aside"]]


def test_suggest_command_gives_lines_with_modifiers_units_and_pointers(tmp_path):
    # given a note with a knee injection and a waived strep test, for a Medicare patient
    note = tmp_path / "note.txt"
    note.write_text("Osteoarthritis of the left knee. Left knee injection with triamcinolone 40 mg. "
                    "Sore throat; rapid strep test positive, streptococcal pharyngitis. Lipid panel due next month.")
    # when suggested as JSON
    result = runner.invoke(app, ["coding", "suggest", str(note), "--dos", "2026-01-15", "--payer", "medicare", "--json"])
    # then each line has its modifiers, units and first pointer; the lipid panel only planned is not billed
    body = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(p["code"], p["modifiers"], p["units"], p["pointers"]) for p in body["procedures"]] == [
        ("20610", ["LT"], 1, ["M17.12"]), ("J3301", [], 4, ["M17.12"]), ("87880", ["QW"], 1, ["J02.0"])]
    assert body["modifier_25"] is True
