"""`revcycle codes search`: JSON and table output, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from revcycle.cli.codes import app

runner = CliRunner()


def test_search_json_lists_hits_with_path_source_and_release():
    # when
    result = runner.invoke(app, ["search", "aspiration pneumonia", "--dos", "2025-06-01", "--limit", "2", "--json"])
    # then
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["release"] == "FY2025 (April 1 2025 update), serves 2024-10-01..2025-09-30"
    first = payload["hits"][0]
    assert (first["code"], first["path"], first["source"], first["billable"]) == (
        "J69.0", "Aspiration > pneumonia", "index", True,
    )
    assert len(payload["hits"]) == 2


def test_search_table_shows_the_7th_character_note():
    # when
    result = runner.invoke(app, ["search", "acetaminophen poisoning accidental", "--dos", "2025-06-01", "--limit", "1"])
    # then
    assert result.exit_code == 0
    assert "T39.1X1" in result.stdout
    assert "T39.1X1: add a 7th character: A initial encounter, D subsequent encounter, S sequela" in result.stdout


def test_search_exit_codes_for_nothing_found_and_for_a_bad_system():
    # when
    nothing = runner.invoke(app, ["search", "zzqx", "--dos", "2025-06-01"])
    bad_system = runner.invoke(app, ["search", "pneumonia", "--system", "icd9", "--dos", "2025-06-01"])
    # then
    assert nothing.exit_code == 1
    assert "no codes found" in nothing.stdout
    assert bad_system.exit_code == 2
    assert "unknown code system 'icd9'" in bad_system.output


def test_search_json_says_how_each_typed_word_was_read():
    # when
    result = runner.invoke(app, ["search", "fx radius pnuemonia zzqx", "--dos", "2025-06-01", "--json"])
    # then
    assert json.loads(result.stdout)["read_as"] == [
        "fracture: exact -> fracture",
        "radius: exact -> radius",
        "pnuemonia: fuzzy -> pneumonia",
        "zzqx: ignored (not in the index)",
    ]
