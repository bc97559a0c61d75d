"""`revcycle setup import / export / fees` on a temp SQLite file: the example practice imported twice (the
second changes nothing), a bad file (exit 2, located errors, nothing lost), a fee CSV with a changed fee,
an export read back unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from revcycle.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'setup.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    added = runner.invoke(app, ["users", "add", "root", "--role", "admin", "--password", "a long enough password",
                                "--database-url", url])  # fmt: skip
    assert added.exit_code == 0, added.output
    return url


def _run(url: str, *args: str):
    return runner.invoke(app, ["setup", *args, "--user", "root", "--database-url", url])


def test_setup_import_loads_the_example_then_changes_nothing_and_a_bad_file_loses_nothing(tmp_path):
    # given an empty database and the example practice
    url = _database(tmp_path)
    first = _run(url, "import", str(EXAMPLES / "practice.yaml"), "--json")
    # then the first import adds the whole practice, with a one-time password per new user
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["added"] == {"billing_provider": 1, "rendering_provider": 3, "referring_provider": 2, "facility": 3,
                               "payer": 4, "plan": 3, "user": 4}  # fmt: skip
    assert report["fees"] == {"added": 39, "ended": 0, "unchanged": 0}
    assert sorted(report["new_users"]) == ["audra", "bea", "carlos", "dana"]
    # when it is imported again
    again = _run(url, "import", str(EXAMPLES / "practice.yaml"))
    # then nothing changes
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == "nothing changed: the database already holds this set-up"
    # when a copy with a broken NPI and a changed fee is imported
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copy(EXAMPLES / "fees.csv", broken / "fees.csv")
    (broken / "fees.csv").write_text(
        (EXAMPLES / "fees.csv").read_text().replace("99213,,110.00,2026-01-01", "99213,,115.00,2026-07-01")
    )
    text = (EXAMPLES / "practice.yaml").read_text().replace('npi: "1987654328"', 'npi: "1987654320"')
    (broken / "practice.yaml").write_text(text)
    refused = _run(url, "import", str(broken / "practice.yaml"))
    # then it exits 2 naming the line, and the changed fee was not loaded either
    assert refused.exit_code == 2
    assert "practice.yaml:23: rendering_providers[0]: invalid NPI '1987654320'" in refused.output
    shown = _run(url, "fees", "show", "99213", "--dos", "2026-08-03")
    assert shown.stdout == "99213: $110.00 (from 2026-01-01, Standard)\n"


def test_a_fee_csv_with_a_changed_fee_adds_a_version_and_the_export_reads_back_unchanged(tmp_path):
    # given the example practice loaded
    url = _database(tmp_path)
    assert _run(url, "import", str(EXAMPLES / "practice.yaml")).exit_code == 0
    # when a fee CSV raising 99213 from July is imported on its own
    july = tmp_path / "july.csv"
    july.write_text(
        "code,modifier,amount,effective_from\n99213,,115.00,2026-07-01\n83036,,40.00,2026-07-01\n"
    )
    imported = _run(url, "fees", "import", str(july))
    # then 99213 gets a new version (83036 is already $40.00) and each date of service has its fee
    assert imported.stdout == "Standard: 1 fee versions added, 1 ended, 1 unchanged\n"
    assert _run(url, "fees", "show", "99213", "--dos", "2026-06-30").stdout == (
        "99213: $110.00 (from 2026-01-01 until 2026-06-30, Standard)\n"
    )
    assert (
        _run(url, "fees", "show", "99213", "--dos", "2026-07-01").stdout
        == "99213: $115.00 (from 2026-07-01, Standard)\n"
    )
    # and the fee export has both versions
    exported_fees = _run(url, "fees", "export")
    assert "99213,,110.00,2026-01-01,2026-06-30\n99213,,115.00,2026-07-01,\n" in exported_fees.stdout
    # when the whole practice is exported to a file and imported back
    out = tmp_path / "export.yaml"
    assert _run(url, "export", "--out", str(out)).exit_code == 0
    back = _run(url, "import", str(out), "--json")
    # then nothing changes
    report = json.loads(back.stdout)
    assert (report["added"], report["changed"], report["fees"]["added"], report["contracts_changed"]) == (
        {},
        {},
        0,
        0,
    )


def test_a_missing_file_or_code_is_one_line_and_exit_2(tmp_path):
    url = _database(tmp_path)
    missing = _run(url, "import", str(tmp_path / "nowhere.yaml"))
    assert (missing.exit_code, missing.output.count("\n")) == (2, 1)
    assert "cannot read" in missing.output and "Traceback" not in missing.output
    unknown = _run(url, "fees", "show", "99213", "--dos", "2026-03-04")
    assert unknown.exit_code == 2
    assert unknown.output == "error: [not_found] no fee schedule named 'Standard'\n"
