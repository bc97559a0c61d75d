"""`revcycle x12 parse | validate | ack` on hand-made files."""

from __future__ import annotations

import json

from typer.testing import CliRunner
from x12_samples import REMIT_835

from revcycle.cli.main import app

runner = CliRunner()


def test_parse_prints_type_counts_and_totals(tmp_path):
    # given
    path = tmp_path / "remit.835"
    path.write_text(REMIT_835)
    # when
    result = runner.invoke(app, ["x12", "parse", str(path)])
    # then
    assert result.exit_code == 0
    assert "type=835" in result.stdout
    assert "claims=1" in result.stdout
    assert "total_paid_bpr02=80" in result.stdout


def test_parse_json_gives_the_loop_tree(tmp_path):
    # given
    path = tmp_path / "remit.835"
    path.write_text(REMIT_835)
    # when
    result = runner.invoke(app, ["x12", "parse", str(path), "--json"])
    # then
    tree = json.loads(result.stdout)["transactions"][0]["tree"]
    assert [loop["loop"] for loop in tree["loops"]] == ["1000A", "1000B", "2000"]
    assert tree["loops"][2]["loops"][0]["segments"][0][:2] == ["CLP", "CLAIM-1"]


def test_validate_exits_1_with_located_errors(tmp_path):
    # given
    path = tmp_path / "bad.835"
    path.write_text(REMIT_835.replace("CLP*CLAIM-1*1*", "CLP*CLAIM-1*99*"))
    # when
    result = runner.invoke(app, ["x12", "validate", str(path), "--json"])
    # then
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == ["segment 13 (CLP): CLP02 '99' is not a valid code here"]


def test_ack_writes_a_999_rejecting_the_bad_transaction(tmp_path):
    # given
    path, out = tmp_path / "bad.835", tmp_path / "999.x12"
    path.write_text(REMIT_835.replace("CLP*CLAIM-1*1*", "CLP*CLAIM-1*99*"))
    # when
    result = runner.invoke(app, ["x12", "ack", str(path), "--out", str(out), "--sender", "CLINIC"])
    # then
    assert result.exit_code == 0
    lines = out.read_text().splitlines()
    assert [line for line in lines if line[:3] in ("IK3", "IK4", "IK5", "AK9")] == [
        "IK3*CLP*11*2100*8~",
        "IK4*2*1029*7*99~",
        "IK5*R*5~",
        "AK9*R*1*1*0~",
    ]


def test_a_missing_file_is_a_one_line_error_with_exit_2(tmp_path):
    # when
    result = runner.invoke(app, ["x12", "parse", str(tmp_path / "nope.x12")])
    # then
    assert result.exit_code == 2
