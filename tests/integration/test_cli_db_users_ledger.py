"""`revcycle db upgrade`, `users add`, `ledger balance` and `ledger trial-balance` on a temp SQLite file."""

import json

from practice_rows import claim_row, patient
from services_setup import NOW
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.practice import Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.store import UnitOfWork, head_revision, make_engine

runner = CliRunner()


def _upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["db", "upgrade", "--database-url", url, "--json"])
    assert result.exit_code == 0, result.output
    return url, json.loads(result.stdout)


def _add_root(url):
    result = runner.invoke(
        app,
        ["users", "add", "root", "--role", "admin", "--password", "long enough pw", "--database-url", url],
    )
    assert result.exit_code == 0, result.output


def _post_story(url):
    engine = make_engine(url)

    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.acting_user(uow(), "root")
    payer = practice.add_payer(uow(), admin, Payer("87726", "Synthetic Health", "CI", 90))
    patient_id = patients.register_patient(uow(), admin, patient(1)).id
    with uow() as unit:
        claim_id = claim_row(unit, patient_id, payer.id)  # claim 1 (journal_lines.claim_id is a foreign key)
    ref = ChargeRef(patient_id, claim_id=claim_id)
    ledger.post_charge(uow(), admin, "c", ref, 15000, payer_id=payer.id)
    ledger.post_insurance_payment(uow(), admin, "p", ref, payer.id, 8000)
    ledger.transfer_to_patient(uow(), admin, "t", ref, payer.id, 3000)
    return patient_id


def _story_database(tmp_path):
    """An upgraded database with the admin root and the posted story; its url and the patient's id."""
    url, _ = _upgraded(tmp_path)
    _add_root(url)
    return url, _post_story(url)


def test_db_upgrade_creates_the_schema_and_status_reports_head(tmp_path):
    url, upgraded = _upgraded(tmp_path)
    assert upgraded["revision"] == head_revision()
    status = runner.invoke(app, ["db", "status", "--database-url", url, "--json"])
    assert status.exit_code == 0
    assert json.loads(status.stdout)["head"] == head_revision()
    # upgrading again is a no-op
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0


def test_db_status_on_an_empty_database_exits_1(tmp_path):
    result = runner.invoke(app, ["db", "status", "--database-url", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 1
    assert f"revision none, head {head_revision()}" in result.stdout


def test_users_add_reads_the_password_from_option_or_stdin(tmp_path):
    url, _ = _upgraded(tmp_path)
    by_option = runner.invoke(
        app,
        ["users", "add", "root", "--role", "admin", "--password", "long enough pw", "--database-url", url],
    )
    assert by_option.exit_code == 0, by_option.output
    assert by_option.stdout.strip() == "added user root (admin), id 1"
    by_stdin = runner.invoke(
        app, ["users", "add", "bea", "--role", "BILLER", "--database-url", url], input="another long pw\n"
    )
    assert by_stdin.exit_code == 0, by_stdin.output
    assert users.authenticate(UnitOfWork(make_engine(url)), "bea", "another long pw").role.value == "biller"


def test_users_add_errors_are_one_line_with_exit_2(tmp_path):
    url, _ = _upgraded(tmp_path)
    args = ["users", "add", "root", "--role", "admin", "--password", "long enough pw", "--database-url", url]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.stderr == "error: [conflict] user root already exists\n"
    bad_role = runner.invoke(app, ["users", "add", "x1", "--role", "janitor", "--password", "long enough pw"])
    assert bad_role.exit_code == 2


def test_ledger_balance_and_trial_balance(tmp_path):
    # given a database with an admin and a posted story ($150 charge, $80 paid, $30 to the patient)
    url, patient_id = _story_database(tmp_path)
    # when the balance is asked for as JSON
    args = ["ledger", "balance", "--patient", str(patient_id), "--user", "root", "--database-url", url]
    result = runner.invoke(app, [*args, "--json"])
    # then insurance still owes $40 and the patient $30
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "patient_id": 1,
        "insurance_cents": 4000,
        "patient_cents": 3000,
        "unapplied_cents": 0,
        "total_cents": 7000,
    }
    trial = runner.invoke(
        app, ["ledger", "trial-balance", "--database-url", url, "--json"], env={"REVCYCLE_USER": "root"}
    )
    assert json.loads(trial.stdout) == {
        "accounts": {
            "cash": 8000,
            "insurance_ar:payer=1": 4000,
            "patient_ar:patient=1": 3000,
            "revenue": -15000,
        },
        "total_cents": 0,
    }
    table = runner.invoke(app, ["ledger", "trial-balance", "--database-url", url, "--user", "root"])
    assert "insurance_ar:payer=1" in table.stdout and "$150.00" in table.stdout


def test_ledger_balance_needs_a_known_user_and_patient(tmp_path):
    url, _ = _upgraded(tmp_path)
    ghost = runner.invoke(
        app, ["ledger", "balance", "--patient", "1", "--user", "ghost", "--database-url", url]
    )
    assert ghost.exit_code == 2
    assert "no active user 'ghost'" in ghost.stderr
    _add_root(url)
    missing = runner.invoke(
        app, ["ledger", "balance", "--patient", "5", "--user", "root", "--database-url", url]
    )
    assert (missing.exit_code, missing.stderr) == (2, "error: [not_found] unknown patient 5\n")


def test_without_a_url_the_database_is_a_sqlite_file_in_the_user_data_dir(tmp_path):
    # given no REVCYCLE_DATABASE_URL and a data dir under tmp
    env = {"REVCYCLE_DATABASE_URL": None, "XDG_DATA_HOME": str(tmp_path / "data")}
    # when the database is upgraded
    result = runner.invoke(app, ["db", "upgrade", "--json"], env=env)
    # then it is <data dir>/revcycle/revcycle.db
    expected = tmp_path / "data" / "revcycle" / "revcycle.db"
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["database"] == f"sqlite:///{expected}"
    assert expected.is_file()


def test_ledger_verify_reports_ok(tmp_path):
    url, _ = _story_database(tmp_path)
    result = runner.invoke(app, ["ledger", "verify", "--user", "root", "--database-url", url, "--json"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"ok": True, "findings": []})


def test_ledger_journal_lists_a_patients_entries(tmp_path):
    url, patient_id = _story_database(tmp_path)
    args = ["ledger", "journal", "--patient", str(patient_id), "--user", "root", "--database-url", url]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    assert [(e["id"], e["kind"], e["idempotency_key"]) for e in entries] == [
        (1, "charge", "c"),
        (2, "insurance_payment", "p"),
        (3, "transfer", "t"),
    ]
    assert entries[2]["lines"] == [
        {"account": "patient_ar:patient=1", "amount_cents": 3000, "claim_id": 1, "service_line_id": None},
        {"account": "insurance_ar:payer=1", "amount_cents": -3000, "claim_id": 1, "service_line_id": None},
    ]
    table = runner.invoke(
        app, ["ledger", "journal", "--patient", str(patient_id), "--user", "root", "--database-url", url]
    )
    assert table.exit_code == 0
    assert "$150.00" in table.stdout and "$80.00" in table.stdout
